"""Every link in the built site: internal links reach a file, fragments reach
an id, nothing points to another host, and sitemap.xml lists only real pages."""

from __future__ import annotations

import html.parser
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

import pelicanconf
import publishconf
from tests.browser.harness import build_once

# The only addresses on other hosts a page may link to. There are none: the
# site makes no outside request and sends visitors nowhere else.
ALLOWED_EXTERNAL: set[str] = set()
# The site's own address (pelicanconf's, empty for relative URLs, and the
# deployment one of publishconf): links starting with it are internal.
SITE_PREFIXES = tuple(url.rstrip("/") + "/" for url in {pelicanconf.SITEURL, publishconf.SITEURL} if url)
# A stand-in origin to resolve relative links against.
BASE = "http://site.invalid/"
LINK_ATTRIBUTES = {"href", "src", "action", "poster", "data"}
# Schemes that name no file: allowed, not followed.
NOT_FETCHED = {"mailto", "tel", "data"}


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's built site (the same build the browser tests use)."""
    return build_once(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def report(output: Path) -> LinkReport:
    return check_site(output)


@dataclass
class PageLinks:
    links: list[tuple[str, str]] = field(default_factory=list)  # (tag.attribute, value)
    ids: set[str] = field(default_factory=set)


class _Collector(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PageLinks()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.page.ids.add(value)
            elif name in LINK_ATTRIBUTES:
                self.page.links.append((f"{tag}.{name}", value.strip()))

    handle_startendtag = handle_starttag


def parse(path: Path) -> PageLinks:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    collector.close()
    return collector.page


def page_url(output: Path, path: Path) -> str:
    """The URL a file is served at: folder/index.html is folder/."""
    relative = path.relative_to(output).as_posix()
    return BASE + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def target_file(output: Path, url: str) -> Path | None:
    """The file a resolved in-site URL is served from, or None if there is none."""
    path = unquote(urlsplit(url).path).lstrip("/")
    candidate = output / path
    if not candidate.resolve().is_relative_to(output.resolve()):
        return None
    if path == "" or path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def root_relative(url: str) -> str:
    """A link starting with the site's own address, made root-relative."""
    for prefix in SITE_PREFIXES:
        if url.startswith(prefix) or url == prefix.rstrip("/"):
            return "/" + url[len(prefix):]
    return url


@dataclass
class LinkReport:
    broken: list[str] = field(default_factory=list)
    bad_fragments: list[str] = field(default_factory=list)
    external: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    checked: int = 0


def check_site(output: Path) -> LinkReport:
    pages = {path: parse(path) for path in sorted(output.rglob("*.html"))}
    report = LinkReport()
    for path, found in pages.items():
        here = page_url(output, path)
        where = path.relative_to(output).as_posix()
        for attribute, original in found.links:
            value = root_relative(original)
            parts = urlsplit(value)
            if parts.scheme in NOT_FETCHED:
                continue
            if parts.scheme not in ("", "http", "https"):
                report.broken.append(f"{where}: {attribute}={value!r}: scheme {parts.scheme}: is not allowed")
                continue
            if parts.netloc:
                report.external[value].append(where)
                continue
            report.checked += 1
            resolved = urljoin(here, value)
            if not resolved.startswith(BASE):
                report.broken.append(f"{where}: {attribute}={value!r} leaves the site")
                continue
            target = target_file(output, resolved)
            if target is None:
                report.broken.append(f"{where}: {attribute}={value!r} → /{urlsplit(resolved).path.lstrip('/')}: no such file")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html" and fragment not in pages[target].ids:
                report.bad_fragments.append(f"{where}: {attribute}={value!r}: no id {fragment!r} in {target.relative_to(output).as_posix()}")
    return report


def test_every_internal_link_reaches_a_file_and_fragment(output: Path, report: LinkReport):
    assert report.checked > 100, f"only {report.checked} links checked: is the site empty?"
    problems = report.broken + report.bad_fragments
    assert not problems, f"{len(problems)} broken links:\n" + "\n".join(problems[:100])


def test_no_links_to_other_hosts(report: LinkReport):
    external = report.external
    listed = "\n".join(f"{url} (on {len(pages)} pages, e.g. {pages[0]})" for url, pages in sorted(external.items()))
    print(f"external links:\n{listed or '(none)'}")
    assert set(external) <= ALLOWED_EXTERNAL, f"links to other hosts that are not allowed:\n{listed}"


def test_sitemap_lists_only_existing_pages(output: Path):
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text or "" for loc in ET.parse(output / "sitemap.xml").getroot().findall("s:url/s:loc", namespace)]
    assert locations, "sitemap.xml lists no pages"
    assert len(locations) == len(set(locations)), "sitemap.xml lists a page twice"
    missing = []
    for location in map(root_relative, locations):
        assert not urlsplit(location).netloc, f"sitemap.xml points to another host: {location}"
        target = target_file(output, urljoin(BASE, location))
        if target is None or target.suffix != ".html":
            missing.append(location)
    assert not missing, "sitemap.xml lists pages that do not exist:\n" + "\n".join(missing)
    listed = {target_file(output, urljoin(BASE, root_relative(loc))) for loc in locations}
    assert output / "index.html" in listed and output / "404.html" not in listed
