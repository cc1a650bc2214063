"""The Pelican plugin: a generator that renders the site straight from the
merged dataset through the theme's templates (no Markdown file per entry)."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from pelican import signals
from pelican.generators import Generator

from creditlists import schema as s
from creditlists import settings as defaults
from creditlists.dataset import Dataset
from creditlists.intake.identifiers import run_byte_tables
from creditlists.intake.problems import CODES, ERROR
from creditlists.intake.vocab import Measure
from creditlists.parallel import parallel_map, processes
from creditlists.publish import checker_files, feeds, policy_pages, site, sitemap, stats
from creditlists.publish.allowlist import WrittenFiles
from creditlists.publish.blocks import BlockCache
from creditlists.publish.leaks import clear_of_runs
from creditlists.publish.opendata import CHANGE_FIELDS, ENTRY_FIELDS, write_open_data
from creditlists.publish.render import PageRenderer
from creditlists.publish.subjects import subject_key
from creditlists.search import lookup
from creditlists.search.index import search_files
from creditlists.timing import Timings

if TYPE_CHECKING:
    from pelican import Pelican
    from pelican.writers import Writer

Download = dict[str, str | int]  # a data/templates/ file offered on the guide page: name, url, bytes


REFUSAL = ("本网站只能用 build_lists.py build 构建：它校验数据、检查证件号码是否泄露，并在成功后才整体替换输出文件夹。"
           "部署时请用 build_lists.py build --settings publishconf.py（或 --site-url 网址）。"
           "单独运行的 pelican 已拒绝执行，输出文件夹没有改动。")


def refuse_unless_built(pelican: Pelican) -> None:
    """Stop a plain ``pelican`` run before it writes anything: only the build has the guards.

    SystemExit, not an exception: Pelican's command line would log an
    exception with a traceback, and this is a message for the operator.
    """
    if not isinstance(pelican.settings.get("CREDIT_DATASET"), Dataset) or not isinstance(pelican.settings.get("CREDIT_WRITTEN"), WrittenFiles):
        print(REFUSAL, file=sys.stderr)
        raise SystemExit(1)


def record_written(path: str, context: dict[str, Any]) -> None:
    """Pelican's ``content_written``: the pages Pelican writes itself (content/pages, 404) go on the allow-list."""
    written = context.get("CREDIT_WRITTEN")
    if isinstance(written, WrittenFiles):
        written.add_under(Path(context["OUTPUT_PATH"]), path)


def timings_for(settings: dict[str, Any]) -> Timings:
    """The build's stage timer (``CREDIT_TIMINGS``, set by ``build_site``), or a fresh one."""
    found = settings.get("CREDIT_TIMINGS")
    return found if isinstance(found, Timings) else Timings()


