"""From a data folder to the merged dataset: find, read, validate, merge.

This is the one entry point both ``build_lists.py`` and the Pelican plugin use,
so the site and the open data always come from the same run.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from creditlists import settings
from creditlists.intake.datafiles import FilesRead, operator_file, printable, shown_path, visible_entries, visible_folders
from creditlists.intake.departments import Department, load_departments
from creditlists.policy.matters import MatterLists, load_matters
from creditlists.merge import STATES, MergeResult, merge
from creditlists.intake.problems import problem
from creditlists.intake.sample import is_sample_data
from creditlists.timing import stage
from creditlists.policy.usage import UsageData, load_usage
from creditlists.intake.validate import Context, FileReport, read_and_validate, reject_id_parts
from creditlists.intake.vocab import DataFolderError, Vocabulary, load_vocabulary


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
    templates: list[Path] = field(default_factory=list)  # data/templates/ files, checked safe to copy
    sample_data: bool = False  # the bundled fictional data (creditlists/intake/sample.py)

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
    return [(folder.name, path) for folder in visible_folders(root) for path in visible_entries(folder)]


def validate_files(
    files: list[tuple[str, Path]], data_dir: Path, departments: dict[str, Department], context: Context, named_by_user: bool = False,
    files_read: FilesRead | None = None,
) -> list[FileReport]:
    """Validate each file; what is unsafe or in an unregistered folder is reported, not read.

    Files a user names on the command line (``named_by_user``) may lie anywhere;
    files found in the data folder must stay inside it.
    """
    reports = []
    files_read = files_read or FilesRead(data_dir)
    for department, path in files:
        shown = shown_path(data_dir, path)
        found = None if named_by_user else files_read.problem(path)
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
    files_read = FilesRead(data_dir)  # one for the whole run: a file linked in two places is read once
    with stage("read+validate"):
        reports = validate_files(files, data_dir, departments, Context(vocabulary, as_of), files_read=files_read)
    if not any(r.rows_read and not r.file_rejected for r in reports):
        raise DataFolderError("data/submissions 下没有一个可读的报送文件；为免发布空网站，构建已停止")
    reject_id_parts(reports)
    sample_data = is_sample_data(data_dir, reports)
    with stage("merge"):
        merged = merge([r for r in reports if r.department in departments], as_of)
    matters = load_matters(data_dir, departments, files_read)
    usage = load_usage(data_dir, departments, matters, as_of, files_read)
    templates = template_files(data_dir)
    return Dataset(data_dir, as_of, departments, vocabulary, reports, merged, matters, usage, templates, sample_data)


def template_files(data_dir: Path) -> list[Path]:
    """The blank templates offered on the guide page (data/templates/*.csv, *.xlsx); unsafe ones stop the build."""
    found = [p for p in visible_entries(data_dir / "templates") if p.suffix in settings.SUBMISSION_SUFFIXES]
    return [operator_file(data_dir, p) for p in found]
