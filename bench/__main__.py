"""python -m bench --entries N [--seed S] [--keep DIR] [--queries 120] [--no-browser] [--write-docs]
python -m bench --from-result DIR/bench-result.json [--write-docs]

Generates N synthetic entries, builds them with the real build, times naive
Pelican on the same entries (bench/baseline.py; up to 20,000 entries), measures the
search and the batch check (bench/batch_check.py) in Chromium, prints the numbers and (with --write-docs) records them in
docs/benchmarks.md. Exit status 0 when the build succeeded, every query
gave exactly the exhaustive results and the batch check reported exactly the
subjects in force; 1 otherwise (targets missed do not fail).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from . import report
from .build import run_build
from .queries import Query, fill_expected, make_queries
from .synthetic import AS_OF, generate

DEFAULT_SEED = 20180920  # the date of 武昌信用办〔2018〕3号, as in tools/make_sample_data.py


@dataclass
class Options:
    entries: int
    seed: int = DEFAULT_SEED
    keep: Path | None = None
    queries: int = 120
    browser: bool = True
    write_docs: bool = False
    build_timeout: float | None = None
    quiet: bool = False
    from_result: Path | None = None


def say(options: Options, text: str) -> None:
    if not options.quiet:
        print(text, file=sys.stderr, flush=True)


def expected_queries(data: Path, withdrawn: list[str], options: Options) -> list[Query]:
    """The query set of this data, each with its exhaustive result set."""
    from creditlists.pipeline import compile_dataset
    from creditlists.publish.opendata import published_records

    records = published_records(compile_dataset(data, AS_OF))
    queries = make_queries(records, withdrawn, options.queries, options.seed)
    fill_expected(queries, records)
    return queries


def run(options: Options) -> report.BenchResult:
    """Generate, build, measure; everything lands in ``options.keep`` (or a temporary folder, removed after)."""
    workdir = options.keep or Path(tempfile.mkdtemp(prefix="bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        machine = report.Machine.describe()
        say(options, f"generating {options.entries:,} entries (seed {options.seed}) in {workdir / 'data'} …")
        generation = generate(workdir / "data", options.entries, options.seed)
        say(options, f"  {generation.rows:,} rows in {generation.seconds:.1f} s; building …")
        build = run_build(workdir / "data", workdir, AS_OF, options.build_timeout)
        say(options, f"  build {'done' if build.ok else 'FAILED'} in {build.seconds or build.process_seconds:.1f} s")
        result = report.BenchResult(options.entries, options.seed, AS_OF.isoformat(), machine, generation, build)
        result.reference_seconds = report.reference_seconds(options.entries)
        if build.ok and options.entries <= report.BASELINE_MAX_ENTRIES:
            measure_baseline(result, workdir, options)
        if not build.ok:
            result.browser_skipped = "the build failed"
        elif not options.browser:
            result.browser_skipped = "run with --no-browser"
        else:
            measure_search(result, workdir, options)
            measure_batch_check(result, workdir, options)
        (workdir / "bench-result.json").write_text(json.dumps(asdict(result), ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        return result
    finally:
        if options.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)


def measure_baseline(result: report.BenchResult, workdir: Path, options: Options) -> None:
    """Naive Pelican on the same published entries (bench/baseline.py), for the 10,000-entry ratio target."""
    from creditlists.pipeline import compile_dataset
    from creditlists.publish.opendata import published_records

    from . import baseline

    records = published_records(compile_dataset(workdir / "data", AS_OF))
    say(options, f"  naive Pelican on the same {len(records):,} entries …")
    result.baseline = baseline.measure(records, workdir / "naive-pelican", AS_OF.isoformat())
    say(options, f"  naive Pelican: {result.baseline.seconds:.1f} s" if not result.baseline.error else f"  naive Pelican FAILED: {result.baseline.error}")


def measure_search(result: report.BenchResult, workdir: Path, options: Options) -> None:
    from . import browser

    say(options, f"  computing the exhaustive results of {options.queries} queries …")
    queries = expected_queries(workdir / "data", result.generation.withdrawn_names, options)

    def progress(number: int, total: int, run) -> None:
        if number % 10 == 0 or number == total or not run.identical:
            flag = "" if run.identical else f"  ← {'differs: ' + run.status if run.ok else run.error}"
            say(options, f"  query {number}/{total}: {run.query!r} {run.shown_count} results, {run.ms_to_results:.0f} ms, "
                         f"{run.search_gzip_bytes / 1000:.0f} KB{flag}")

    result.runs, result.browser = browser.measure(workdir / "output", queries, progress=progress)


def measure_batch_check(result: report.BenchResult, workdir: Path, options: Options) -> None:
    """The batch check of 5,000 lines on the same site (bench/batch_check.py)."""
    from creditlists.pipeline import compile_dataset

    from . import batch_check

    say(options, f"  the batch check of {batch_check.LINES:,} lines …")
    result.batch = batch_check.measure(workdir / "output", compile_dataset(workdir / "data", AS_OF), workdir / "data", options.seed)
    for run in result.batch:
        say(options, f"  batch check, {run.mix}: {run.ms / 1000:.1f} s, {run.gzip_bytes / 1e6:.2f} MB gzipped, "
                     f"{'exactly the listed lines' if run.identical else 'DIFFERS ' + run.error}")


def parse(argv: list[str] | None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Benchmark the full build and the search on synthetic data.")
    parser.add_argument("--entries", type=int, help="published entries to generate (about); required unless --from-result")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep data/, output/, reports/ and bench-result.json")
    parser.add_argument("--queries", type=int, default=120, help="number of search queries (default 120)")
    parser.add_argument("--no-browser", action="store_true", help="skip the search measurement")
    parser.add_argument("--write-docs", action="store_true", help="record the run in docs/benchmarks.md")
    parser.add_argument("--build-timeout", type=float, help="give up on the build after this many seconds")
    parser.add_argument("--from-result", type=Path, help="record a kept run's bench-result.json again instead of running")
    args = parser.parse_args(argv)
    if args.from_result is None and (args.entries or 0) < 100:
        parser.error("--entries N is required, at least 100")
    return Options(args.entries or 0, args.seed, args.keep, args.queries, not args.no_browser, args.write_docs, args.build_timeout,
                   from_result=args.from_result)


def main(argv: list[str] | None = None) -> int:
    options = parse(argv)
    result = report.load_result(options.from_result) if options.from_result else run(options)
    print(report.summary_table(result))
    if options.write_docs:
        report.update_docs(result)
        print(f"recorded in {report.DOCS.relative_to(report.ROOT)}", file=sys.stderr)
    stats = report.search_stats(result.runs) if result.runs else None
    batch_ok = all(run.identical for run in result.batch)
    return 0 if result.build.ok and batch_ok and (stats is None or stats.all_identical or stats.only_capped_by_design) else 1


if __name__ == "__main__":
    sys.exit(main())