class ListsGenerator(Generator):  # type: ignore[misc]  # pelican has no type information
    """Writes every page made from the dataset, the feeds and the open data."""

    def generate_context(self) -> None:
        self.timings = timings_for(self.settings)
        self.dataset: Dataset = self.settings["CREDIT_DATASET"]
        self.written: WrittenFiles = self.settings["CREDIT_WRITTEN"]
        self._expect_theme_files()
        self.key = subject_key(self.dataset.sample_data)
        self.model = site.build_model(self.dataset, self.key)
        self.changes = site.change_views(self.model)
        self.statistics = stats.compute(self.dataset)  # /stats/, its charts and data/stats/*.csv
        # Attributes, not a dict: base.html reads credit.as_of on every page, and Jinja's credit.as_of on a dict fails a lookup first.
        self.context["credit"] = SimpleNamespace(
            as_of=self.dataset.as_of.isoformat(),
            sample_data=self.dataset.sample_data,
            counts=self.dataset.list_counts(),
            list_slugs=site.LIST_SLUGS,
            license={**defaults.OPEN_DATA_LICENSE, "title_zh": defaults.OPEN_DATA_LICENSE_TITLE, "publisher": defaults.OPEN_DATA_PUBLISHER},
        )
        self.context["measures_by_list"] = self.dataset.vocabulary.measures
        self.context["section_anchor"] = policy_pages.section_anchor  # "二（五）2" -> the policy page anchor
        self.context["section_title"] = policy_pages.section_title  # "二（五）2" -> "第二部分（五）2"
        self.context["tel_href"] = site.tel_href  # "027-8888 8888" -> "tel:02788888888"
        self.context.update(template_globals(self.dataset.vocabulary.measures))

    def generate_output(self, writer: Writer) -> None:
        with self.timings.stage("open data"):
            sizes = write_open_data(self.dataset, Path(self.output_path), self.key, self._site_url(), extra_tables=stats.stats_tables(self.statistics))
            for name in sizes:
                self.written.add(f"data/{name}")
        with self.timings.stage("search index"):
            self._write_search()
        with self.timings.stage("render"):
            templates = self._copy_templates()
            self.checker_download = self._write_checker()
            self._write_charts()
            groups = self._page_groups(sizes, templates)
            render_all(self.renderer(), groups, len(self.model.views) >= defaults.PARALLEL_MIN_ENTRIES, self.written)
            self._write_feeds()
            self._write_404(writer)
            self._write_sitemap(site.page_url_of(group.path(index)) for group in groups for index in range(len(group)))

    def _page_groups(self, sizes: dict[str, int], templates: list[Download]) -> list[site.PageGroup]:
        """Every page of the site, as groups the workers split before any page is built (see ``render_all``)."""
        model = self.model
        per_page = self.settings.get("CREDIT_PAGE_SIZE", defaults.PAGE_SIZE)
        home = site.Page("index.html", "home", {"additions": [c for c in self.changes if c["action"] == s.ADD and c["name"]][:10],
                                                "removals": [c for c in self.changes if c["action"] in (s.WITHDRAW, s.EXPIRE)][:10]})
        return [
            site.Fixed([home]),
            *site.list_pages(model, per_page),
            site.subject_pages(model),
            site.Fixed([*site.department_pages(model), site.department_index(model)]),
            site.Paginated(self.changes, defaults.CHANGES_PAGE_SIZE, "changes/", "changes", {"feeds": feeds.feed_paths(self.dataset)}),
            site.Fixed(self._single_pages(sizes, templates)),
        ]

    def _single_pages(self, sizes: dict[str, int], templates: list[Download]) -> list[site.Page]:
        """The pages of which the site has one (or a few, as the policy pages): built in the parent, rendered by whichever worker."""
        return [
            site.Page("data/index.html", "data", {"sizes": sizes, "fields": ENTRY_FIELDS, "change_fields": CHANGE_FIELDS, "rows": len(self.model.views),
                                                  "change_rows": len(self.changes)}),
            site.Page("guide/index.html", "guide", {"columns": s.COLUMN_RULES, "templates": templates, "vocabulary": self.dataset.vocabulary,
                                                    "codes": [(c, "错误" if sev == ERROR else "提示", m) for c, (sev, m) in CODES.items()],
                                                    "contact": defaults.SUBMISSION_CONTACT}),
            site.Page("search/index.html", "search", {}),
            site.Page(f"{lookup.FOLDER}/index.html", "batch_check", lookup.page_context()),
            site.Page(f"{checker_files.CHECK}/index.html", "check", checker_files.page_context(self.dataset, self.checker_download)),
            *policy_pages.pages(self.model),
            site.Page("stats/index.html", "stats", stats.page_context(self.statistics)),
        ]

    def renderer(self) -> PageRenderer:
        """What renders the pages: the shared context prepared once, relative links as Pelican's writer makes them."""
        return PageRenderer(self.env, self.get_template, self.context, self.output_path, bool(self.settings["RELATIVE_URLS"]))

    def write(self, name: str, content: bytes) -> None:
        """Write one file of the site and put it on the allow-list."""
        target = Path(self.output_path) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        self.written.add_checked(name, clear=clear_of_runs(name, content))

    def _expect_theme_files(self) -> None:
        """Pelican copies the theme's static folders into the site: those files are expected."""
        for folder in self.settings["THEME_STATIC_PATHS"]:
            self.written.add_tree(Path(self.theme) / folder, self.settings["THEME_STATIC_DIR"])

    def _copy_templates(self) -> list[Download]:
        """Offer data/templates/ for download on the guide page (the pipeline checked each is safe to copy)."""
        found = self.dataset.templates
        for path in found:
            self.write(f"templates/{path.name}", path.read_bytes())
        return [{"name": p.name, "url": f"templates/{p.name}", "bytes": p.stat().st_size} for p in found]

    def _write_search(self) -> None:
        """The index and store under search/, the batch check's lookup files under check/, and lunr.js from the npm package (no CDN)."""
        for name, content in search_files(self.model.views):
            self.write(name, content)
        for name, content in lookup.lookup_files(self.model.views):
            self.write(name, content)
        lunr_js = Path(self.settings.get("CREDIT_LUNR_JS", defaults.LUNR_JS))
        if not lunr_js.is_file():
            raise FileNotFoundError(f"找不到 {lunr_js}：请先运行 make setup（npm ci 安装 lunr）")
        self.write("theme/js/lunr.min.js", lunr_js.read_bytes())

    def _write_checker(self) -> int:
        """The file checker's runtime, code, register and keys (``checker_files``); returns its one-time download in bytes."""
        copied = checker_files.copied_sources(defaults.PYODIDE_DIR)
        generated = checker_files.generated_files(self.dataset)
        for name, path in copied.items():
            self.write(name, path.read_bytes())
        for name, content in generated.items():
            self.write(name, content)
        return checker_files.download_bytes(copied, generated)

    def _write_charts(self) -> None:
        """The usage reports' and the statistics' SVG charts, drawn at build time (the pages show them with <img>)."""
        for name, content in (policy_pages.chart_files(self.dataset) | stats.chart_files(self.statistics)).items():
            self.write(name, content)

    def _site_url(self) -> str:
        return (self.settings.get("FEED_DOMAIN") or self.settings.get("SITEURL") or "").rstrip("/")

    def _write_feeds(self) -> None:
        for path, title in feeds.feed_paths(self.dataset).items():
            text = feeds.render_feed(title, path, feeds.select(self.changes, path), self._site_url(), self.settings["SITENAME"], self.dataset.as_of)
            self.write(path, text.encode("utf-8"))

    def _write_404(self, writer: Writer) -> None:
        """Served for any missing path, so its links are root-relative, not relative."""
        writer.write_file("404.html", self.get_template("404"), self.context, False, page_name="404", page_url="404.html")

    def _write_sitemap(self, page_urls: Iterable[str]) -> None:
        base = self._site_url()
        urls = sorted(set(page_urls) | {p.save_as.removesuffix("index.html") for p in self.context.get("pages", [])})
        for path, content in sitemap.sitemap_files(base, urls, self.dataset.as_of.isoformat()).items():
            self.write(path, content)
        robots = f"Sitemap: {base}/sitemap.xml\n" if base.startswith("http") else ""
        self.write("robots.txt", f"User-agent: *\nAllow: /\n{robots}".encode())


