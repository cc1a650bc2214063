"""A full build: dataset, reports, then the site rendered by Pelican into a
staging folder that replaces output/ only when everything succeeded."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from creditlists import schema as s
from creditlists import settings
from creditlists.dataset import Dataset
from creditlists.pipeline import compile_dataset
from creditlists.publish.allowlist import WrittenFiles, check_written
from creditlists.publish.leaks import check_no_leak
from creditlists.publish.lock import PREVIOUS_PREFIX, STAGING_PREFIX, build_lock, remove_stale_folders
from creditlists.publish.output_paths import check_output_paths, write_marker
from creditlists.publish.precompress import precompress
from creditlists.publish.reports import write_reports
from creditlists.publish.shrink import MANIFEST_NAME, Manifest, find_shrinks, read_manifest, refuse_unaccepted, write_manifest
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
    previous = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}{PREVIOUS_PREFIX}", dir=output_dir.parent))
    large = site_entries(read_manifest(output_dir)) >= settings.BACKGROUND_REMOVAL_MIN_ENTRIES
    if output_dir.exists():
        output_dir.rename(previous / "site")
    staging.rename(output_dir)
    if large:
        remove_in_background(previous)
    else:
        shutil.rmtree(previous)


def site_entries(manifest: Manifest | None) -> int:
    """Entries in force on a published site, by its manifest (0 without one): a measure of its files."""
    return sum(n for per_list in (manifest.published.values() if manifest else []) for n in per_list.values())


def remove_in_background(folder: Path) -> None:
    """Delete ``folder`` in a detached process, so the build ends when the new site is live.

    Deleting the million files of a large old site takes minutes on an ordinary
    disk (298 s measured for 1M): nothing waits for it. The folder already
    carries the previous-site prefix, so should the process die, the next
    build's ``remove_stale_folders`` finishes the job.
    """
    subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)", str(folder)],
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


@dataclass(frozen=True)
class BuildOptions:
    """What the operator chose beyond the folders: the settings file, the site's address, shrinks to accept."""

    settings_file: Path = settings.ROOT / "pelicanconf.py"
    site_url: str | None = None  # absolute links (deployment); None: as the settings file says
    accept_shrink: frozenset[str] = frozenset()  # departments whose unexplained loss of entries is published anyway


def build_site(data_dir: Path, output_dir: Path, reports_dir: Path, as_of: dt.date | None, options: BuildOptions | None = None,
               timings: Timings | None = None) -> str:
    """Build everything; on any failure the old ``output_dir`` stays as it was.

    Unsafe folders (UnsafeOutputError), another build of the same output
    (BuildLocked), real data without a subject key (MissingSubjectKey), an
    unexplained loss of entries (ShrinkError), an ID number in the result
    (LeakError) and a file off the allow-list (UnexpectedFilesError) stop the
    build before anything is published.
    """
    options = options or BuildOptions()
    check_output_paths(data_dir, output_dir, reports_dir)
    output_dir = output_dir.resolve()
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    with build_lock(output_dir):
        remove_stale_folders(output_dir)
        timings = timings or Timings()
        dataset = compile_dataset(data_dir, as_of, timings)
        subject_key(dataset.sample_data)  # refuse real data without a key before writing anything
        accepted = refuse_unaccepted(find_shrinks(read_manifest(output_dir), dataset), dataset, options.accept_shrink)
        with timings.stage("reports"):
            write_reports(dataset, reports_dir, accepted)
        render_and_publish(dataset, output_dir, options, timings)
    return summary(dataset, [text for texts in accepted.values() for text in texts])


def render_and_publish(dataset: Dataset, output_dir: Path, options: BuildOptions, timings: Timings) -> None:
    """Render into a staging folder beside ``output_dir``, check it, and swap it in."""
    staging = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}{STAGING_PREFIX}", dir=output_dir.parent))
    written = WrittenFiles()
    overrides: dict[str, object] = {"OUTPUT_PATH": str(staging), "CREDIT_DATASET": dataset, "CREDIT_TIMINGS": timings,
                                    "CREDIT_WRITTEN": written, "DELETE_OUTPUT_DIRECTORY": False}
    if options.site_url is not None:
        overrides.update(SITEURL=options.site_url.rstrip("/"), RELATIVE_URLS=False)
    try:
        run_pelican(options.settings_file, overrides)
        write_marker(staging)
        write_manifest(staging, dataset)
        written.paths |= {settings.OUTPUT_MARKER, MANIFEST_NAME}
        with timings.stage("checks"):
            names = check_written(staging, written)
            check_no_leak(staging, dataset, names, written.clear)
        with timings.stage("compress"):
            precompress(staging, names, written.compressed)
        staging.chmod(0o755)
        publish(staging, output_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def summary(dataset: Dataset, accepted: list[str] | None = None) -> str:
    """Per-department counts of rows by final state (重复: a 新增 repeating a published entry), as the build prints them, and any shrink accepted."""
    counts = dataset.list_counts()
    lines = [f"构建日期 {dataset.as_of}：{s.RED} {counts[s.RED]} 条，{s.BLACK} {counts[s.BLACK]} 条在列。"]
    lines.append(f"{'部门':<16}{'读取':>6}{'公示':>6}{'拒绝':>6}{'移出':>6}{'取代':>6}{'到期':>6}{'重复':>6}")
    for code in sorted({r.department for r in dataset.reports}):
        c = dataset.department_states(code)
        lines.append(f"{code:<16}{c['read']:>8}{c['published']:>8}{c['rejected']:>8}{c['withdrawn']:>8}{c['superseded']:>8}{c['expired']:>8}"
                     f"{c['repeated']:>8}")
    lines.extend(accepted or [])
    return "\n".join(lines)
