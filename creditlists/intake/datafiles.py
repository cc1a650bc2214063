"""Which files under the data folder may be read, and how they are named to people.

Every file the build reads under ``data/`` (submissions, matter lists, usage
reports, templates, vocabularies, the register) must be a regular file inside
the data folder once links are resolved: a link to ``/etc/passwd`` must never
be read, let alone copied into the public site. A file reached twice (through
a link, or a hard link) is read once, so no row is counted twice.
"""

from __future__ import annotations

import os
from pathlib import Path

from creditlists.intake.problems import Problem, problem


class DataFolderError(Exception):
    """The data folder itself is unusable: the build must stop, not publish less."""


def printable(name: str) -> str:
    """A file name as text, whatever bytes it was made of."""
    return os.fsencode(name).decode("utf-8", "replace")


def shown_path(data_dir: Path, path: Path) -> str:
    """A path as the department knows it: relative to the data folder, with slashes."""
    try:
        return printable(path.absolute().relative_to(data_dir.absolute()).as_posix())
    except ValueError:
        try:
            return printable(path.resolve().relative_to(data_dir.resolve()).as_posix())
        except ValueError:
            return printable(str(path))


def path_problem(data_dir: Path, path: Path) -> Problem | None:
    """Why a file in the data folder must not be read, or None.

    Links are followed only while they stay inside the data folder; a name with
    ``..`` or bytes that are not UTF-8 is refused before anything opens it.
    """
    name = printable(path.name)
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:
        return problem("bad-file-name", name=name)
    if ".." in path.name:
        return problem("unsafe-path", name=name, reason="的名称含“..”")
    resolved = path.resolve()
    if not resolved.is_relative_to(data_dir.resolve()):
        return problem("unsafe-path", name=name, reason="是指向数据文件夹以外的链接")
    if resolved.is_dir():
        return problem("nested-folder", name=name)
    if not resolved.is_file():
        return problem("unsafe-path", name=name, reason="不是普通文件")
    return None


class FilesRead:
    """The files read so far in one run, by device and inode, with the name first used."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.first: dict[tuple[int, int], str] = {}

    def problem(self, path: Path) -> Problem | None:
        """``path_problem``, or ``same-file-twice`` when the file was already read under another name."""
        found = path_problem(self.data_dir, path)
        if found:
            return found
        status = path.stat()
        key = (status.st_dev, status.st_ino)
        shown = shown_path(self.data_dir, path)
        if key in self.first:
            return problem("same-file-twice", name=shown, first=self.first[key])
        self.first[key] = shown
        return None


def operator_file(data_dir: Path, path: Path) -> Path:
    """A file the office keeps (register, vocabulary, template): unsafe is fatal, not skipped.

    A missing file is left for the reader to report in its own words.
    """
    if not os.path.lexists(path):
        return path
    found = path_problem(data_dir, path)
    if found:
        raise DataFolderError(f"数据文件夹中的 {shown_path(data_dir, path)}：{found.message}")
    return path


def visible_entries(folder: Path) -> list[Path]:
    """The visible entries of a folder, in name order; what they are is checked by the reader."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


def visible_folders(folder: Path) -> list[Path]:
    """The visible sub-folders of ``folder``; a linked one is listed, and each file in it checked."""
    return [p for p in visible_entries(folder) if p.is_dir()]
