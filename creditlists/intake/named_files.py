"""``validate`` for matter lists and usage reports named on the command line.

The kind of a file follows from where it lies, as in the data folder:
``…/matters/<部门代码>.csv`` is a matter list, ``…/usage/<YYYY>Q<n>/<部门代码>.csv``
a usage report, anything else a list submission. The department is the file
name (or ``--department``). A usage report's 事项名称 are checked against the
department's matter list: one named in the same command, else the one in --data.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from creditlists import settings
from creditlists.intake.departments import Department
from creditlists.policy.matters import load_matter_types, matter_files, validate_matter_file
from creditlists.intake.problems import problem
from creditlists.intake.datafiles import shown_path
from creditlists.policy.usage import validate_usage_file
from creditlists.intake.validate import FileReport

LIST_SUBMISSION = "submission"
MATTER_LIST = "matters"
USAGE_REPORT = "usage"


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
    """Check matter lists first (their names serve the usage reports), then usage reports."""
    matter_paths = [p for p in paths if file_kind(p) == MATTER_LIST]
    usage_paths = [p for p in paths if file_kind(p) == USAGE_REPORT]
    types = load_matter_types(data_dir, needed=bool(matter_paths or usage_paths))
    reports: list[FileReport] = []
    names: dict[str, set[str]] = {}
    for path in matter_paths:
        code = department or path.stem
        report = _unknown_department(path, code, data_dir, departments)
        if report is None:
            report, matters = validate_matter_file(path, code, shown_path(data_dir, path), types)
            if not report.file_rejected:
                names[code] = {m.name for m in matters}
        reports.append(report)
    for path in usage_paths:
        code = department or path.stem
        report = _unknown_department(path, code, data_dir, departments)
        if report is None:
            known = names[code] if code in names else registered_matter_names(data_dir, code, types)
            report, _, _ = validate_usage_file(path, code, shown_path(data_dir, path), path.resolve().parent.name, known, as_of)
        reports.append(report)
    return reports


def registered_matter_names(data_dir: Path, department: str, types) -> set[str] | None:
    """The names in the department's matter list under ``data_dir``, or None when it has none that can be read."""
    for code, path in matter_files(data_dir):
        if code == department:
            report, matters = validate_matter_file(path, code, shown_path(data_dir, path), types)
            return None if report.file_rejected else {m.name for m in matters}
    return None


def _unknown_department(path: Path, code: str, data_dir: Path, departments: dict[str, Department]) -> FileReport | None:
    """A report saying the department is not registered, or None when it is."""
    if code in departments:
        return None
    report = FileReport(path=shown_path(data_dir, path), department=code)
    report.add(problem("unknown-department", department=code))
    return report
