"""Blocks rendered once and reused (issue 16) are the bytes a fresh rendering gives.

The measures of a subject page's entry are rendered once per (list type,
category, subject type) and page depth (``blocks.BlockCache``). ``FRESH`` is
the block as subject.html rendered it inline before, with the measures picked
as it picked them: for every combination of the sample's vocabulary, in a
shuffled order through one cache (as a build fills it), and again from the
filled cache, the cached block must equal it. The first test shows that the
comparison catches a cache keyed too coarsely (by list type only, as the block
was before measures got a scope).
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemLoader, pass_context
from jinja2.runtime import Context, Macro
from markupsafe import Markup

from credit_rows import ROOT
from creditlists import schema as s
from creditlists.intake.vocab import Vocabulary, load_vocabulary
from creditlists.publish import policy_pages
from creditlists.publish.blocks import BlockCache
from creditlists.publish.pelican_plugin import template_globals

FRESH = """{% for e in entries %}
  {% set applying = measures[loop.index0] %}
  <details class="measures">
    <summary>{% if e["名单类型"] == '红名单' %}可适用的守信激励措施{% else %}可适用的失信约束和惩戒措施{% endif %}（{{ applying|length }} 项）</summary>
    <p>《实施意见》对此类主体规定了以下措施（只列出适用于本条目类别和主体类型的措施，<a href="{{ SITEURL }}/measures/">全部措施</a>）。是否采取、采取哪一项，由各部门在各自的事项中依法依规决定：</p>
    <ul>{% for me in applying %}<li><a href="{{ SITEURL }}/measures/{{ me.slug }}/">{{ me.name }}</a><span class="note">（《实施意见》<a href="{{ SITEURL }}/policy/#{{ section_anchor(me.section) }}">{{ section_title(me.section) }}</a>：{{ me.condition }}）</span></li>{% endfor %}</ul>
  </details>
{% endfor %}
"""
CACHED = """{% import "_macros.html" as m with context %}{% for e in entries %}
  {{ cached(m.entry_measures, e["名单类型"], e["类别"], e["主体类型"]) }}
{% endfor %}
"""
OPTIONS = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}  # pelicanconf.JINJA_ENVIRONMENT
SITE_URLS = ["../..", "https://credit.example.gov.cn"]  # subject pages are two folders deep
ENVIRONMENT = Environment(loader=ChoiceLoader([DictLoader({"fresh": FRESH, "cached": CACHED}), FileSystemLoader(ROOT / "theme" / "templates")]),
                          **OPTIONS)
Combination = tuple[str, str, str]  # list type, category, subject type


def combinations(vocabulary: Vocabulary) -> list[Combination]:
    return [(t, c, st) for t in s.LIST_TYPES for c in vocabulary.categories[t] for st in s.SUBJECT_TYPES]


def fresh(vocabulary: Vocabulary, site_url: str, combination: Combination) -> str:
    """The block as subject.html rendered it inline, measures picked per entry as subject_pages picked them."""
    list_type, category, subject_type = combination
    entry = {s.LIST_TYPE: list_type, s.CATEGORY: category, s.SUBJECT_TYPE: subject_type}
    applying = [m for m in vocabulary.measures[list_type] if m.applies_to(category, subject_type)]
    return ENVIRONMENT.get_template("fresh").render(SITEURL=site_url, entries=[entry], measures=[applying], **functions())


def functions() -> dict[str, Any]:
    return {"section_anchor": policy_pages.section_anchor, "section_title": policy_pages.section_title}


def through(globals_: dict[str, Any], site_url: str, combination: Combination) -> str:
    list_type, category, subject_type = combination
    entry = {s.LIST_TYPE: list_type, s.CATEGORY: category, s.SUBJECT_TYPE: subject_type}
    return ENVIRONMENT.get_template("cached").render(SITEURL=site_url, entries=[entry], **functions(), **globals_)


def differences(vocabulary: Vocabulary, globals_: dict[str, Any]) -> list[tuple[str, Combination]]:
    """Combinations whose block through ``globals_``' cache differs from a fresh rendering, twice round in a shuffled order."""
    order = [(url, c) for url in SITE_URLS for c in combinations(vocabulary)]
    random.Random(16).shuffle(order)
    return [(url, c) for url, c in order + order if through(globals_, url, c) != fresh(vocabulary, url, c)]


def keyed_by_list_type(globals_: dict[str, Any]) -> dict[str, Any]:
    """A wrong cache: one block per list type and page depth, whatever the category and subject type."""
    blocks: dict[tuple[str, str], Markup] = {}

    @pass_context
    def cached(context: Context, macro: Macro, list_type: str, *rest: str) -> Markup:
        key = (list_type, context["SITEURL"])
        if key not in blocks:
            blocks[key] = macro(list_type, *rest)
        return blocks[key]

    return {**globals_, "cached": cached}


def vocabulary() -> Vocabulary:
    return load_vocabulary(ROOT / "data")


def test_the_comparison_catches_a_cache_keyed_by_list_type_only():
    sample = vocabulary()
    assert len(differences(sample, keyed_by_list_type(template_globals(sample.measures)))) > 10


def test_the_cached_measures_block_equals_a_fresh_rendering_for_every_combination():
    sample = vocabulary()
    globals_ = template_globals(sample.measures)
    assert len(combinations(sample)) > 30
    assert "限制乘坐飞机" in through(globals_, SITE_URLS[0], (s.BLACK, "有履行能力但拒不履行、逃避执行", s.ORGANISATION))
    assert differences(sample, globals_) == []
    distinct = {fresh(sample, url, c) for url in SITE_URLS for c in combinations(sample)}
    assert len(globals_["cached"].__self__.blocks) == len(SITE_URLS) * len(combinations(sample)) >= len(distinct) > 4


def test_only_the_output_of_an_autoescaped_template_is_cached():
    plain = Environment(loader=DictLoader({"t": '{% macro b(x) %}<b>{{ x }}</b>{% endmacro %}{{ cached(b, "<i>") }}'}))
    with pytest.raises(TypeError, match="autoescaped"):
        plain.get_template("t").render(**BlockCache().globals())
