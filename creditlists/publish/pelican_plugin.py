"""The Pelican plugin: a generator that renders the site straight from the
merged dataset through the theme's templates (no Markdown file per entry)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from pelican import signals
from pelican.generators import Generator

from creditlists import schema as s
from creditlists import settings as defaults
from creditlists.dataset import Dataset
from creditlists.intake.problems import CODES, ERROR
from creditlists.parallel import parallel_map, processes
from creditlists.pipeline import compile_dataset
from creditlists.publish import feeds, policy_pages, site
from creditlists.publish.opendata import write_open_data
from creditlists.publish.reports import write_reports
from creditlists.publish.subjects import subject_key
from creditlists.search.index import search_files
from creditlists.timing import Timings

if TYPE_CHECKING:
    from pelican import Pelican
    from pelican.writers import Writer

Download = dict[str, str | int]  # a data/templates/ file offered on the guide page: name, url, bytes


def dataset_for(settings: dict[str, Any]) -> Dataset:
    """The dataset handed over by ``build_lists.py``, or compiled here for plain ``pelican``."""
    if settings.get("CREDIT_DATASET") is not None:
        handed_over: Dataset = settings["CREDIT_DATASET"]
        return handed_over
    as_of = settings.get("CREDIT_AS_OF")
    dataset = compile_dataset(Path(settings["CREDIT_DATA_DIR"]), dt.date.fromisoformat(as_of) if as_of else None, timings_for(settings))
    write_reports(dataset, Path(settings["CREDIT_REPORTS_DIR"]))
    return dataset


def timings_for(settings: dict[str, Any]) -> Timings:
    """The build's stage timer (``CREDIT_TIMINGS``, set by ``build_site``), or a fresh one."""
    found = settings.get("CREDIT_TIMINGS")
    return found if isinstance(found, Timings) else Timings()


