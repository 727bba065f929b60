"""Fetch one article over http(s) for `kb import`, safely when the address comes from a stranger.

Through the "Gửi bài báo" form the address is typed by anyone and fetched from the CI runner, so:

- only http and https, to a host that resolves to public addresses only (no loopback, private, link-local,
  multicast, reserved or unspecified address, nor one hidden in IPv4-mapped, 6to4, Teredo or NAT64 form); the
  check is made before connecting and again for every redirect (at most MAX_REDIRECTS), and the connection goes
  to the address that was checked, so a second DNS answer cannot lead elsewhere;
- a total deadline for the whole fetch (redirects and reading included: a server sending a byte a second is
  cut off) and a size cap counted while reading, not after;
- one neutral message for every failure of the network (refused address, unknown host, refused connection, HTTP
  error, timeout): a form's comment must not tell "connection refused" from "404" from "timed out", or the form
  becomes a port scanner of the runner's network.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

MAX_REDIRECTS = 5
USER_AGENT = "kb-import/1.0 (+https://github.com/)"


class FetchFailed(Exception):
    """The page could not be fetched; the message is for the contributor, the same for every network failure."""


def neutral(url: str) -> FetchFailed:
    return FetchFailed(f"{url}: không tải được trang (máy chủ không trả lời, trả lời lỗi, quá thời gian chờ, hoặc địa "
                       "chỉ không phải một trang công khai). Mở địa chỉ trong trình duyệt để kiểm tra (trang phải xem "
                       "được mà không cần đăng nhập), hoặc lưu trang thành tệp .html rồi nhập tệp đó.")


def is_public(address: str) -> bool:
    """Whether an IP address is one the whole Internet reaches (ipaddress's `is_global`), looking inside the
    forms that carry an IPv4 address (IPv4-mapped, 6to4, Teredo, NAT64 64:ff9b::/96)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    inner = []
    if ip.version == 6:
        inner = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
        if ip in ipaddress.ip_network("64:ff9b::/96") or ip in ipaddress.ip_network("64:ff9b:1::/48"):
            inner.append(ipaddress.ip_address(int(ip) & 0xFFFFFFFF))
    return ip.is_global and not ip.is_multicast and all(v is None or is_public(str(v)) for v in inner)


Resolver = Callable[[str, int], list[str]]


def resolve(host: str, port: int) -> list[str]:
    return sorted({info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)})


def fetch(url: str, max_bytes: int, timeout: float, total: float, resolver: Resolver | None = None,
          allowed: Callable[[str], bool] | None = None, clock: Callable[[], float] = time.monotonic
          ) -> tuple[bytes, str, str]:
    """(body, Content-Type, final URL) of `url`. Raises FetchFailed: a neutral message for the network, a precise
    one for what the address says (not http/https) or what a public server sent (too large). `resolver` and
    `allowed` default to the system's resolver and `is_public` (tests stand in for them)."""
    resolver, allowed = resolver or resolve, allowed or is_public
    end, asked = clock() + total, url
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise FetchFailed(f"{url}: chỉ nhập được địa chỉ http:// hoặc https:// có tên máy (địa chỉ này bắt đầu "
                              f"bằng '{parts.scheme or '?'}:').")
        if parts.username is not None or parts.password is not None:
            raise FetchFailed(f"{url}: địa chỉ có tên đăng nhập, mật khẩu; chỉ nhập trang công khai.")
        try:
            port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
            host = parts.hostname.encode("idna").decode("ascii")  # 'báo.vn' → 'xn--bo-mia.vn', as the DNS knows it
            addresses = resolver(host, port)
        except (OSError, ValueError, UnicodeError):
            raise neutral(asked) from None
        if not addresses or not all(allowed(address) for address in addresses):
            raise neutral(asked)  # decided before any connection: no probe of the runner's network
        try:
            status, location, body, kind = _get(parts, host, port, addresses[0], max_bytes, timeout, end, clock)
        except (OSError, http.client.HTTPException, ValueError):  # timeouts and TLS errors are OSErrors
            raise neutral(asked) from None
        if status in (301, 302, 303, 307, 308) and location:
            url = urljoin(url, location.strip())
            continue
        if status != 200:
            raise neutral(asked)
        if body is None:
            raise FetchFailed(f"{url}: trang quá lớn (trên {max_bytes // 1024} KiB). Lưu riêng bài báo rồi nhập tệp đó.")
        return body, kind, url
    raise neutral(asked)  # too many redirects


def _get(parts, host: str, port: int, address: str, max_bytes: int, timeout: float, end: float,
         clock: Callable[[], float]) -> tuple[int, str | None, bytes | None, str]:
    """(status, Location, body or None when larger than `max_bytes`, Content-Type) of one GET."""
    kind = _PinnedHTTPS if parts.scheme.lower() == "https" else _PinnedHTTP
    connection = kind(host, port, address, _left(end, clock, timeout))
    try:
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": "text/html, text/plain"})
        response = connection.getresponse()
        if response.status != 200:
            return response.status, response.getheader("Location"), b"", ""
        return 200, None, _read(response, connection, max_bytes, timeout, end, clock), \
            response.getheader("Content-Type", "")
    finally:
        connection.close()


def _left(end: float, clock: Callable[[], float], timeout: float) -> float:
    """Seconds a network operation may wait: the per-operation timeout, within what is left of the deadline."""
    left = end - clock()
    if left <= 0:
        raise TimeoutError
    return min(timeout, left)


def _read(response, connection, max_bytes: int, timeout: float, end: float, clock: Callable[[], float]
          ) -> bytes | None:
    """The body, counted as it arrives: None past `max_bytes`; past the deadline, TimeoutError."""
    chunks, size = [], 0
    while True:
        if connection.sock is not None:
            connection.sock.settimeout(_left(end, clock, timeout))
        chunk = response.read1(min(64 * 1024, max_bytes + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            return None
        if clock() > end:
            raise TimeoutError


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to the address that was checked, whatever the host name resolves to now."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to the checked address; the certificate is still checked against the host name (SNI)."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self) -> None:
        raw = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)
