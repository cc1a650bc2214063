"""Which files there are, and whether each may be read, for every kind of file.

A file is refused (reported, not read) when it is unsafe to read, when its
department is not registered, or when its department already handed in a file
of that kind for the same place: one check, ``refusal``, for submissions,
matter lists and usage reports alike. ``validate_named_files`` checks matter
lists and usage reports that a clerk names on the command line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from creditlists import settings
from creditlists.intake.datafiles import FilesRead, printable, shown_path, visible_entries, visible_folders
from creditlists.intake.departments import Department
from creditlists.intake.filedates import name_problem, replay_key
from creditlists.intake.matters import load_matter_types, matter_files, validate_matter_file
from creditlists.intake.problems import problem
from creditlists.intake.report import FileReport
from creditlists.intake.submissions import Context, read_and_validate
from creditlists.intake.usage import validate_usage_file
from creditlists.intake.vocab import Term

UNREGISTERED = "_unregistered"  # the department of a report whose folder is not in the register
LIST_SUBMISSION = "submission"
MATTER_LIST = "matters"
USAGE_REPORT = "usage"


def refusal(path: Path, department: str, shown: str, departments: dict[str, Department], files_read: FilesRead | None,
            first_file: dict[object, str] | None = None, place: object = None, where: str = "") -> FileReport | None:
    """A report refusing the file, or None when it is to be read.

    In this order: unsafe to read (``files_read`` checks links and repeats; None
    for files a user names, which may lie anywhere), a department that is not
    registered, a second file of the same department for the same ``place``.
    """
    found = files_read.problem(path) if files_read else None
    if found is None and department not in departments:
        found = problem("unknown-department", department=printable(department), known=known_departments(departments))
    if found is None and first_file is not None:
        if place in first_file:
            found = problem("duplicate-department-file", department=department, where=where, first=first_file[place])
        else:
            first_file[place] = shown
    if found is None:
        return None
    report = FileReport(path=shown, department=department)
    report.add(found)
    return report


def known_departments(departments: dict[str, Department]) -> str:
    """The register as a clerk needs it in ``unknown-department``: every code with its name."""
    return "、".join(f"{code}（{department.name}）" for code, department in departments.items()) or "（无）"


def submission_files(data_dir: Path) -> list[tuple[str, Path]]:
    """Every entry under data/submissions/<folder>/ as (folder name, path), in replay order.

    The replay order of a folder is the date at the front of each name, then the
    name (``filedates.replay_key``: ``2024-9-1-…`` before ``2024-10-01-…``).
    Nothing is filtered here except hidden names: what cannot be read safely or
    has no date is reported by ``validate_files``, so that nothing a department
    put there is silently ignored.
    """
    root = data_dir / "submissions"
    return [(folder.name, path) for folder in visible_folders(root)
            for path in sorted(visible_entries(folder), key=lambda p: replay_key(printable(p.name)))]


# One file to read and check: its path, department and path as shown.
FileToRead = tuple[Path, str, str]
# How the files to read are read and checked: ``[function(f) for f in files]`` in order, or
# the same over several processes (the build's ``parallel.parallel_map``).
EachFile = Callable[[Callable[[FileToRead], FileReport], list[FileToRead]], list[FileReport]]


def one_by_one(function: Callable[[FileToRead], FileReport], files: list[FileToRead]) -> list[FileReport]:
    return [function(file) for file in files]


def validate_files(files: list[tuple[str, Path]], data_dir: Path, departments: dict[str, Department], context: Context,
                   files_read: FilesRead | None = None, named_by_user: bool = False, each: EachFile = one_by_one) -> list[FileReport]:
    """Validate each list submission; what is refused is reported, not read.

    Files found in the data folder must stay inside it and are read once
    (``files_read``, one for a whole run); files a user names on the command
    line (``named_by_user``) may lie anywhere. A file whose name has no date, or
    a date after the build, cannot be replayed: in the data folder it is not
    read. A file a user names is read all the same, so that one run lists
    every problem: dated after the build, none of its rows is replayed; without
    a date (a clerk's ``黑名单.xlsx``), it gets a warning and is checked as if
    handed in on the day checked (``filedates.name_problem``).

    What is refused is decided first, in order (a second link to a file is
    refused after the first); the files left are then read and checked by
    ``each``, which may spread them over processes: each file's report is
    its own, so the reports are the same, in the same order.
    """
    files_read = None if named_by_user else (files_read or FilesRead(data_dir))
    planned: list[tuple[FileToRead, FileReport | None]] = []
    for department, path in files:
        shown = shown_path(data_dir, path)
        refused = refusal(path, department, shown, departments, files_read)
        if refused and department not in departments and not named_by_user:
            refused.department = UNREGISTERED  # the build's department pages group reports by registered code
        if refused is None and not named_by_user:
            refused = undated_refusal(path, FileReport(path=shown, department=department), context.as_of)
        planned.append(((path, department, shown), refused))
    read = iter(each(lambda file: read_and_validate(*file, context), [file for file, refused in planned if refused is None]))
    reports = []
    for (path, _, _), refused in planned:
        report = refused or next(read)
        if refused is None and named_by_user:
            undated_refusal(path, report, context.as_of, checking=True)
        reports.append(report)
    return reports


def undated_refusal(path: Path, report: FileReport, as_of: dt.date, checking: bool = False) -> FileReport | None:
    """``report`` refusing a list submission that has no place in the replay order (no date, or after ``as_of``), or None.

    A refused file's rows are not replayed (``accepted`` is emptied). With
    ``checking`` (a file a clerk checks), a missing date is only a warning.
    """
    found = name_problem(printable(path.name), as_of, checking)
    if found is None:
        return None
    report.add(found)
    if found.is_error:
        report.accepted = []
    return report


def file_kind(path: Path) -> str:
    """Which kind of file ``path`` is, by the folders it lies in."""
    parent = path.resolve().parent
    if parent.name == settings.MATTERS_FOLDER:
        return MATTER_LIST
    if parent.parent.name == settings.USAGE_FOLDER:
        return USAGE_REPORT
    return LIST_SUBMISSION


def validate_named_files(paths: list[Path], data_dir: Path, departments: dict[str, Department], as_of: dt.date,
                         department: str | None = None) -> list[FileReport]:
    """Check matter lists first (their names serve the usage reports), then usage reports.

    The department is the file name (or ``department``). A usage report's
    事项名称 are checked against the department's matter list named in the
    same call, else the one under ``data_dir``.
    """
    matter_paths = [p for p in paths if file_kind(p) == MATTER_LIST]
    usage_paths = [p for p in paths if file_kind(p) == USAGE_REPORT]
    types = load_matter_types(data_dir, needed=bool(matter_paths or usage_paths))
    reports: list[FileReport] = []
    names: dict[str, set[str]] = {}
    for path in matter_paths:
        code, shown = department or path.stem, shown_path(data_dir, path)
        report = refusal(path, code, shown, departments, None)
        if report is None:
            report, matters = validate_matter_file(path, code, shown, types)
            if not report.file_rejected:
                names[code] = {m.name for m in matters}
        reports.append(report)
    for path in usage_paths:
        code, shown = department or path.stem, shown_path(data_dir, path)
        report = refusal(path, code, shown, departments, None)
        if report is None:
            known = names[code] if code in names else registered_matter_names(data_dir, code, types)
            report, _, _ = validate_usage_file(path, code, shown, path.resolve().parent.name, known, as_of)
        reports.append(report)
    return reports


def registered_matter_names(data_dir: Path, department: str, types: dict[str, Term]) -> set[str] | None:
    """The names in the department's matter list under ``data_dir``, or None when it has none that can be read."""
    for code, path in matter_files(data_dir):
        if code == department:
            report, matters = validate_matter_file(path, code, shown_path(data_dir, path), types)
            return None if report.file_rejected else {m.name for m in matters}
    return None
