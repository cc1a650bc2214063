"""The batch check (/check/) in headless Chromium: 5,000 lines of codes and names, as an official pastes them.

    python -m bench.batch_check --sample [--write-docs]    # the sample site, built from data/ as of 2026-11-29

(``python -m bench --entries N`` runs the same measurement on its synthetic site.)

The lines come from the built data (``tests/batch_subjects.py``): a share of
subjects in force (drawn again when the data have fewer), up to 5 % withdrawn,
expired or rejected ones, and made-up ones for the rest; codes typed as they
are, in lower case, full-width or grouped with spaces, with and without names;
persons by name. Each mix runs in a fresh browser context (empty cache): load
check/, put the lines in the box as a paste does, press 核查, wait for the
result. Time: the page's own measure (``data-ms``, from the press to the
rendered table: reading the lines, the lookup files, the store records).
Bytes: every file fetched (the page's resource timing), gzipped at level 6
from the files on disk (``browser.SiteFiles``), by kind. The site is served by
Python's http.server, as in the tests, but in a process of its own (HTTP/1.0,
a connection per request: a real server with keep-alive or HTTP/2 answers the
thousands of small requests of a long list faster). The lines reported as listed are compared
with the lines whose subject is in force.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

LINES = 5000
GONE_SHARE = 0.05
# (name, share of lines whose subject is in force): a typical list, and one where half are listed.
MIXES = (("10 % listed", 0.10), ("50 % listed", 0.50))
DONE = "attempt => { const box = document.getElementById('batch-check'); return box.dataset.attempt > attempt && box.dataset.state !== 'working'; }"
KINDS = (("lookup", "check/"), ("store", "search/store/"), ("search", "search/"), ("scripts", "theme/js/"))


@dataclass
class BatchRun:
    mix: str
    lines: int
    listed_expected: int
    listed_reported: int = 0
    identical: bool = False  # exactly the lines of subjects in force reported as listed
    ms: float = 0.0  # from pressing 核查 to the rendered result (the page's data-ms)
    page_ms: float = 0.0  # loading check/ until its script ran
    requests: int = 0
    gzip_by_kind: dict[str, int] = field(default_factory=dict)  # lookup, store, search, scripts, page
    files_by_kind: dict[str, int] = field(default_factory=dict)
    error: str = ""

    @property
    def gzip_bytes(self) -> int:
        return sum(self.gzip_by_kind.values())


def kind_of(url: str, base_path: str) -> str:
    path = urlsplit(url).path[len(base_path):]
    return next((kind for kind, prefix in KINDS if path.startswith(prefix) and path != "check/"), "page")


def make_lines(dataset, data: Path, count: int, listed_share: float, seed: int) -> tuple[list[str], set[int]]:
    """``count`` lines and the numbers (from 1) of those whose subject is in force."""
    from tests.batch_subjects import CURRENT, current_subjects, gone_subjects, line_of, unknown_subjects

    rng = random.Random(seed)
    current, gone = current_subjects(dataset), gone_subjects(dataset, data)
    listed = [rng.choice(current) for _ in range(round(count * listed_share))] if current else []
    taken_off = rng.sample(gone, min(len(gone), round(count * GONE_SHARE)))
    mix = listed + taken_off
    mix += unknown_subjects(count - len(mix), rng, current + gone)
    rng.shuffle(mix)
    return [line_of(x, rng.randrange(16)) for x in mix], {n for n, x in enumerate(mix, start=1) if x.kind == CURRENT}


# Every URL the page fetched, from the browser's own resource timing (a listener per response in
# this process would compete with the measured page for time); the buffer holds 250 by default.
WATCH = "performance.setResourceTimingBufferSize(1000000);"
FETCHED = "() => [location.href].concat(performance.getEntriesByType('resource').map(e => e.name))"
# Requests to any other host are refused before they leave the browser (only the site's files are measured).
ELSEWHERE = re.compile(r"^(?!https?://127\.0\.0\.1[:/])")


def run_mix(browser, base_url: str, files, mix: str, lines: list[str], expected: set[int], timeout_ms: float) -> BatchRun:
    run = BatchRun(mix, len(lines), len(expected))
    context = browser.new_context(base_url=base_url)
    try:
        context.route(ELSEWHERE, lambda route: route.abort())
        page = context.new_page()
        page.add_init_script(WATCH)
        page.goto("check/")
        run.page_ms = page.evaluate("performance.now()")
        page.eval_on_selector("#bc-input", "(box, text) => { box.value = text; }", "\n".join(lines))
        page.click("#bc-run")
        page.wait_for_function(DONE, arg=0, timeout=timeout_ms)
        if page.get_attribute("#batch-check", "data-state") != "done":
            run.error = page.text_content("#bc-message") or "the check did not finish"
            return run
        run.ms = float(page.get_attribute("#batch-check", "data-ms") or 0)
        verdicts = page.eval_on_selector_all("#bc-table tbody tr[data-verdict=listed]", "rows => rows.map(r => Number(r.dataset.line))")
        reported = set(verdicts)
        run.listed_reported, run.identical = len(reported), reported == expected
        fetched = [url for url in page.evaluate(FETCHED) if url.startswith("http")]
        for url in fetched:
            kind = kind_of(url, files.base_path)
            run.gzip_by_kind[kind] = run.gzip_by_kind.get(kind, 0) + files.sizes(url)[1]
            run.files_by_kind[kind] = run.files_by_kind.get(kind, 0) + 1
        run.requests = len(fetched)
    except Exception as exc:  # a failed run is a result to report
        run.error = f"{type(exc).__name__}: {exc}"[:500]
    finally:
        context.close()
    return run


@contextlib.contextmanager
def served(output: Path) -> Iterator[str]:
    """``output`` served by Python's http.server (as the tests' harness serves it) in a process of its own,
    so that the measuring client does not take the server's time; yields the base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "--directory", str(output), str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=10)


