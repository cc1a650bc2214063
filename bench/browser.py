"""Each query in headless Chromium, as a first-time visitor: bytes fetched, time to results, results.

Every query gets a fresh browser context (empty cache), loads
``search/?q=…`` and waits for ``#search-results[data-state=done]``. The time
to results is ``performance.now()`` when the attribute appears (recorded in the
page by a MutationObserver, so polling adds nothing), i.e. from navigation
start. Bytes are counted from the files on disk, gzipped at level 6, for every
response the page received until then: "search" bytes are those fetched by
scripts or as scripts (the index, its shards, the document store, lunr.js,
segment.js, search.js …); "page" bytes are the HTML and the CSS. Then 显示更多
is pressed a few times, the page's engine is asked for every result (what that
fetches is counted apart, each file once), the results the page lists must be
the first of the engine's, and the engine's are compared with the exhaustive
result set.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from .queries import Pair, Query

SEARCH_TYPES = {"script", "fetch", "xhr"}
# How the page says it lists only some of the matches ("找到 406 条在列条目，列出前 100 条" …).
PARTIAL_WORDS = ("列出前", "只列出", "太多")
DONE = "#search-results[data-state=done]"
PRESSES = 3  # times 显示更多 is pressed before the engine is asked for the rest
# Record the moment search.js marks the results done, without polling.
DONE_WATCHER = """
(() => {
  const mark = () => {
    const box = document.getElementById('search-results');
    if (box && box.getAttribute('data-state') === 'done' && window.__benchDone === undefined) {
      window.__benchDone = performance.now();
    }
  };
  new MutationObserver(mark).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ['data-state']});
})();
"""
# Press 显示更多 a few times (the page's own paging), then ask the page's engine
# (engine.js, as search.js creates it) for every result: all refs in rank order by
# slices. Listing 100,000 hits by pressing 显示更多 2,000 times measured the DOM more than
# the search, and did not finish in 180 s. The refs become (决定文书号, 主体名称) pairs
# from the store files on disk (SiteFiles.pair_of), not in the page.
ALL_RESULTS = """
async ([text, presses, limitMs]) => {
  const box = document.getElementById('search-results');
  const items = () => box.querySelectorAll('li.result').length;
  const tick = () => new Promise(resolve => setTimeout(resolve, 0));
  const until = Date.now() + limitMs;
  let more, pressed = 0;
  while ((more = box.querySelector('button.more')) && pressed < presses && Date.now() < until) {
    const before = items();
    more.click();
    pressed += 1;
    while (more.isConnected && items() === before && Date.now() < until) await tick();
  }
  const shown = Array.from(box.querySelectorAll('li.result'), e => [e.getAttribute('data-decision'), e.getAttribute('data-name')]);
  const base = box.getAttribute('data-search');
  const engine = creditSearch.createEngine({lunr: lunr, segment: creditSegment,
    load: path => fetch(base + '/' + path, {credentials: 'same-origin'}).then(r => r.json())});
  const answer = await engine.search(text);
  const refs = [];
  for (let start = 0; start < answer.total; start += 5000) refs.push(...await answer.slice(start, start + 5000));
  return {pressed: pressed, shown: shown, refs: refs, total: answer.total};
}
"""


@dataclass
class Fetched:
    url: str
    resource_type: str
    status: int
    raw_bytes: int
    gzip_bytes: int


@dataclass
class QueryRun:
    """One query as the browser saw it, compared with its exhaustive result set."""

    kind: str
    query: str
    expected: int
    ok: bool = False  # the page finished without an error
    error: str = ""
    ms_to_results: float = 0.0
    status: str = ""  # the page's own words about the results
    shown_count: int = 0  # the number in ``#result-count`` (0 when nothing was found)
    listed: int = 0  # results of the page's engine, every slice of the answer
    missing: int = 0  # expected results not listed
    extra: int = 0  # listed results that are not hits
    says_partial: bool = False  # the page says it lists only some of the matches
    fetched: list[Fetched] = field(default_factory=list)  # until the first results were shown
    fetched_more: list[Fetched] = field(default_factory=list)  # to press 显示更多 and list them all

    @property
    def identical(self) -> bool:
        """Every hit listed, nothing else, and the count shown is the number of hits."""
        return self.ok and self.missing == 0 and self.extra == 0 and self.shown_count == self.expected

    @property
    def search_gzip_bytes(self) -> int:
        return sum(f.gzip_bytes for f in self.fetched if f.resource_type in SEARCH_TYPES)

    @property
    def all_results_gzip_bytes(self) -> int:
        """Search bytes to list every result, 显示更多 included; each file once, as a browser's cache has it."""
        files = {f.url: f.gzip_bytes for f in self.fetched + self.fetched_more if f.resource_type in SEARCH_TYPES}
        return sum(files.values())

    @property
    def page_gzip_bytes(self) -> int:
        return sum(f.gzip_bytes for f in self.fetched if f.resource_type not in SEARCH_TYPES)


