"""A full build: dataset, reports, then the site rendered by Pelican into a
staging folder that replaces output/ only when everything succeeded."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from creditlists import schema as s
from creditlists.dataset import Dataset
from creditlists.pipeline import compile_dataset
from creditlists.publish.leaks import check_no_leak
from creditlists.publish.output_paths import check_output_paths, write_marker
from creditlists.publish.reports import write_reports
from creditlists.publish.subjects import subject_key
from creditlists.timing import Timings


def run_pelican(settings_file: Path, overrides: dict[str, object]) -> None:
    """Render the site with Pelican, with ``overrides`` on top of the settings file."""
    from pelican import Pelican
    from pelican.settings import read_settings

    Pelican(read_settings(str(settings_file), override=overrides)).run()


def publish(staging: Path, output_dir: Path) -> None:
    """Swap the finished staging folder in for ``output_dir`` with renames.

    The old site is moved into a fresh temporary folder before it is deleted,
    so no folder the build did not make (such as ``output.previous``) is touched.
    """
    previous = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}-previous-", dir=output_dir.parent))
    if output_dir.exists():
        output_dir.rename(previous / "site")
    staging.rename(output_dir)
    shutil.rmtree(previous)


def build_site(data_dir: Path, output_dir: Path, reports_dir: Path, as_of: dt.date | None, settings_file: Path,
               timings: Timings | None = None) -> str:
    """Build everything; on any failure the old ``output_dir`` stays as it was.

    Unsafe folders (UnsafeOutputError), real data without a subject key
    (MissingSubjectKey) and an ID number in the result (LeakError) stop the
    build before anything is published.
    """
    check_output_paths(data_dir, output_dir, reports_dir)
    timings = timings or Timings()
    dataset = compile_dataset(data_dir, as_of, timings)
    subject_key(dataset.sample_data)  # refuse real data without a key before writing anything
    with timings.stage("reports"):
        write_reports(dataset, reports_dir)
    output_dir = output_dir.resolve()
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}-staging-", dir=output_dir.parent))
    try:
        run_pelican(settings_file, {"OUTPUT_PATH": str(staging), "CREDIT_DATASET": dataset, "CREDIT_TIMINGS": timings,
                                     "DELETE_OUTPUT_DIRECTORY": False})
        write_marker(staging)
        with timings.stage("checks"):
            check_no_leak(staging, dataset)
        staging.chmod(0o755)
        publish(staging, output_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return summary(dataset)


def summary(dataset: Dataset) -> str:
    """Per-department counts of rows by final state, as the build prints them."""
    counts = dataset.list_counts()
    lines = [f"构建日期 {dataset.as_of}：{s.RED} {counts[s.RED]} 条，{s.BLACK} {counts[s.BLACK]} 条在列。"]
    lines.append(f"{'部门':<16}{'读取':>6}{'公示':>6}{'拒绝':>6}{'移出':>6}{'取代':>6}{'到期':>6}")
    for code in sorted({r.department for r in dataset.reports}):
        c = dataset.department_states(code)
        lines.append(f"{code:<16}{c['read']:>8}{c['published']:>8}{c['rejected']:>8}{c['withdrawn']:>8}{c['superseded']:>8}{c['expired']:>8}")
    return "\n".join(lines)