class ListsGenerator(Generator):  # type: ignore[misc]  # pelican has no type information
    """Writes every page made from the dataset, the feeds and the open data."""

    def generate_context(self) -> None:
        self.timings = timings_for(self.settings)
        self.dataset = dataset_for(self.settings)
        self.model = site.build_model(self.dataset, subject_key(self.dataset.sample_data))
        self.changes = site.change_views(self.model)
        self.context["credit"] = {
            "as_of": self.dataset.as_of.isoformat(),
            "sample_data": self.dataset.sample_data,
            "counts": self.dataset.list_counts(),
            "list_slugs": site.LIST_SLUGS,
        }
        self.context["measures_by_list"] = self.dataset.vocabulary.measures
        self.context["section_anchor"] = policy_pages.section_anchor  # "二（五）2" -> the policy page anchor
        self.context["section_title"] = policy_pages.section_title  # "二（五）2" -> "第二部分（五）2"

    def generate_output(self, writer: Writer) -> None:
        output = Path(self.output_path)
        with self.timings.stage("open data"):
            sizes = write_open_data(self.dataset, output)
        with self.timings.stage("search index"):
            self._write_search(output)
        with self.timings.stage("render"):
            templates = self._copy_templates(output)
            self._write_charts(output)
            page_urls = render_all(self, sizes, templates)
            self._write_feeds(output)
            self._write_404(writer)
            self._write_sitemap(output, page_urls)

    def _pages(self, sizes: dict[str, int], templates: list[Download]) -> Iterator[site.Page]:
        model = self.model
        per_page = self.settings.get("CREDIT_PAGE_SIZE", defaults.PAGE_SIZE)
        yield site.Page("index.html", "home", {"additions": [c for c in self.changes if c["action"] == s.ADD and c["name"]][:10],
                                               "removals": [c for c in self.changes if c["action"] in (s.WITHDRAW, s.EXPIRE)][:10]})
        yield from site.list_pages(model, per_page)
        yield from site.subject_pages(model)
        yield from site.department_pages(model)
        yield site.department_index(model)
        yield from site.paginate(self.changes, defaults.CHANGES_PAGE_SIZE, "changes/", "changes", {"feeds": feeds.feed_paths(self.dataset)})
        yield site.Page("data/index.html", "data", {"sizes": sizes, "fields": s.PUBLISHED_FIELDS, "rows": len(model.views)})
        yield site.Page("guide/index.html", "guide", {"columns": s.COLUMN_RULES, "templates": templates, "vocabulary": self.dataset.vocabulary,
                                                      "codes": [(c, "错误" if sev == ERROR else "提示", m) for c, (sev, m) in CODES.items()]})
        yield site.Page("search/index.html", "search", {})
        yield from policy_pages.pages(model)

    def render(self, page: site.Page) -> str:
        """Render and write one page; returns its URL. Relative links as Pelican's writer makes them."""
        depth = page.path.count("/")
        local = dict(self.context)
        if self.settings["RELATIVE_URLS"]:
            local["SITEURL"] = "/".join([".."] * depth) or "."
        local.update(output_file=page.path, page_name=page.path.removesuffix("index.html").rstrip("/") or "index",
                     page_url=page.url, **page.context)
        target = Path(self.output_path) / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(self.get_template(page.template).render(local), encoding="utf-8")
        return page.url

    def _copy_templates(self, output: Path) -> list[Download]:
        """Offer data/templates/ for download on the guide page (the pipeline checked each is safe to copy)."""
        found = self.dataset.templates
        (output / "templates").mkdir(parents=True, exist_ok=True)
        for path in found:
            shutil.copyfile(path, output / "templates" / path.name)
        return [{"name": p.name, "url": f"templates/{p.name}", "bytes": p.stat().st_size} for p in found]

    def _write_search(self, output: Path) -> None:
        """The index and store under search/, and lunr.js from the npm package (no CDN)."""
        for name, content in search_files(self.model.views):
            (output / name).parent.mkdir(parents=True, exist_ok=True)
            (output / name).write_bytes(content)
        lunr_js = Path(self.settings.get("CREDIT_LUNR_JS", defaults.LUNR_JS))
        if not lunr_js.is_file():
            raise FileNotFoundError(f"找不到 {lunr_js}：请先运行 make setup（npm ci 安装 lunr）")
        (output / "theme" / "js").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(lunr_js, output / "theme" / "js" / "lunr.min.js")

    def _write_charts(self, output: Path) -> None:
        """The usage reports' SVG charts, drawn at build time (the pages show them with <img>)."""
        for name, content in policy_pages.chart_files(self.dataset).items():
            (output / name).parent.mkdir(parents=True, exist_ok=True)
            (output / name).write_bytes(content)

    def _site_url(self) -> str:
        return (self.settings.get("FEED_DOMAIN") or self.settings.get("SITEURL") or "").rstrip("/")

    def _write_feeds(self, output: Path) -> None:
        for path, title in feeds.feed_paths(self.dataset).items():
            text = feeds.render_feed(title, path, feeds.select(self.changes, path), self._site_url(), self.settings["SITENAME"], self.dataset.as_of)
            target = output / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")

    def _write_404(self, writer: Writer) -> None:
        """Served for any missing path, so its links are root-relative, not relative."""
        writer.write_file("404.html", self.get_template("404"), self.context, False, page_name="404", page_url="404.html")

    def _write_sitemap(self, output: Path, page_urls: list[str]) -> None:
        base = self._site_url()
        urls = sorted(set(page_urls) | {p.save_as.removesuffix("index.html") for p in self.context.get("pages", [])})
        body = "".join(f"<url><loc>{escape(base + '/' + url)}</loc><lastmod>{self.dataset.as_of.isoformat()}</lastmod></url>\n" for url in urls)
        (output / "sitemap.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + body + "</urlset>\n", encoding="utf-8")
        sitemap = f"Sitemap: {base}/sitemap.xml\n" if base.startswith("http") else ""
        (output / "robots.txt").write_text(f"User-agent: *\nAllow: /\n{sitemap}", encoding="utf-8")


def render_all(generator: ListsGenerator, sizes: dict[str, int], templates: list[Download]) -> list[str]:
    """Render every page, over both cores for a large site; returns their URLs in order.

    Each forked worker renders every ``count``-th page of the same page sequence.
    """
    large = len(generator.model.views) >= defaults.PARALLEL_MIN_ENTRIES
    count = processes() if large else 1

    def share(index: int) -> list[str]:
        return [generator.render(page) for number, page in enumerate(generator._pages(sizes, templates)) if number % count == index]

    return [url for urls in parallel_map(share, list(range(count)), large) for url in urls]


def get_generators(pelican: Pelican) -> type[ListsGenerator]:
    return ListsGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
