"""The allow-list: a site holds exactly the files the build meant to write.

Every writer of the build records the path it writes (pages, open data, search
files, templates, charts, feeds) and Pelican's own output is recorded from its
``content_written`` signal and the theme's static folder. Before the swap, any
other file in staging (a stray draft, a file a misconfigured setting copied in)
or any recorded file that is missing fails the build, so nothing is published
that no one decided to publish.
"""

from __future__ import annotations

import os
from pathlib import Path

# Files every site must hold, whatever the data.
REQUIRED = frozenset({"index.html", "404.html", "data/entries.csv", "data/datapackage.json", "search/meta.json", "theme/js/lunr.min.js"})


class UnexpectedFilesError(Exception):
    """The staging folder does not hold exactly the files the build recorded."""


class WrittenFiles:
    """Paths, relative to the site root, that the build means to publish.

    ``clear`` and ``compressed`` are what was settled while a file's final bytes
    were in hand, so that the checks need not read them back (at 1,000,000
    entries the site is 20.5 GB, more than the page cache holds): ``clear`` the
    files ``leaks.clear_of_runs`` passed, ``compressed`` those whose ``.gz`` was
    written from the same bytes. Any later ``add`` of a path (a write by anyone
    else) takes it out of both, so an overwritten file is checked and
    compressed again from what is on disk.
    """

    def __init__(self) -> None:
        self.paths: set[str] = set()
        self.clear: set[str] = set()
        self.compressed: set[str] = set()

    def add(self, path: str) -> None:
        path = path.lstrip("/")
        self.paths.add(path)
        self.clear.discard(path)
        self.compressed.discard(path)

    def add_checked(self, path: str, clear: bool, compressed: bool = False) -> None:
        """Record ``path``, written by the build itself, with what was settled on its bytes as they were written."""
        self.add(path)
        if clear:
            self.clear.add(path)
        if compressed:
            self.compressed.add(path)

    def add_under(self, root: Path, path: str | Path) -> None:
        """Record an absolute ``path`` inside the site folder ``root``."""
        self.add(Path(path).resolve().relative_to(root.resolve()).as_posix())

    def add_tree(self, source: Path, target: str) -> None:
        """Record every file that a copy of the folder ``source`` to ``target`` makes."""
        for found in source.rglob("*"):
            if found.is_file():
                self.add(f"{target}/{found.relative_to(source).as_posix()}")


def files_in(folder: Path) -> list[str]:
    """Every file (and link) under ``folder``, relative and sorted, from one walk without a stat per file.

    The staging tree of a large site holds a million files; the allow-list and
    the leak check share this one listing instead of walking it twice.
    """
    found: list[str] = []
    for top, _, names in os.walk(folder):
        base = Path(top).relative_to(folder)
        found.extend((base / name).as_posix() for name in names)
    return sorted(found)


def check_written(staging: Path, written: WrittenFiles) -> list[str]:
    """Raise UnexpectedFilesError unless staging holds exactly the recorded files (and the required ones); return them."""
    listed = files_in(staging)
    actual = set(listed)
    unexpected = sorted(actual - written.paths)
    missing = sorted((written.paths | REQUIRED) - actual)
    problems = []
    if unexpected:
        problems.append(f"{len(unexpected)} 个文件不在构建的发布清单上：{'、'.join(unexpected[:10])}")
    if missing:
        problems.append(f"{len(missing)} 个应发布的文件没有生成：{'、'.join(missing[:10])}")
    if problems:
        raise UnexpectedFilesError("；".join(problems) + "。网站保持原样。")
    return listed
