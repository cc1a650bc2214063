"""A local preview of the built site, as the public server would answer: the
site's own 404 page (with status 404) for any path it does not have.

``make serve`` runs it on http://127.0.0.1:8000/ over ``output/``. Python's
``http.server`` alone answers unknown paths with its own English error page.
"""

from __future__ import annotations

import argparse
import functools
import http.server
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files of one folder; its ``404.html`` for anything missing."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def server(directory: Path, host: str = "127.0.0.1", port: int = 8000) -> http.server.ThreadingHTTPServer:
    return http.server.ThreadingHTTPServer((host, port), functools.partial(SiteHandler, directory=str(directory)))


def main() -> None:
    args = argparse.ArgumentParser(description="本地预览构建好的网站（未知地址显示网站自己的 404 页）")
    args.add_argument("--directory", type=Path, default=ROOT / "output", help="网站文件夹（默认 output/）")
    args.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    options = args.parse_args()
    with server(options.directory, port=options.port) as running:
        print(f"http://127.0.0.1:{options.port}/ （Ctrl+C 结束）")
        running.serve_forever()


if __name__ == "__main__":
    main()
