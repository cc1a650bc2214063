"""The real full build, run alone in a child process, reporting what it cost.

    python -m bench.build_child DATA OUTPUT REPORTS AS_OF RESULT.json

Run as its own process so that its peak memory (ru_maxrss) is the build's and
nothing else's (the workers a large build forks are measured apart, here as
their largest ru_maxrss and by the parent, which samples the whole process
tree). It writes a JSON file with the stages of ``creditlists.timing.Timings``,
the whole ``build_site`` wall time, the peak RSS and a few counts of the
dataset.

Until every stage is wrapped in ``timing.stage`` inside creditlists, the same
stages are also measured from outside by wrapping the functions that do the
work ("probes"); the report prefers STAGES and says when a probe stood in.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGE_NAMES = ("read+validate", "merge", "render", "search index", "open data")

PROBES: dict[str, float] = {}
COUNTS: dict[str, int] = {}


def timed(name: str, function: Callable) -> Callable:
    """``function`` adding its wall time to ``PROBES[name]``."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        began = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            PROBES[name] = PROBES.get(name, 0.0) + time.perf_counter() - began
    return wrapper


def current_rss_mb() -> float:
    try:
        return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, IndexError, ValueError):
        return 0.0


def stage_timings():  # -> creditlists.timing.Timings
    """A stage timer that prints each stage's end with the memory then, so a build stopped midway shows where."""
    from creditlists.timing import Timings

    def ended(name: str, seconds: float) -> None:
        print(f"{time.strftime('%H:%M:%S')} end {name} after {seconds:.1f} s (RSS {current_rss_mb():,.0f} MB)", flush=True)

    return Timings(on_end=ended)


def install_probes() -> None:
    """Wrap the functions behind each stage where creditlists looks them up (module globals)."""
    from creditlists import pipeline
    from creditlists.publish import build, pelican_plugin

    targets = [(pipeline, "validate_files", "read+validate"), (pipeline, "merge", "merge"),
               (pelican_plugin, "write_open_data", "open data"), (pelican_plugin, "search_files", "search index"),
               (build, "run_pelican", "pelican"), (build, "write_reports", "reports"), (build, "check_no_leak", "leak check")]
    for module, attribute, name in targets:
        if hasattr(module, attribute):
            setattr(module, attribute, timed(name, getattr(module, attribute)))
    if hasattr(build, "compile_dataset"):
        build.compile_dataset = counting(build.compile_dataset)


def counting(compile_dataset: Callable) -> Callable:
    """``compile_dataset`` that also notes how many rows were read and published."""
    @functools.wraps(compile_dataset)
    def wrapper(*args, **kwargs):
        dataset = compile_dataset(*args, **kwargs)
        COUNTS["published"] = len(dataset.merged.entries)
        COUNTS["expired"] = len(dataset.merged.expired)
        COUNTS["files"] = len(dataset.reports)
        COUNTS["rows_read"] = sum(r.rows_read for r in dataset.reports)
        COUNTS["rows_rejected"] = sum(r.rejected for r in dataset.reports)
        return dataset
    return wrapper


def peak_rss_bytes() -> tuple[int, int]:
    """The largest resident set of this process, and of the largest worker it forked (Linux gives KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return own * 1024, workers * 1024


def run(data: Path, output: Path, reports: Path, as_of: dt.date) -> dict:
    from creditlists.publish.build import build_site

    install_probes()
    timings = stage_timings()
    began = time.perf_counter()
    summary = build_site(data, output, reports, as_of, timings=timings)
    seconds = time.perf_counter() - began
    own, workers = peak_rss_bytes()
    return {"seconds": seconds, "stages": dict(timings.seconds), "probes": dict(PROBES), "counts": dict(COUNTS),
            "peak_rss_bytes": own, "worker_peak_rss_bytes": workers, "summary": summary}


def main(argv: list[str]) -> int:
    data, output, reports, as_of, result = argv
    outcome = run(Path(data), Path(output), Path(reports), dt.date.fromisoformat(as_of))
    Path(result).write_text(json.dumps(outcome, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
