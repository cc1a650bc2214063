"""meta.json says what the browser needs to know about fields, columns and list types,
derived from the Python definitions; search.js and engine.js name none of them.

If meta's "fields" were written by hand again, or a column name or list type were
written into the JavaScript again, the tests below fail.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from creditlists import schema as s
from creditlists.search import index

ROOT = Path(__file__).resolve().parent.parent
JS = ROOT / "theme" / "static" / "js"
CSS = ROOT / "theme" / "static" / "css" / "site.css"
# Comments, then string literals, in the order they occur: a quote inside a comment is no literal.
_LEXEMES = re.compile(r"""/\*.*?\*/|//[^\n]*|"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'""", re.DOTALL)
_HAN = re.compile("[\u4e00-\u9fff]")


def string_literals(source: str) -> list[str]:
    return [m.group(1) if m.group(1) is not None else m.group(2)
            for m in _LEXEMES.finditer(source) if m.group(1) is not None or m.group(2) is not None]


def schema_names() -> set[str]:
    """Every Chinese name schema.py defines: column names, list types, subject types,
    operations, withdrawal reasons (not the descriptions and rules, which are sentences)."""
    names: set[str] = set()
    for key, value in vars(s).items():
        if not key.isupper():
            continue
        values = value if isinstance(value, tuple) else (value,)
        names.update(v for v in values if isinstance(v, str) and _HAN.search(v))
    return names


def schema_literals(source: str) -> list[str]:
    """The string literals of ``source`` that are a schema name, give or take spaces, a
    colon or a separator: a name used as a key, a value or a label. A sentence of help
    text that mentions one (统一社会信用代码须输入完整的 18 位) is UI prose, not a column."""
    names = schema_names()
    return [literal for literal in string_literals(source) if literal.strip(" ：:·") in names]


@pytest.fixture(scope="module")
def meta() -> dict:
    view = {column: "" for column in index.STORE_COLUMNS + index.TEXT_COLUMNS} | {s.NAME: "武汉示例有限公司", s.LIST_TYPE: s.RED, "subject_url": "subject/x/"}
    return json.loads(dict(index.search_files([view]))["search/meta.json"])


def test_meta_fields_are_the_lunr_fields_in_the_order_of_FIELDS(meta):
    assert meta["fields"] == [field for field, *_ in index.FIELDS] == [field for field, _ in index.LUNR_FIELDS]
    assert meta["date_column"] == index.STORE_COLUMNS.index(s.START)


def test_meta_columns_and_searched_fields_follow_the_store(meta):
    assert meta["columns"] == [*index.STORE_COLUMNS, index.URL]
    assert meta["texts"] == [s.REASON, s.BASIS]
    record = meta["columns"] + meta["texts"]  # a record as the engine checks it: the store's row, then search/texts/
    assert [[record[i], rule] for i, rule in meta["searched"]] == [[column, rule] for _, column, _, rule in index.FIELDS]


def test_meta_says_how_a_result_shows_each_column_and_list(meta):
    result = meta["result"]
    named = [result["title"], result["list"], result["decision"], result["link"], *result["matched"]]
    named += [column for column, _ in result["line"]]
    assert set(named) <= set(meta["columns"])
    assert result["list"] == s.LIST_TYPE
    assert [kind["name"] for kind in meta["lists"]] == list(s.LIST_TYPES)
    css = CSS.read_text(encoding="utf-8")
    assert all(f".{kind['badge']}{{" in css for kind in meta["lists"]), "a badge class that site.css does not style"


@pytest.mark.parametrize("name", ["search.js", "engine.js", "batch_check.js"])
def test_the_javascript_names_no_column_and_no_list_type(name):
    source = (JS / name).read_text(encoding="utf-8")
    assert schema_literals(source) == []


def test_the_literal_check_would_find_a_hard_coded_column():
    """The check above can fail: on the strings search.js held before meta.json carried them."""
    literals = string_literals((JS / "search.js").read_text(encoding="utf-8"))
    assert "全部" in literals and "显示更多" in literals  # UI text is found, and allowed
    before = """var li = el("li", { "data-decision": col("决定文书号") }); /* "名单类型" in a comment */
      title.appendChild(el("span", { "class": list === '红名单' ? "badge-red" : "badge-black" }));
      p.textContent = "认定日期 " + col("x") + "统一社会信用代码：";"""
    assert schema_literals(before) == ["决定文书号", "红名单", "认定日期 ", "统一社会信用代码："]
