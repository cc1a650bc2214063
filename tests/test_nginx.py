"""deploy/nginx.conf as the public server runs it: Debian's nginx over a built site, real requests.

The golden data are built once into tmp_path; nginx starts on 127.0.0.1 (a
free port) with a minimal main configuration that includes deploy/nginx.conf
with only its ``listen`` and ``root`` lines replaced. Then: each page and file
comes back byte for byte, gzipped exactly as the build's ``.gz`` copy when the
browser accepts gzip; text types say ``charset=utf-8``; Pyodide's modules are
JavaScript and its wasm ``application/wasm``; the CSP header is the one the
page's own ``<meta>`` says; pages are kept 5 minutes, search files revalidated
(304 on an unchanged ETag), Pyodide kept a day; an unknown path gets the site's
404 page with status 404.
"""

from __future__ import annotations

import gzip
import http.client
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tools.make_golden import build

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "nginx.conf"
LISTEN, SITE_ROOT = "listen 80;", "root /srv/credit/site;"
META_CSP = re.compile(rb'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
MAIN = """{user}worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/site.conf;
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def site_config(site: Path, port: int) -> str:
    """deploy/nginx.conf with its listen and root lines (each exactly once) pointed at the test's site."""
    text = CONFIG.read_text(encoding="utf-8")
    assert text.count(LISTEN) == 1 and text.count(SITE_ROOT) == 1, "deploy/nginx.conf: listen and root lines changed"
    return text.replace(LISTEN, f"listen 127.0.0.1:{port};").replace(SITE_ROOT, f"root {site};")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("nginx-site")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("CREDIT_SUBJECT_KEY", raising=False)
        build(folder)
    return folder / "output"


@pytest.fixture(scope="module")
def server(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """nginx over ``site``: (host, port); fails (not skips) without Debian's nginx, which ``make setup`` installs."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(binary).is_file(), "nginx is missing: make setup installs Debian's nginx-light"
    prefix, port = tmp_path_factory.mktemp("nginx"), free_port()
    (prefix / "site.conf").write_text(site_config(site, port), encoding="utf-8")
    user = "user root;\n" if os.geteuid() == 0 else ""  # as root (CI), workers would drop to nobody, who cannot read tmp_path
    (prefix / "main.conf").write_text(MAIN.format(user=user, prefix=prefix), encoding="utf-8")
    process = subprocess.Popen([binary, "-c", str(prefix / "main.conf"), "-p", str(prefix), "-g", "daemon off;"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_for(port, process)
        yield "127.0.0.1", port
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_for(port: int, process: subprocess.Popen[bytes]) -> None:
    for _ in range(100):
        if process.poll() is not None:
            pytest.fail(f"nginx exited: {process.stdout.read().decode() if process.stdout else ''}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    pytest.fail("nginx did not start listening")


def get(server: tuple[str, int], path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(*server, timeout=10)
    try:
        connection.request("GET", path, headers={name.replace("_", "-"): value for name, value in headers.items()})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize(("path", "file", "content_type"), [
    ("/", "index.html", "text/html; charset=utf-8"),
    ("/search/", "search/index.html", "text/html; charset=utf-8"),
    ("/theme/js/engine.js", "theme/js/engine.js", "application/javascript; charset=utf-8"),
    ("/search/store/0.json", "search/store/0.json", "application/json; charset=utf-8"),
    ("/data/entries.csv", "data/entries.csv", "text/csv; charset=utf-8"),
    ("/guide/check/pyodide/pyodide.mjs", "guide/check/pyodide/pyodide.mjs", "application/javascript; charset=utf-8"),
    ("/guide/check/pyodide/pyodide.asm.wasm", "guide/check/pyodide/pyodide.asm.wasm", "application/wasm"),
])
def test_files_come_back_as_built_gzipped_from_their_copy(server: tuple[str, int], site: Path, path: str, file: str,
                                                         content_type: str) -> None:
    plain_status, plain_headers, plain = get(server, path)
    zipped_status, zipped_headers, zipped = get(server, path, Accept_Encoding="gzip")
    assert (plain_status, zipped_status) == (200, 200)
    assert plain == (site / file).read_bytes() and "content-encoding" not in plain_headers
    assert zipped_headers.get("content-encoding") == "gzip" and zipped == (site / f"{file}.gz").read_bytes()
    assert gzip.decompress(zipped) == plain
    assert plain_headers["content-type"] == zipped_headers["content-type"] == content_type
    assert zipped_headers["vary"] == "Accept-Encoding" and zipped_headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(("path", "file"), [("/", "index.html"), ("/search/", "search/index.html"),
                                            ("/guide/check/", "guide/check/index.html")])
def test_the_csp_header_is_the_pages_own(server: tuple[str, int], site: Path, path: str, file: str) -> None:
    found = META_CSP.search((site / file).read_bytes())
    assert found, file
    _, headers, _ = get(server, path)
    assert headers["content-security-policy"].encode() == found.group(1)
    assert ("'wasm-unsafe-eval'" in headers["content-security-policy"]) == path.startswith("/guide/check/")


def test_pages_are_kept_minutes_search_files_revalidated_pyodide_a_day(server: tuple[str, int]) -> None:
    assert get(server, "/")[1]["cache-control"] == "public, max-age=300"
    assert get(server, "/data/")[1]["cache-control"] == "public, max-age=300"
    _, headers, _ = get(server, "/search/meta.json", Accept_Encoding="gzip")
    assert headers["cache-control"] == "no-cache" and headers["etag"]
    status, _, body = get(server, "/search/meta.json", Accept_Encoding="gzip", If_None_Match=headers["etag"])
    assert (status, body) == (304, b"")
    assert get(server, "/guide/check/pyodide/pyodide.asm.wasm")[1]["cache-control"] == "public, max-age=86400"


@pytest.mark.parametrize("path", ["/no/such/page/", "/subject/0000/", "/search/shard/99999.json"])
def test_an_unknown_path_gets_the_sites_404_page(server: tuple[str, int], site: Path, path: str) -> None:
    status, headers, body = get(server, path)
    assert status == 404
    assert body == (site / "404.html").read_bytes()
    assert headers["content-type"] == "text/html; charset=utf-8"
