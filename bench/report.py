"""The numbers of a run: a printed table, and a section of docs/benchmarks.md per N.

docs/benchmarks.md keeps one section per number of entries, between markers;
writing a run replaces only the section of its own N.
"""

from __future__ import annotations

import math
import os
import platform
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .baseline import BaselineRun
from .batch_check import BatchRun
from .batch_check import lines_of as batch_lines
from .batch_check import target_rows as batch_target_rows
from .browser import QueryRun
from .build import BuildResult
from .build_child import STAGE_NAMES
from .synthetic import GenerationSummary

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
KB, MB = 1000, 1000 * 1000

@dataclass(frozen=True)
class Target:
    """Issue 16's targets for one size; ``None`` where the issue sets none."""

    seconds: float | None  # full build
    memory_mb: float | None  # peak PSS of the build and its workers
    median_kb: float  # search gzipped bytes per query
    p95_kb: float
    baseline_ratio: float | None = None  # ≤ this × naive Pelican on the same entries, in the same run
    scaling: tuple[int, float] | None = None  # ≤ factor × the build time recorded for that smaller size


TARGETS = {10_000: Target(None, None, 150, 300, baseline_ratio=0.35),
           100_000: Target(40, 1500, 300, 600, scaling=(10_000, 10)),
           1_000_000: Target(6 * 60, 6000, 500, 1000)}
BASELINE_MAX_ENTRIES = 20_000  # naive Pelican is run for runs up to this size (the ratio target is at 10,000)
# entries -> (batch check of 5,000 lines: seconds, gzipped MB); the sample site's is in bench/batch_check.py.
BATCH_TARGETS = {100_000: (30, 2)}


@dataclass
class Machine:
    date: str
    cores: int
    memory_bytes: int
    cpu: str
    load: str  # load average when the run started: other work on the machine skews every number
    python: str
    commit: str

    @staticmethod
    def describe() -> Machine:
        return Machine(_command("date", "+%Y-%m-%d %H:%M %Z") or "?", len(os.sched_getaffinity(0)), _meminfo_total(),
                       _cpu_model(), " ".join(Path("/proc/loadavg").read_text().split()[:3]), platform.python_version(),
                       _commit())

    def line(self) -> str:
        return (f"{self.cores} cores ({self.cpu}), {self.memory_bytes / 1024 ** 3:.1f} GiB memory, "
                f"load average {self.load} at start; Python {self.python}; commit {self.commit}")


def _command(*args: str) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def _meminfo_total() -> int:
    found = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
    return int(found.group(1)) * 1024 if found else 0


def _cpu_model() -> str:
    found = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    return found.group(1).strip() if found else platform.processor() or "unknown CPU"


def _commit() -> str:
    commit = _command("git", "rev-parse", "--short", "HEAD") or "unknown"
    dirty = _command("git", "status", "--porcelain", "--", "creditlists", "theme", "pelicanconf.py")
    return commit + (" with uncommitted changes to creditlists/ or theme/" if dirty else "")


@dataclass
class BenchResult:
    entries: int
    seed: int
    as_of: str
    machine: Machine
    generation: GenerationSummary
    build: BuildResult
    runs: list[QueryRun] = field(default_factory=list)
    browser: str = ""
    browser_skipped: str = ""  # why, when no query ran
    batch: list[BatchRun] = field(default_factory=list)  # the batch check's mixes (bench/batch_check.py)
    baseline: BaselineRun | None = None  # naive Pelican on the same entries (bench/baseline.py), up to BASELINE_MAX_ENTRIES
    reference_seconds: float | None = None  # the build time recorded for the size of the scaling target, when there is one

    @property
    def published(self) -> int:
        return self.build.counts.get("published", 0)


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (the median of an even count is the lower middle value)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


