"""The preview's HTTP server on 127.0.0.1: pages, the status of the last rebuild, the preview script and the
review page of the drafts (kb.serve.review)."""

from __future__ import annotations

import http.server
import json
import urllib.parse
from pathlib import Path

from kb.generate.search.index import INDEX_DIR
from kb.serve.review import REVIEW_PATH, STYLE, STYLE_PATH, review_page

STATUS_PATH = "/__kb/status.json"
SCRIPT_PATH = "/__kb/preview.js"


# the script every served HTML page gets (it polls STATUS_PATH, which the script names itself)
_SCRIPT = (Path(__file__).with_name("preview.js")).read_bytes()


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    preview = None  # the kb.serve.preview.Preview this handler answers for (set by Preview.start)

    def log_message(self, format, *args) -> None:  # noqa: A002 — quiet: the terminal is for diagnostics
        pass

    def do_GET(self) -> None:
        route = self.path.split("?", 1)[0]
        if route == STATUS_PATH:
            self._send(200, "application/json; charset=utf-8", json.dumps(self.preview.status()).encode())
        elif route == SCRIPT_PATH:
            self._send(200, "text/javascript; charset=utf-8", _SCRIPT)
        elif route in (REVIEW_PATH, REVIEW_PATH + "/"):
            self._send(200, "text/html; charset=utf-8", self._inject(review_page(self.preview.root,
                                                                                  self.preview.marks())))
        elif route == STYLE_PATH:
            self._send(200, "text/css; charset=utf-8", STYLE)
        elif route.startswith(f"/{INDEX_DIR}/"):
            self.directory = str(self.preview.root / "docs")
            super().do_GET()
        else:
            dest = urllib.parse.unquote(route).lstrip("/")
            if not dest or dest.endswith("/"):
                dest += "index.html"
            elif self.preview.live.ensure(dest + "/index.html"):
                self.send_response(301)
                self.send_header("Location", route + "/")
                self.end_headers()
                return
            try:
                self.preview.live.ensure(dest)
            except Exception as error:  # noqa: BLE001 — a page MkDocs cannot build: say so, keep serving
                self._send(500, "text/plain; charset=utf-8", f"Không dựng được trang này: {error}".encode())
                return
            target = Path(self.translate_path(route))
            if target.is_dir():
                if not route.endswith("/"):
                    self.send_response(301)
                    self.send_header("Location", route + "/")
                    self.end_headers()
                    return
                target = target / "index.html"
            if target.suffix == ".html" and target.is_file():
                self._send(200, "text/html; charset=utf-8", self._inject(target.read_bytes()))
            elif target.is_file():
                super().do_GET()
            else:
                missing = Path(self.directory) / "404.html"
                body = missing.read_bytes() if missing.is_file() else "Không có trang này.".encode()
                self._send(404, "text/html; charset=utf-8", self._inject(body))

    @staticmethod
    def _inject(html: bytes) -> bytes:
        tag = f'<script src="{SCRIPT_PATH}" defer></script>'.encode()
        at = html.rfind(b"</body>")
        return html[:at] + tag + html[at:] if at >= 0 else html + tag

    def _send(self, code: int, kind: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


class QuietServer(http.server.ThreadingHTTPServer):
    """A browser that closes a connection early is not an error worth a traceback in the terminal."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass
