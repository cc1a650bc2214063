"""From a data folder to the merged dataset: find, read, validate, merge.

This is the one entry point both ``build_lists.py`` and the Pelican plugin use,
so the site and the open data always come from the same run.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import settings
from .departments import Department, load_departments
from .matters import MatterLists, load_matters
from .merge import STATES, MergeResult, merge
from .problems import Problem, problem
from .timing import stage
from .usage import UsageData, load_usage
from .validate import Context, FileReport, read_and_validate
from .vocab import DataFolderError, Vocabulary, load_vocabulary


@dataclass
class Dataset:
    """Everything the publishers need."""

    data_dir: Path
    as_of: dt.date
    departments: dict[str, Department]
    vocabulary: Vocabulary
    reports: list[FileReport]
    merged: MergeResult
    # Matter lists and quarterly usage reports (policy 二（二）、三（三）); empty when data/ has none.
    matters: MatterLists = field(default_factory=MatterLists)
    usage: UsageData = field(default_factory=UsageData)

    def department_states(self, code: str) -> Counter:
        """Rows of one department by final state, plus ``read``."""
        total: Counter = Counter({state: 0 for state in STATES})
        for report in self.reports:
            if report.department == code:
                total.update(self.merged.states.get(report.path, Counter()))
        total["read"] = sum(r.rows_read for r in self.reports if r.department == code)
        return total

    def reports_of(self, code: str) -> list[FileReport]:
        return [r for r in self.reports if r.department == code]


UNREGISTERED = "_unregistered"


def submission_files(data_dir: Path) -> list[tuple[str, Path]]:
    """Every entry under data/submissions/<folder>/ as (folder name, path), in replay order.

    Nothing is filtered here except hidden names: what cannot be read safely is
    reported by ``validate_files``, so that nothing a department put there is
    silently ignored.
    """
    root = data_dir / "submissions"
    if not root.is_dir():
        return []
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for path in sorted(p for p in folder.iterdir() if not p.name.startswith(".")):
            found.append((folder.name, path))
    return found


def printable(name: str) -> str:
    """A file name as text, whatever bytes it was made of."""
    return os.fsencode(name).decode("utf-8", "replace")


def path_problem(data_dir: Path, path: Path) -> Problem | None:
    """Why a path in a department folder must not be read, or None.

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


def display_path(data_dir: Path, path: Path) -> str:
    """A path as the department knows it: relative to the data folder, with slashes."""
    try:
        return path.resolve().relative_to(data_dir.resolve()).as_posix()
    except ValueError:
        return str(path)


def validate_files(
    files: list[tuple[str, Path]], data_dir: Path, departments: dict[str, Department], context: Context, named_by_user: bool = False,
) -> list[FileReport]:
    """Validate each file; what is unsafe or in an unregistered folder is reported, not read.

    Files a user names on the command line (``named_by_user``) may lie anywhere;
    files found in the data folder must stay inside it.
    """
    reports = []
    for department, path in files:
        shown = printable(display_path(data_dir, path))
        found = None if named_by_user else path_problem(data_dir, path)
        if department not in departments:
            found = problem("unknown-department", department=printable(department))
            department = UNREGISTERED
        if found:
            report = FileReport(path=shown, department=department)
            report.add(found)
            reports.append(report)
            continue
        reports.append(read_and_validate(path, department, shown, context))
    return reports


def compile_dataset(data_dir: Path, as_of: dt.date | None = None) -> Dataset:
    """Read, validate and merge everything under ``data_dir``.

    Raises DataFolderError when the folder cannot give a trustworthy site
    (no department register, no vocabulary, not one readable submission).
    """
    as_of = as_of or settings.today_in_china()
    departments = load_departments(data_dir)
    vocabulary = load_vocabulary(data_dir)
    files = submission_files(data_dir)
    with stage("read+validate"):
        reports = validate_files(files, data_dir, departments, Context(vocabulary, as_of))
    if not any(r.rows_read and not r.file_rejected for r in reports):
        raise DataFolderError("data/submissions 下没有一个可读的报送文件；为免发布空网站，构建已停止")
    with stage("merge"):
        merged = merge([r for r in reports if r.department in departments], as_of)
    matters = load_matters(data_dir, departments)
    usage = load_usage(data_dir, departments, matters, as_of)
    return Dataset(data_dir, as_of, departments, vocabulary, reports, merged, matters, usage)