@dataclass
class SearchStats:
    queries: int
    bytes_median: float
    bytes_p95: float
    bytes_max: float
    all_bytes_p95: float  # to list every result (显示更多 pressed, then every slice of the answer; each file once)
    page_bytes_median: float
    ms_median: float
    ms_p95: float
    ms_max: float
    identical: int  # queries whose list and count equal the exhaustive results
    incomplete: int  # some hits not listed, nothing wrong listed
    says_partial: int  # of those, the page says it lists only some
    wrong: int  # a listed result is not a hit
    wrong_count: int  # the count shown differs from the number of hits
    failures: int

    @property
    def all_identical(self) -> bool:
        return self.queries > 0 and self.identical == self.queries

    @property
    def only_capped_by_design(self) -> bool:
        """Every difference is a very large set shown as its exact count and first page, as the
        issue asks ("a query that matches very many entries shows the first page and the total")."""
        return self.incomplete == self.says_partial and not (self.wrong or self.wrong_count or self.failures)

    def differences(self) -> str:
        """The queries that are not identical, by what went wrong."""
        return (f"{self.queries - self.identical} of {self.queries} differ: {self.incomplete} list only some hits"
                f" ({self.says_partial} of them say so on the page), {self.wrong} list a non-hit, {self.wrong_count} show a"
                f" count other than the number of hits, {self.failures} failed")

    def verdict_text(self) -> str:
        """For the targets table: strict, and what is left when lists capped by design are allowed."""
        if self.all_identical:
            return "yes"
        capped_only = self.only_capped_by_design
        return (f"no ({self.queries - self.identical} of {self.queries} differ"
                + ("; all of them only because the page lists the first results of a larger, exactly counted set, "
                   "and says so: no non-hit listed, every count exact)" if capped_only else ")"))


def search_stats(runs: list[QueryRun]) -> SearchStats:
    done = [r for r in runs if r.ok]
    searched = [r.search_gzip_bytes for r in done]
    times = [r.ms_to_results for r in done]
    incomplete = [r for r in done if r.missing and not r.extra]
    return SearchStats(
        len(runs), percentile(searched, 0.5), percentile(searched, 0.95), max(searched, default=math.nan),
        percentile([r.all_results_gzip_bytes for r in done], 0.95), percentile([r.page_gzip_bytes for r in done], 0.5),
        percentile(times, 0.5), percentile(times, 0.95), max(times, default=math.nan),
        sum(1 for r in runs if r.identical), len(incomplete), sum(1 for r in incomplete if r.says_partial),
        sum(1 for r in done if r.extra), sum(1 for r in done if r.shown_count != r.expected), len(runs) - len(done))


def targets_for(entries: int) -> tuple[int, Target]:
    """The targets of the smallest target size at least ``entries`` (the largest beyond 1,000,000)."""
    size = min((n for n in TARGETS if n >= entries), default=max(TARGETS))
    return size, TARGETS[size]


def _verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else "met" if ok else "**missed**"


def build_rows(result: BenchResult, target: Target) -> list[tuple[str, str, str, str]]:
    """The build's targets: absolute time and memory, the ratio to naive Pelican, the scaling from a smaller size."""
    build, rows = result.build, []
    if target.seconds is not None:
        measured = f"{build.seconds:.1f} s" if build.ok else f"did not finish ({build.process_seconds:,.0f} s)"
        ok = build.seconds <= target.seconds if build.ok else (False if build.process_seconds > target.seconds else None)
        rows.append(("full build", f"≤ {target.seconds:,.0f} s", measured, _verdict(ok)))
    if target.memory_mb is not None:
        peak, limit = build.peak_memory_bytes, target.memory_mb * MB
        measured = f"{peak / MB:,.0f} MB" if build.ok else f"≥ {peak / MB:,.0f} MB before it stopped"
        rows.append(("peak memory", f"≤ {target.memory_mb:,.0f} MB", measured, _verdict(peak <= limit if build.ok else (False if peak > limit else None))))
    if target.baseline_ratio is not None:
        base = result.baseline
        if build.ok and base and not base.error and base.seconds > 0:
            ratio = build.seconds / base.seconds
            rows.append(("full build ÷ naive Pelican, same run", f"≤ {target.baseline_ratio}",
                         f"{ratio:.2f} ({build.seconds:.1f} s ÷ {base.seconds:.1f} s)", _verdict(ratio <= target.baseline_ratio)))
        else:
            rows.append(("full build ÷ naive Pelican, same run", f"≤ {target.baseline_ratio}", "—", "not measured"))
    if target.scaling is not None:
        size, factor = target.scaling
        reference = result.reference_seconds
        if build.ok and reference:
            rows.append((f"full build ÷ the {size:,}-entry build", f"≤ {factor:g}",
                         f"{build.seconds / reference:.1f} ({build.seconds:.1f} s ÷ {reference:.1f} s recorded for {size:,})",
                         _verdict(build.seconds / reference <= factor)))
        else:
            rows.append((f"full build ÷ the {size:,}-entry build", f"≤ {factor:g}", "—", "not measured"))
    return rows


def search_rows(result: BenchResult, target: Target) -> list[tuple[str, str, str, str]]:
    names = ("search gzipped bytes per query, median", "search gzipped bytes per query, 95th pct", "results identical to exhaustive matching")
    limits = (f"≤ {target.median_kb:,.0f} KB", f"≤ {target.p95_kb:,.0f} KB", "yes")
    if not result.runs:
        return [(what, limit, "—", "not measured") for what, limit in zip(names, limits)]
    stats = search_stats(result.runs)
    return [(names[0], limits[0], f"{stats.bytes_median / KB:,.0f} KB", _verdict(stats.bytes_median <= target.median_kb * KB)),
            (names[1], limits[1], f"{stats.bytes_p95 / KB:,.0f} KB", _verdict(stats.bytes_p95 <= target.p95_kb * KB)),
            (names[2], limits[2], stats.verdict_text(), _verdict(stats.all_identical))]


def target_rows(result: BenchResult) -> list[tuple[str, str, str, str]]:
    """(what, target, measured, met/missed/not measured) for the run's size."""
    _, target = targets_for(result.entries)
    return build_rows(result, target) + search_rows(result, target)


def reference_seconds(entries: int, path: Path = DOCS) -> float | None:
    """The full build time recorded in ``path`` for the size a scaling target of ``entries`` compares with."""
    size, target = targets_for(entries)
    if target.scaling is None or size != entries or not path.is_file():
        return None
    body = sections_of(path.read_text(encoding="utf-8")).get(target.scaling[0], "")
    found = re.search(r"\| \*\*full build\*\* \(`build_site`\) \| \*\*([\d.,]+)\*\*", body)
    return float(found.group(1).replace(",", "")) if found else None


def stage_lines(build: BuildResult) -> list[str]:
    """The stage table; says where each number came from."""
    lines = ["| stage | seconds | measured by |", "|---|---:|---|"]
    for name, (seconds, source) in build.stage_seconds().items():
        lines.append(f"| {name} | {seconds:.2f} | {'creditlists.timing.Timings' if source == 'STAGES' else 'bench probe (not in STAGES)'} |")
    for name, seconds in build.stages.items():
        if name not in STAGE_NAMES:
            lines.append(f"| ({name}, outside the five stages) | {seconds:.2f} | creditlists.timing.Timings |")
    for name in ("reports", "leak check"):
        if name in build.probes and not set(build.stages) - set(STAGE_NAMES):
            lines.append(f"| ({name}, outside the five stages) | {build.probes[name]:.2f} | bench probe |")
    if build.stages:
        lines.append(f"| (in no stage) | {build.seconds - sum(build.stages.values()):.2f} | full build minus STAGES |")
    lines.append(f"| **full build** (`build_site`) | **{build.seconds:.2f}** | wall clock in the child |")
    lines.append(f"| child process, start-up and imports included | {build.process_seconds:.2f} | wall clock in the parent |")
    return lines


def search_lines(result: BenchResult) -> list[str]:
    if not result.runs:
        return [f"Search not measured: {result.browser_skipped or 'no queries'}."]
    stats = search_stats(result.runs)
    lines = [f"{stats.queries} queries in {result.browser}, each in a fresh context (empty cache); "
             "search bytes = every script and fetched file (index, store, shards, JS), gzipped at level 6 from the files on disk; "
             "page bytes = the HTML and CSS; time = `performance.now()` when `#search-results[data-state=done]` appears.", "",
             "| per query | median | 95th pct | max |", "|---|---:|---:|---:|",
             f"| search bytes, gzipped | {stats.bytes_median / KB:,.0f} KB | {stats.bytes_p95 / KB:,.0f} KB | {stats.bytes_max / KB:,.0f} KB |",
             f"| time to results | {stats.ms_median:,.0f} ms | {stats.ms_p95:,.0f} ms | {stats.ms_max:,.0f} ms |",
             f"| search bytes to list every result (all slices of the answer), gzipped | | {stats.all_bytes_p95 / KB:,.0f} KB | |",
             f"| page bytes (HTML + CSS), gzipped | {stats.page_bytes_median / KB:,.1f} KB | | |", "",
             f"Results identical to exhaustive matching: **{'yes' if stats.all_identical else 'no'}** "
             + ("(every query)." if stats.all_identical else f"({stats.differences()}).")]
    lines += ["", "| kind | queries | median results | median search KB | median ms |", "|---|---:|---:|---:|---:|"]
    for kind in dict.fromkeys(r.kind for r in result.runs):
        mine = [r for r in result.runs if r.kind == kind and r.ok]
        if mine:
            lines.append(f"| {kind} | {len(mine)} | {percentile([r.expected for r in mine], 0.5):,} | "
                         f"{percentile([r.search_gzip_bytes for r in mine], 0.5) / KB:,.0f} | {percentile([r.ms_to_results for r in mine], 0.5):,.0f} |")
    lines += files_lines(result.runs)
    wrong = [r for r in result.runs if not r.identical]
    if wrong:
        lines += ["", f"Queries that differ ({len(wrong)}; the first 15):", ""]
        lines += [f"- `{r.query}` ({r.kind}): {r.expected:,} hits; the page shows “{r.status}”, lists {r.listed:,}"
                  f" ({r.missing:,} hits missing, {r.extra:,} non-hits){'; ' + r.error if r.error else ''}" for r in wrong[:15]]
    return lines


def files_lines(runs: list[QueryRun]) -> list[str]:
    """The distinct search files fetched, with how many queries fetched each (the ten most fetched)."""
    seen: dict[str, tuple[int, int, int]] = {}
    for run in runs:
        for f in run.fetched:
            if f.resource_type in ("script", "fetch", "xhr"):
                path = re.sub(r"^https?://[^/]+/", "", f.url.split("?")[0])
                count = seen.get(path, (0, f.raw_bytes, f.gzip_bytes))[0]
                seen[path] = (count + 1, f.raw_bytes, f.gzip_bytes)
    top = sorted(seen.items(), key=lambda item: (-item[1][0], item[0]))[:10]
    lines = ["", f"Search files fetched ({len(seen)} distinct):", "", "| file | queries | bytes | gzipped |", "|---|---:|---:|---:|"]
    return lines + [f"| `{path}` | {count} | {raw:,} | {zipped:,} |" for path, (count, raw, zipped) in top]


def section(result: BenchResult) -> str:
    """The Markdown section of one run."""
    g, b = result.generation, result.build
    size, _ = targets_for(result.entries)
    lines = [f"## {result.entries:,} entries", "",
             f"- Run: {result.machine.date}; {result.machine.line()}.",
             f"- Data: seed {result.seed}, built as of {result.as_of}; {g.departments} departments, {g.files} files, "
             f"{g.rows:,} rows ({g.adds:,} 新增, {g.updates:,} 更新, {g.withdrawals:,} 移出, {g.planted} planted errors), "
             f"{g.bytes / MB:,.1f} MB, written in {g.seconds:.1f} s ({g.rows_per_second:,.0f} rows/s).",
             (f"- Entries published: **{result.published:,}** (the generator expected {g.expected_published:,}; "
              f"{b.counts.get('expired', 0):,} expired, {b.counts.get('rows_rejected', 0):,} rows rejected)." if b.ok else
              f"- Entries published: none, the build did not finish (the generator expected {g.expected_published:,})."),
             (f"- Peak memory: **{b.peak_memory_bytes / MB:,.0f} MB** (the larger of the build process's max RSS,"
              f" {b.peak_rss_bytes / MB:,.0f} MB, and the largest sampled PSS of it and its forked workers together,"
              f" {b.tree_peak_pss_bytes / MB:,.0f} MB; largest worker's max RSS {b.worker_peak_rss_bytes / MB:,.0f} MB,"
              f" largest sampled RSS sum {b.tree_peak_rss_sum_bytes / MB:,.0f} MB)." if b.ok else
              f"- Peak memory until the build stopped: **{b.peak_memory_bytes / MB:,.0f} MB** (largest sampled PSS of the"
              f" build and its workers; RSS sum {b.tree_peak_rss_sum_bytes / MB:,.0f} MB)."),
             f"- Output: **{b.output_files:,} files, {b.output_bytes / MB:,.1f} MB**." if b.ok else "- Output: none.", ""]
    if not b.ok:
        lines += [f"The build failed after {b.process_seconds:.0f} s; the end of its log (stages as they started and ended):", "",
                  "```", b.error.strip()[-2500:], "```", ""]
    else:
        lines += stage_lines(b) + [""]
    if result.baseline:
        base = result.baseline
        lines += [f"Naive Pelican on the same {base.articles:,} entries: " + (f"{base.seconds:.1f} s, {base.output_files:,} files."
                  if not base.error else f"failed ({base.error.strip()[-300:]})."), ""]
    lines += search_lines(result) + [""] + (batch_lines(result.batch, result.browser) if result.batch else ["Batch check not measured."])
    lines += ["", f"Targets (those for {size:,} entries; KB and MB are 1,000 and 1,000,000 bytes):", "",
              "| target | limit | measured | |", "|---|---|---|---|"]
    rows = target_rows(result)
    if result.batch and size in BATCH_TARGETS:
        rows += batch_target_rows(result.batch, *BATCH_TARGETS[size])
    lines += [f"| {what} | {limit} | {measured} | {verdict} |" for what, limit, measured, verdict in rows]
    return "\n".join(lines) + "\n"


