"""From a data folder to the merged dataset: find, read, check, merge.

Data flow one way: ``intake`` reads and checks each file into a report of its
own, ``merge`` replays the accepted rows into the current lists and returns
what it could not apply, ``policy`` collects the matter lists and usage
reports, and the ``Dataset`` that results is all that ``publish`` reads. This
is the one entry point both ``build_lists.py`` and the Pelican plugin use, so
the site and the open data always come from the same run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from creditlists import collector, settings
from creditlists.checker import replay_checked
from creditlists.dataset import Dataset
from creditlists.intake.datafiles import DataFolderError, FilesRead, operator_file, shown_path, visible_entries
from creditlists.intake.departments import Department, load_departments
from creditlists.intake.filedates import replay_key
from creditlists.intake.files import LIST_SUBMISSION, FileToRead, file_kind, submission_files, validate_files, validate_named_files
from creditlists.intake.report import FileReport, RunReport
from creditlists.intake.sample import is_sample_data
from creditlists.intake.submissions import Context
from creditlists.intake.vocab import Vocabulary, load_vocabulary
from creditlists.intake_fast import check_submission_table
from creditlists.merge import MergeResult
from creditlists.parallel import parallel_map
from creditlists.policy.matters import load_matters
from creditlists.policy.usage import load_usage
from creditlists.timing import Timings


def compile_dataset(data_dir: Path, as_of: dt.date | None = None, timings: Timings | None = None) -> Dataset:
    """Read, check and merge everything under ``data_dir``.

    Raises DataFolderError when the folder cannot give a trustworthy site
    (no department register, no vocabulary, not one readable submission).
    """
    as_of = as_of or settings.today_in_china()
    timings = timings or Timings()
    departments = load_departments(data_dir)
    vocabulary = load_vocabulary(data_dir)
    files_read = FilesRead(data_dir)  # one for the whole run: a file linked in two places is read once
    with collector.paused():
        with timings.stage("read+validate"):
            reports = validate_files(submission_files(data_dir), data_dir, departments, build_context(vocabulary, as_of), files_read,
                                     each=each_file)
        if not any((r.rows_read and not r.file_rejected) or not_yet_due(r) for r in reports):
            raise DataFolderError("data/submissions 下没有一个可读的报送文件；为免发布空网站，构建已停止")
        with timings.stage("merge"):
            merged = replay(reports, departments, as_of)
        sample_data = is_sample_data(data_dir, reports)
        matters = load_matters(data_dir, departments, files_read)
        usage = load_usage(data_dir, departments, matters, as_of, files_read)
        dataset = Dataset(data_dir, as_of, departments, vocabulary, reports, merged, matters, usage, template_files(data_dir), sample_data)
    collector.keep(large=sum(r.rows_read for r in reports) >= settings.PARALLEL_MIN_ENTRIES)
    return dataset


def each_file(function: Callable[[FileToRead], FileReport], files: list[FileToRead]) -> list[FileReport]:
    """Read and check ``files`` in order: over every core when there are several and they are large together.

    Each worker reads and checks whole files from the parent's forked memory;
    only the reports travel back. Pandas is imported before the fork, once.
    """
    large = len(files) > 1 and sum(_size(path) for path, _, _ in files) >= settings.PARALLEL_MIN_VALIDATE_BYTES
    if large:
        import creditlists.intake_fast.submissions  # noqa: F401
    return parallel_map(function, files, large)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # the reader reports it
        return 0


def build_context(vocabulary: Vocabulary, as_of: dt.date) -> Context:
    """What the build and ``validate`` check against: large tables are checked over whole columns (``intake_fast``)."""
    return Context(vocabulary, as_of, check_submission_table)


def replay(reports: list[FileReport], departments: dict[str, Department], as_of: dt.date) -> MergeResult:
    """Reject rows carrying parts of ID numbers, merge, and add the merge's rejections to the reports.

    ``checker.replay_checked``: the same replay as the guide's file checker in the browser.
    """
    return replay_checked(reports, as_of, departments)


def not_yet_due(report: FileReport) -> bool:
    """A submission refused only because it is dated after the build: the folder has not collapsed.

    A build as of a day before the first file publishes an empty site (every
    build can be rebuilt); a folder with no readable file at all stops the build.
    """
    return any(p.code == "file-date-in-future" for p in report.problems)


def template_files(data_dir: Path) -> list[Path]:
    """The blank templates offered on the guide page (data/templates/*.csv, *.xlsx); unsafe ones stop the build."""
    found = [p for p in visible_entries(data_dir / "templates") if p.suffix in settings.SUBMISSION_SUFFIXES]
    return [operator_file(data_dir, p) for p in found]


def check_files(paths: list[Path], data_dir: Path, as_of: dt.date, department: str | None = None) -> RunReport:
    """``validate``: check named files against the templates and against the department's history.

    List submissions are replayed after the department's earlier files in
    ``data_dir`` (those before the last checked file in the replay order: by the
    hand-in date at the front of the name, then the name), so 更新 and 移出 rows
    find their entries; a file without a date in its name, as if handed in on
    ``as_of``: after all of them. Matter lists and usage reports follow.
    """
    with collector.paused():
        departments = load_departments(data_dir)
        context = build_context(load_vocabulary(data_dir), as_of)
        targets = [(department or p.resolve().parent.name, p) for p in paths]
        lists = [(d, p) for d, p in targets if file_kind(p) == LIST_SUBMISSION]
        checked = validate_files(lists, data_dir, departments, context, named_by_user=True, each=each_file)
        for code in sorted({r.department for r in checked if r.department in departments}):
            mine = [r for r in checked if r.department == code]
            last = max(replay_key(Path(r.path).name) for r in mine)  # an undated name sorts after every dated one
            shown = {r.path for r in mine}
            earlier = [(d, p) for d, p in submission_files(data_dir)
                       if d == code and shown_path(data_dir, p) not in shown and replay_key(p.name) < last]
            history = validate_files(earlier, data_dir, departments, context, each=each_file)
            replay(sorted(history + mine, key=lambda r: replay_key(Path(r.path).name)), departments, as_of)
        others = [p for _, p in targets if file_kind(p) != LIST_SUBMISSION]
        return RunReport(checked + validate_named_files(others, data_dir, departments, as_of, department))