def template_globals(measures: dict[str, list[Measure]]) -> dict[str, Any]:
    """Functions the templates call besides Pelican's: the block cache (``cached``) and the measures of an entry or category."""

    def measures_for(list_type: str, category: str, subject_type: str | None = None) -> tuple[Measure, ...]:
        return site.measures_for(measures, list_type, category, subject_type)

    return {**BlockCache().globals(), "measures_for": measures_for}


def render_all(renderer: PageRenderer, groups: list[site.PageGroup], large: bool, written: WrittenFiles) -> None:
    """Render every page, over both cores for a large site, and record each on ``written``.

    The pages are numbered through the groups in order and worker ``i`` of
    ``count`` takes every page whose number is ``i`` modulo ``count``, working
    out which those are from the groups' sizes alone: each worker builds and
    renders only its own pages, one at a time, and sends back how many it
    wrote and the few exceptions to the rule (pages the leak check's
    prefilter did not clear; clear pages too small for a ``.gz``), so neither
    holds a list of every page.
    """
    count = processes() if large else 1
    sizes = [len(group) for group in groups]
    offsets = [sum(sizes[:number]) for number in range(len(groups))]
    run_byte_tables()  # the prefilter's tables, once before the workers fork

    def share(worker: int) -> tuple[int, list[str], list[str]]:
        done, unclear, small = 0, [], []
        for group, size, offset in zip(groups, sizes, offsets):
            for index in range((worker - offset) % count, size, count):
                page = group.page(index)
                clear, compressed = renderer.render(page)
                done += 1
                if not clear:
                    unclear.append(page.path)
                elif not compressed:
                    small.append(page.path)
        return done, unclear, small

    shares = parallel_map(share, list(range(count)), large)
    if sum(done for done, _, _ in shares) != sum(sizes):
        raise RuntimeError(f"rendered {sum(done for done, _, _ in shares)} pages of {sum(sizes)}")
    unclear = {path for _, paths, _ in shares for path in paths}
    small = {path for _, _, paths in shares for path in paths}
    for group in groups:  # the paths from the groups, as the workers rendered them
        for index in range(len(group)):
            path = group.path(index)
            compressed = path not in unclear and path not in small
            written.add_checked(path, clear=path not in unclear, compressed=compressed)
            if compressed:
                written.add_checked(f"{path}.gz", clear=True)


def get_generators(pelican: Pelican) -> type[ListsGenerator]:
    return ListsGenerator


def register() -> None:
    signals.initialized.connect(refuse_unless_built)
    signals.content_written.connect(record_written)
    signals.get_generators.connect(get_generators)