INTRO = """# Benchmarks

Written by `python -m bench --entries N --write-docs` (`make bench` runs N = 10,000;
README says how to run 100,000 and 1,000,000). Each run generates a seeded synthetic
data folder of N published entries (bench/synthetic.py: 12–40 departments, both lists,
organisations, 个体工商户 and about 5 % natural persons, 更新 and 移出 rows in later files,
expired entries, 0.1 % deliberately wrong rows, realistic company names whose bigrams
武汉, 科技, 有限公司 are frequent), builds it with the real `build_site` in a child
process (peak memory: the larger of that process's maximum RSS and the sampled PSS
of it and the workers it forks), counts the files in `output/`,
and runs a fixed seeded set of queries in headless Chromium (bench/queries.py,
bench/browser.py), each compared with exhaustive matching by
`creditlists.search.segment.matches` over the published records. A section per N; a new
run replaces only the section of its N. Numbers depend on what else the machine is
doing: each section gives the load average at the start. Runs of 1,000,000 entries
use `--build-timeout 2400` (the search and batch check measured as at the other
sizes; the whole run takes about an hour, on a 80 GB free disk: the site is 20.5 GB); a
build stopped by the timeout (or by the memory guard, which stops it when the
machine has less than 2 GiB left) is recorded with the log of its stages.
What the numbers mean for the design, and what is still missing: docs/performance.md.

## Targets (2 cores, 20.5 GB)

| entries | full build | peak memory | search gzipped bytes per query, median / 95th pct | results identical to exhaustive matching |
|---:|---:|---:|---:|---|
| 10,000 | ≤ 0.35 × naive Pelican on the same entries, same run | — | ≤ 150 KB / 300 KB | yes |
| 100,000 | ≤ 40 s and ≤ 10 × the recorded 10,000-entry build | ≤ 1.5 GB | ≤ 300 KB / 600 KB | yes |
| 1,000,000 | ≤ 6 min | ≤ 6 GB | ≤ 500 KB / 1 MB | yes |

Naive Pelican (bench/baseline.py, run for sizes up to 20,000): one Markdown article
per published entry with its fields as a table, Pelican's default theme and settings,
20 articles per index page, timed around `Pelican(settings).run()` in a child process
as the real build is timed around `build_site`.
"""
MARK = re.compile(r"<!-- bench entries=(\d+) -->\n(.*?)<!-- /bench -->\n", re.S)


def sections_of(text: str) -> dict[int, str]:
    return {int(n): body for n, body in MARK.findall(text)}


def update_docs(result: BenchResult, path: Path = DOCS, note: str = "") -> None:
    """Replace (or add) the section of this run's N; keep the others, ordered by N."""
    sections = sections_of(path.read_text(encoding="utf-8")) if path.is_file() else {}
    sections[result.entries] = section(result) + (f"\n{note.strip()}\n" if note.strip() else "")
    body = "".join(f"<!-- bench entries={n} -->\n{sections[n]}<!-- /bench -->\n\n" for n in sorted(sections))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(INTRO + "\n" + body.rstrip("\n") + "\n", encoding="utf-8")


def add_note(entries: int, note: str, path: Path = DOCS) -> None:
    """A section for a size that was not run, saying why (kept until a run of that size replaces it)."""
    put_section(entries, f"## {entries:,} entries\n\n{note.strip()}\n", path)


def put_section(entries: int, text: str, path: Path = DOCS) -> None:
    """Replace (or add) the section of ``entries`` with ``text``; keep the others, ordered by N."""
    sections = sections_of(path.read_text(encoding="utf-8")) if path.is_file() else {}
    sections[entries] = text
    body = "".join(f"<!-- bench entries={n} -->\n{sections[n]}<!-- /bench -->\n\n" for n in sorted(sections))
    path.write_text(INTRO + "\n" + body.rstrip("\n") + "\n", encoding="utf-8")


def load_result(path: Path) -> BenchResult:
    """A run back from the ``bench-result.json`` it left (``--keep``), to record it again."""
    import json

    from .browser import Fetched
    from .synthetic import GenerationSummary as Generation

    data = json.loads(path.read_text(encoding="utf-8"))
    runs = []
    for run in data["runs"]:
        fetched = [Fetched(**f) for f in run.pop("fetched")]
        more = [Fetched(**f) for f in run.pop("fetched_more")]
        runs.append(QueryRun(**run, fetched=fetched, fetched_more=more))
    return BenchResult(data["entries"], data["seed"], data["as_of"], Machine(**data["machine"]), Generation(**data["generation"]),
                       BuildResult(**data["build"]), runs, data["browser"], data["browser_skipped"],
                       [BatchRun(**run) for run in data.get("batch", [])],
                       BaselineRun(**data["baseline"]) if data.get("baseline") else None, data.get("reference_seconds"))


def summary_table(result: BenchResult) -> str:
    """What the command prints: the section without Markdown ceremony is readable enough."""
    return section(result)