class SiteFiles:
    """Sizes of the served files, raw and gzipped, looked up by URL and computed once each."""

    def __init__(self, output: Path, base_url: str):
        self.output = output
        self.base_path = urlsplit(base_url).path
        self.cache: dict[Path, tuple[int, int]] = {}
        self.stores: dict[int, list[list[str]]] = {}
        meta = json.loads((output / "search" / "meta.json").read_text(encoding="utf-8"))
        self.chunk = meta["chunk"]
        self.columns = meta["columns"].index(meta["result"]["decision"]), meta["columns"].index(meta["result"]["title"])

    def path_of(self, url: str) -> Path:
        path = unquote(urlsplit(url).path)[len(self.base_path):]
        if path == "" or path.endswith("/"):
            path += "index.html"
        return self.output / path

    def sizes(self, url: str) -> tuple[int, int]:
        path = self.path_of(url)
        if path not in self.cache:
            body = path.read_bytes() if path.is_file() else b""
            self.cache[path] = (len(body), len(gzip.compress(body, 6)) if body else 0)
        return self.cache[path]


    def pair_of(self, ref: int) -> Pair:
        """(决定文书号, 主体名称) of a search ref, from the store file that holds it."""
        number = ref // self.chunk
        if number not in self.stores:
            self.stores[number] = json.loads((self.output / "search" / "store" / f"{number}.json").read_text(encoding="utf-8"))
        record = self.stores[number][ref % self.chunk]
        return record[self.columns[0]], record[self.columns[1]]


def status_of(page) -> tuple[str, int]:
    """The page's status line and the count in ``#result-count`` ("找到 N 条在列条目"; 0 without one)."""
    texts = page.locator("#search-results p.status").all_inner_texts()
    counter = page.locator("#result-count")
    digits = re.search(r"\d+", counter.inner_text()) if counter.count() else None
    return " ".join(texts), int(digits.group()) if digits else 0


def compare(run: QueryRun, expected: list[Pair], listed: list[Pair]) -> None:
    """Missing and extra results, as multisets."""
    left = Counter(expected)
    left.subtract(Counter(listed))
    run.listed = len(listed)
    run.missing = sum(n for n in left.values() if n > 0)
    run.extra = -sum(n for n in left.values() if n < 0)


def run_query(browser, base_url: str, files: SiteFiles, query: Query, timeout_ms: float) -> QueryRun:
    """Load the search page for ``query`` in a fresh context and measure it."""
    from tests.browser.harness import is_local

    run = QueryRun(query.kind, query.text, len(query.expected))
    context = browser.new_context(base_url=base_url)
    try:
        context.route("**/*", lambda route: route.continue_() if is_local(route.request.url) else route.abort())
        page = context.new_page()
        page.add_init_script(DONE_WATCHER)
        responses: list = []
        page.on("response", lambda response: responses.append(response))
        page.goto(f"search/?q={quote(query.text)}", wait_until="commit")
        page.wait_for_selector(DONE, state="attached", timeout=timeout_ms)
        run.ms_to_results = page.evaluate("window.__benchDone")
        if page.locator("#search-results .status.error").count():
            run.error = page.locator("#search-results .status.error").inner_text()
        run.status, run.shown_count = status_of(page)
        run.says_partial = any(word in run.status for word in PARTIAL_WORDS)
        first = len(responses)  # what it took to show the first results; 显示更多 fetches the rest
        listed = page.evaluate(ALL_RESULTS, [query.text, PRESSES, timeout_ms])
        for number, response in enumerate(responses):
            if response.url.startswith("http"):
                raw, zipped = files.sizes(response.url)
                fetched = Fetched(response.url, response.request.resource_type, response.status, raw, zipped)
                (run.fetched if number < first else run.fetched_more).append(fetched)
        pairs = [files.pair_of(ref) for ref in listed["refs"]]
        compare(run, query.expected, pairs)
        shown = [tuple(pair) for pair in listed["shown"]]
        run.says_partial = run.says_partial or run.shown_count > run.listed
        if shown != pairs[: len(shown)]:
            run.error = f"the page lists {len(shown)} results that are not the engine's first {len(shown)}"
        run.ok = not run.error
    except Exception as exc:  # one failed query is a result to report, not the end of the benchmark
        run.error = f"{type(exc).__name__}: {exc}"[:500]
    finally:
        context.close()
    return run


def measure(output: Path, queries: list[Query], timeout_ms: float = 180_000, progress=None) -> tuple[list[QueryRun], str]:
    """Serve ``output`` and run every query; returns the runs and the browser's version."""
    from playwright.sync_api import sync_playwright

    from tests.browser.harness import launch, serve

    with serve(output) as base_url, sync_playwright() as playwright:
        browser = launch(playwright)
        files = SiteFiles(output, base_url)
        runs = []
        try:
            for number, query in enumerate(queries, start=1):
                runs.append(run_query(browser, base_url, files, query, timeout_ms))
                if progress:
                    progress(number, len(queries), runs[-1])
            return runs, f"Chromium {browser.version}"
        finally:
            browser.close()
