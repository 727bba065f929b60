"""`kb import URL` when the address comes from a stranger (the "Gửi bài báo" form): only public addresses, checked
before connecting and after every redirect; one neutral message for every network failure; a deadline for the whole
fetch and a size cap counted while reading. Every server here is local: the tests never leave the machine."""

from __future__ import annotations

import http.server
import socket
import threading
import time
from contextlib import contextmanager

import pytest
from kb.intake.article import fetch
from kb.intake.article.read import ImportProblem, fetch_url

LOCAL = "127.0.0.1"


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict = {}
    seen: list = []

    def do_GET(self):  # noqa: N802 - the name http.server calls
        self.seen.append((self.path, self.headers.get("Host")))
        self.routes.get(self.path, _not_found)(self)

    def log_message(self, *args):
        pass


def _not_found(handler):
    handler.send_response(404)
    handler.end_headers()


def _page(body: bytes, kind: str = "text/html; charset=utf-8"):
    def answer(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", kind)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
    return answer


def _redirect(target: str):
    def answer(handler):
        handler.send_response(302)
        handler.send_header("Location", target)
        handler.end_headers()
    return answer


def _stream(chunk: bytes, times: int, pause: float):
    """A page with no length, sent as `times` chunks `pause` seconds apart (bounded, so a broken deadline or cap
    ends the test instead of hanging it or filling the memory)."""
    def answer(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        for _ in range(times):
            try:
                handler.wfile.write(chunk)
                handler.wfile.flush()
            except OSError:
                return
            time.sleep(pause)
    return answer


_drip = _stream(b"x", 200, 0.05)  # each read is quick, the whole never ends in time (ten seconds)
_endless = _stream(b"<p>" + b"a" * 65533, 128, 0)  # 8 MiB with no Content-Length


@contextmanager
def server(routes: dict, address: str = LOCAL):
    handler = type("Handler", (_Handler,), {"routes": routes, "seen": []})
    httpd = http.server.ThreadingHTTPServer((address, 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://{address}:{httpd.server_port}", handler.seen
    finally:
        httpd.shutdown()
        httpd.server_close()


ONLY_LOCAL = {"allowed": lambda address: address == LOCAL}  # this machine plays the public Internet


def _message(url: str, **network) -> str:
    with pytest.raises(ImportProblem) as raised:
        fetch_url(url, **network)
    return str(raised.value)


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                                     "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1",
                                     "::ffff:10.0.0.1", "2002:7f00:1::", "64:ff9b::a00:1", "224.0.0.1", "ff02::1",
                                     "240.0.0.1", "255.255.255.255", "not-an-address"])
def test_addresses_that_are_not_public(address):
    assert not fetch.is_public(address)


@pytest.mark.parametrize("address", ["1.1.1.1", "203.162.4.190", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses(address):
    assert fetch.is_public(address)


@pytest.mark.parametrize("spelled", ["{base}/", "http://localhost:{port}/", "http://[::1]:{port}/",
                                     "http://2130706433:{port}/", "http://0x7f.1:{port}/", "http://127.1:{port}/"])
def test_loopback_in_any_spelling_is_refused_before_connecting(spelled):
    with server({"/": _page(b"<title>Trang quan tri noi bo</title>")}) as (base, seen):
        port = base.rsplit(":", 1)[1]
        message = _message(spelled.format(base=base, port=port))
    assert seen == [] and "không tải được trang" in message and "Trang quan tri" not in message


def test_a_redirect_to_an_internal_address_is_refused_before_following_it():
    with server({"/": _page(b"<title>noi bo</title>")}, address="127.0.0.2") as (inside, inside_seen), \
            server({"/bai": _redirect(inside + "/")}) as (outside, outside_seen):
        message = _message(outside + "/bai", **ONLY_LOCAL)
    assert [path for path, _ in outside_seen] == ["/bai"] and inside_seen == []
    assert "không tải được trang" in message


@pytest.mark.parametrize("target", ["ftp://example.org/bai.html", "file:///etc/passwd", "gopher://127.0.0.1:70/"])
def test_a_redirect_to_another_scheme_is_refused(target):
    with server({"/bai": _redirect(target)}) as (base, _):
        message = _message(base + "/bai", **ONLY_LOCAL)
    assert "chỉ nhập được địa chỉ http:// hoặc https://" in message


def test_every_network_failure_reads_the_same():
    """Refused connection, HTTP error, silence, refused address: one message, so that answers to a form cannot
    be used to map the runner's network."""
    closed = socket.socket()
    closed.bind((LOCAL, 0))
    closed_port = closed.getsockname()[1]
    closed.close()  # nothing listens there: connection refused
    silent = socket.socket()
    silent.bind((LOCAL, 0))
    silent.listen()  # accepts, never answers
    try:
        with server({}) as (base, _):
            messages = {
                "refused": _message(f"http://{LOCAL}:{closed_port}/a", **ONLY_LOCAL),
                "404": _message(f"{base}/a", **ONLY_LOCAL),
                "timeout": _message(f"http://{LOCAL}:{silent.getsockname()[1]}/a", timeout=0.5, **ONLY_LOCAL),
                "private": _message(f"{base}/a"),
                "unknown host": _message("http://khong-co-may-nay.invalid/a"),
            }
    finally:
        silent.close()
    texts = {name: message.split(": ", 1)[1] for name, message in messages.items()}
    assert len(set(texts.values())) == 1, texts


def test_a_slow_server_is_cut_off_at_the_deadline_of_the_whole_fetch():
    """Every read is quick, so a timeout per read never fires; the deadline of the whole fetch does. The clock is
    the test's own: each look at it is a second later."""
    ticks = iter(range(10**6))
    with server({"/": _drip}) as (base, _):
        message = _message(base + "/", total=5, clock=lambda: float(next(ticks)), **ONLY_LOCAL)
    assert "không tải được trang" in message
    assert next(ticks) < 20  # stopped after a few reads, long before the two hundred the server sends


def test_the_size_cap_is_counted_while_reading():
    with server({"/": _endless}) as (base, _):
        message = _message(base + "/", max_bytes=100_000, **ONLY_LOCAL)
    assert "trang quá lớn (trên 97 KiB)" in message


def test_the_connection_goes_to_the_address_that_was_checked():
    """The name is resolved once and checked; the request goes to that address with the name as Host (a second DNS
    answer cannot lead elsewhere), and a name that resolves to any non-public address is refused."""
    with server({"/bai": _page("<p>Bài báo</p>".encode())}) as (base, seen):
        port = int(base.rsplit(":", 1)[1])
        raw, is_html = fetch_url(f"http://bao.example:{port}/bai", resolver=lambda host, p: [LOCAL], **ONLY_LOCAL)
        assert raw == "<p>Bài báo</p>".encode() and is_html
        assert seen == [("/bai", f"bao.example:{port}")]
        message = _message(f"http://bao.example:{port}/bai", resolver=lambda host, p: [LOCAL, "10.0.0.7"], **ONLY_LOCAL)
    assert "không tải được trang" in message and len(seen) == 1


def test_an_internationalised_host_name_is_resolved_as_the_dns_knows_it():
    asked = []

    def resolver(host, port):
        asked.append(host)
        return [LOCAL]
    with server({"/bai": _page("<p>Bài báo</p>".encode())}) as (base, seen):
        port = int(base.rsplit(":", 1)[1])
        fetch_url(f"http://báo.example:{port}/bai", resolver=resolver, **ONLY_LOCAL)
    assert asked == ["xn--bo-mia.example"] and seen == [("/bai", f"xn--bo-mia.example:{port}")]


def test_too_many_redirects_end():
    with server({"/a": _redirect("/b"), "/b": _redirect("/a")}) as (base, seen):
        message = _message(base + "/a", **ONLY_LOCAL)
    assert "không tải được trang" in message and len(seen) == fetch.MAX_REDIRECTS + 1
