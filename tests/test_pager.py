"""The windowed pager (issue 16) shows exactly what the full loop over every page showed.

The pager macro once looped over the URL of every page of a list on every page
(25.7 ms a page in a list of 14,000 pages); now ``site.pagination`` hands it only
the links it shows. ``FULL_LOOP`` is that old macro, verbatim: for many (pages,
current page) pairs both must give the same bytes, under relative and absolute
links. The first test shows that the comparison catches a window one page too
narrow, so a passing run means something.
"""

from __future__ import annotations

import math

import pytest
from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemLoader

from credit_rows import ROOT
from creditlists.publish import site

FULL_LOOP = """{% macro pager(pagination) %}
{% if pagination and pagination.count > 1 %}
<nav class="pager" aria-label="分页">
  <p>第 {{ pagination.number }} / {{ pagination.count }} 页，第 {{ pagination.first_index }}–{{ pagination.last_index }} 条，共 {{ pagination.total }} 条</p>
  <ul>
  {% if pagination.number > 1 %}<li><a rel="prev" href="{{ SITEURL }}/{{ pagination.urls[pagination.number - 2] }}">上一页</a></li>{% endif %}
  {% for url in pagination.urls %}
    {% set n = loop.index %}
    {% if n == 1 or n == pagination.count or (n - pagination.number)|abs <= 2 %}
      {% if n == pagination.number %}<li><span aria-current="page">{{ n }}</span></li>
      {% else %}<li><a href="{{ SITEURL }}/{{ url }}">{{ n }}</a></li>{% endif %}
    {% elif (n - pagination.number)|abs == 3 %}<li><span class="gap">…</span></li>
    {% endif %}
  {% endfor %}
  {% if pagination.number < pagination.count %}<li><a rel="next" href="{{ SITEURL }}/{{ pagination.urls[pagination.number] }}">下一页</a></li>{% endif %}
  </ul>
</nav>
{% endif %}
{% endmacro %}
"""
CALL = '{% import "_macros.html" as m with context %}{{ m.pager(pagination) }}'
OPTIONS = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}  # pelicanconf.JINJA_ENVIRONMENT
BASE = "red/category/xujiaguanggao/"
PER_PAGE = 50
SITE_URLS = ["../../..", "https://credit.example.gov.cn"]
OLD = Environment(loader=DictLoader({"_macros.html": FULL_LOOP, "call": CALL}), **OPTIONS)
NEW = Environment(loader=ChoiceLoader([DictLoader({"call": CALL}), FileSystemLoader(ROOT / "theme" / "templates")]), **OPTIONS)


def full_loop(site_url: str, number: int, total: int) -> str:
    """The pager as the old macro rendered it, from the URLs of every page."""
    count = max(1, math.ceil(total / PER_PAGE))
    urls = [BASE] + [f"{BASE}page/{n}/" for n in range(2, count + 1)]
    pagination = {"number": number, "count": count, "urls": urls, "total": total,
                  "first_index": (number - 1) * PER_PAGE + 1 if total else 0, "last_index": min(number * PER_PAGE, total)}
    return OLD.get_template("call").render(SITEURL=site_url, pagination=pagination)


def windowed(site_url: str, number: int, total: int) -> str:
    """The pager as the theme renders it now, from ``site.pagination``."""
    return NEW.get_template("call").render(SITEURL=site_url, pagination=site.pagination(BASE, number, PER_PAGE, total))


def cases() -> list[tuple[int, int]]:
    """(rows, current page): every page of lists of 0 to 40 pages (some with a short last page), and
    the pages near both ends and in the middle of lists of 99, 1,000 and 14,000 pages."""
    found = [(pages * PER_PAGE - (pages % 3) * 7, number) for pages in range(41) for number in range(1, max(1, pages) + 1)]
    for pages in (99, 1000, 14000):
        numbers = {*range(1, 10), *range(pages - 8, pages + 1), pages // 2, pages // 2 + 1}
        found += [(pages * PER_PAGE, number) for number in sorted(numbers)]
    return found


def differences() -> list[tuple[str, int, int]]:
    return [(url, total, number) for url in SITE_URLS for total, number in cases()
            if windowed(url, number, total) != full_loop(url, number, total)]


def test_the_comparison_catches_a_window_one_page_too_narrow(monkeypatch):
    monkeypatch.setattr(site, "PAGER_RADIUS", 1)
    assert len(differences()) > 100


def test_the_windowed_pager_shows_what_the_full_loop_showed():
    assert len(cases()) > 800
    assert "page/13999/" in windowed(SITE_URLS[0], 14000, 14000 * PER_PAGE)  # a pager was rendered, not two empty strings
    assert differences() == []


@pytest.mark.parametrize("number", [1, 2, 7000, 14000])
def test_a_page_of_a_long_list_gets_only_the_links_it_shows(number):
    links = site.pagination(BASE, number, PER_PAGE, 14000 * PER_PAGE).links
    assert len(links) <= 2 * site.PAGER_RADIUS + 5
