"""Precompressed copies of the site's text files, for a server that sends them as they are.

nginx's ``gzip_static`` (deploy/nginx.conf) answers a request for
``subject/…/index.html`` from ``index.html.gz`` when the browser accepts gzip,
so no request costs the server a compression, and a CDN or object store can
serve the same bytes with ``Content-Encoding: gzip``. Only files of
``settings.PRECOMPRESS_SUFFIXES`` at or above ``settings.PRECOMPRESS_MIN_BYTES``
get a copy: below that a gzip header costs more than it saves, and zips
(xlsx, whl) are compressed already.

A copy is made from the same bytes the leak check passed: by the render
worker that wrote a page its prefilter cleared (``render.PageRenderer``), for
every other file here, after the check. The gzip header's time is zero, so the same site gives
the same ``.gz`` bytes (byte-identical rebuilds stay byte-identical). Pyodide's
runtime, copied unchanged into every build, is compressed once per content
(``settings.PRECOMPRESS_CACHE``): its 9.6 MB wasm takes 0.9 s, in each of the
tests' fifty builds.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from collections.abc import Collection
from pathlib import Path

from creditlists import settings
from creditlists.parallel import parallel_map


def compressible(name: str, size: int) -> bool:
    """Whether ``name`` (of ``size`` bytes) gets a ``.gz`` copy."""
    return size >= settings.PRECOMPRESS_MIN_BYTES and Path(name).suffix.lower() in settings.PRECOMPRESS_SUFFIXES


def precompress(folder: Path, names: list[str], done: Collection[str] = ()) -> int:
    """Write ``<name>.gz`` beside every compressible file of ``names`` (relative to ``folder``); return how many.

    ``done`` are names whose copy was written from their final bytes already (the render workers'
    clear pages, ``allowlist.WrittenFiles.compressed``).
    """
    candidates = [name for name in names if Path(name).suffix.lower() in settings.PRECOMPRESS_SUFFIXES and name not in done]
    parts = settings.LEAK_SCAN_PARTS
    groups = [candidates[i::parts] for i in range(parts)]
    large = len(candidates) >= settings.LEAK_SCAN_PARALLEL_FILES
    return sum(parallel_map(lambda group: _compress(folder, group), groups, large))


def _compress(folder: Path, names: list[str]) -> int:
    written = 0
    for name in names:
        path = folder / name
        content = path.read_bytes()
        if not compressible(name, len(content)):
            continue
        packed = _cached(content) if name.startswith(settings.PRECOMPRESS_CACHED_UNDER) else gzip_bytes(content)
        path.with_name(f"{path.name}.gz").write_bytes(packed)
        written += 1
    return written


def gzip_bytes(content: bytes) -> bytes:
    """The ``.gz`` copy's bytes: the same for the same content (no time in the header)."""
    return gzip.compress(content, compresslevel=settings.PRECOMPRESS_LEVEL, mtime=0)


def _cached(content: bytes) -> bytes:
    """``gzip_bytes(content)``, kept in the cache folder under the content's hash (written whole or not at all)."""
    folder = settings.PRECOMPRESS_CACHE
    kept = folder / f"{hashlib.sha256(content).hexdigest()}-{settings.PRECOMPRESS_LEVEL}.gz"
    if kept.is_file():
        return kept.read_bytes()
    packed = gzip_bytes(content)
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(packed)
    os.replace(temporary, kept)
    return packed