def measure(output: Path, dataset, data: Path, seed: int, count: int = LINES, timeout_ms: float = 300_000) -> list[BatchRun]:
    """Serve ``output`` and run each mix of ``count`` lines."""
    from playwright.sync_api import sync_playwright

    from tests.browser.harness import launch

    from .browser import SiteFiles

    prepared = [(name, *make_lines(dataset, data, count, share, seed + number)) for number, (name, share) in enumerate(MIXES)]
    with served(output) as base_url, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            files = SiteFiles(output, base_url)
            return [run_mix(browser, base_url, files, name, lines, expected, timeout_ms) for name, lines, expected in prepared]
        finally:
            browser.close()


KB, MB = 1000, 1000 * 1000


def lines_of(runs: list[BatchRun], browser: str = "Chromium") -> list[str]:
    """The batch check's part of a docs section."""
    if not runs:
        return ["Batch check not measured."]
    lines = [f"Batch check (/check/): {runs[0].lines:,} lines pasted in {browser}, each mix in a fresh context (empty cache); "
             "time = the page's own measure from pressing 核查 to the rendered table; bytes = every response, gzipped at level 6 "
             "from the files on disk (lookup = check/meta.json and the code and name buckets; store = search/store/; search = search/meta.json; "
             "scripts = theme/js/; page = the HTML and CSS).", "",
             "| mix | listed lines (expected) | exactly those | time | gzipped bytes | lookup | store | search + scripts + page | requests |",
             "|---|---:|---|---:|---:|---:|---:|---:|---:|"]
    for r in runs:
        if r.error:
            lines.append(f"| {r.mix} | — ({r.listed_expected:,}) | failed: {r.error} | | | | | | |")
            continue
        k = r.gzip_by_kind
        rest = sum(v for key, v in k.items() if key not in ("lookup", "store"))
        lines.append(f"| {r.mix} | {r.listed_reported:,} ({r.listed_expected:,}) | {'yes' if r.identical else '**no**'} | {r.ms / 1000:,.1f} s | "
                     f"{r.gzip_bytes / MB:,.2f} MB | {k.get('lookup', 0) / KB:,.0f} KB ({r.files_by_kind.get('lookup', 0):,} files) | "
                     f"{k.get('store', 0) / KB:,.0f} KB ({r.files_by_kind.get('store', 0):,} files) | {rest / KB:,.0f} KB | {r.requests:,} |")
    return lines


def target_rows(runs: list[BatchRun], seconds: float, megabytes: float | None) -> list[tuple[str, str, str, str]]:
    """(what, limit, measured, verdict) for the typical mix (the first)."""
    if not runs or runs[0].error:
        return [("batch check, 5,000 lines, time", f"< {seconds:,.0f} s", "—", "not measured")]
    first = runs[0]
    rows = [("batch check, 5,000 lines (10 % listed), time", f"< {seconds:,.0f} s", f"{first.ms / 1000:,.1f} s", "met" if first.ms < seconds * 1000 else "**missed**")]
    if megabytes is not None:
        rows.append(("batch check, 5,000 lines (10 % listed), gzipped bytes", f"< {megabytes:,.0f} MB", f"{first.gzip_bytes / MB:,.2f} MB",
                     "met" if first.gzip_bytes < megabytes * MB else "**missed**"))
    rows.append(("batch check reports exactly the subjects in force", "yes", "yes" if all(r.identical for r in runs) else "no",
                 "met" if all(r.identical for r in runs) else "**missed**"))
    return rows


SAMPLE_SECONDS = 10


def sample_section(entries: int, runs: list[BatchRun], machine_line: str, date: str) -> str:
    lines = [f"## {entries:,} entries: the sample site, batch check only", "",
             f"- Run: {date}; {machine_line}.",
             "- Site: `data/` built as of 2026-11-29 (`python -m bench.batch_check --sample --write-docs`).", ""]
    lines += lines_of(runs) + ["", "Targets:", "", "| target | limit | measured | |", "|---|---|---|---|"]
    lines += [f"| {what} | {limit} | {measured} | {verdict} |" for what, limit, measured, verdict in target_rows(runs, SAMPLE_SECONDS, None)]
    return "\n".join(lines) + "\n"


def run_sample(write_docs: bool, seed: int) -> list[BatchRun]:
    """Build data/ into a temporary folder, measure, print (and record) the section."""
    from creditlists.pipeline import compile_dataset
    from creditlists.publish.build import build_site

    from . import report
    from .synthetic import AS_OF

    data = report.ROOT / "data"
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as folder:
        build_site(data, Path(folder) / "output", Path(folder) / "reports", AS_OF)
        dataset = compile_dataset(data, AS_OF)
        runs = measure(Path(folder) / "output", dataset, data, seed)
    machine = report.Machine.describe()
    text = sample_section(len(dataset.merged.entries), runs, machine.line(), machine.date)
    print(text)
    if write_docs:
        report.put_section(len(dataset.merged.entries), text)
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.batch_check", description="The batch check of 5,000 lines on the sample site.")
    parser.add_argument("--sample", action="store_true", required=True, help="measure the sample site built from data/")
    parser.add_argument("--write-docs", action="store_true", help="record the run in docs/benchmarks.md")
    parser.add_argument("--seed", type=int, default=20180920)
    args = parser.parse_args(argv)
    runs = run_sample(args.write_docs, args.seed)
    return 0 if runs and all(r.identical for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
