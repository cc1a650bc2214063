"""The search index (lunr.py, read by lunr.js) and its document store.

Built from published entries only. Fields are given to lunr as lists of
tokens from ``segment.index_tokens``, so lunr does not split them again; the
pipelines are empty so no English stemmer or stop-word filter touches Chinese
or codes. ID numbers are neither indexed nor stored.
"""

from __future__ import annotations

import json

from lunr.builder import Builder

from . import schema as s
from .segment import FRAGMENT, NUMBERED_FRAGMENT, WHOLE, index_tokens

# (lunr field, column, boost, how a query part matches it: see segment.matches)
FIELDS = (
    ("name", s.NAME, 10, FRAGMENT),
    ("uscc", s.USCC, 5, WHOLE),
    ("legal_rep", s.LEGAL_REP, 3, FRAGMENT),
    ("decision", s.DECISION, 3, NUMBERED_FRAGMENT),
    ("category", s.CATEGORY, 1, WHOLE),
    ("department", s.DEPARTMENT_NAME, 1, WHOLE),
)
# What a result shows and what the browser checks a hit against, per document.
STORE_COLUMNS = (s.NAME, s.LIST_TYPE, s.CATEGORY, s.DEPARTMENT_NAME, s.START, s.USCC, s.LEGAL_REP, s.DECISION)
SEARCHED_COLUMNS = tuple(column for _, column, _, _ in FIELDS)


def searched_fields(view: dict) -> list[tuple[str, str]]:
    """(rule, text) of every searched field of an entry: what ``segment.matches`` takes."""
    return [(rule, view[column]) for _, column, _, rule in FIELDS]


def build_index(views: list[dict]) -> dict:
    """A serialised lunr index whose refs are positions in the document store."""
    builder = Builder()
    builder.ref("ref")
    for field, _, boost, _ in FIELDS:
        builder.field(field, boost=boost)
    for position, view in enumerate(views):
        document = {"ref": str(position)}
        document.update({field: index_tokens(view[column]) for field, column, _, _ in FIELDS})
        builder.add(document)
    return builder.build().serialize()


def document_store(views: list[dict]) -> dict:
    """Display data of every document: the columns, then the subject page's URL."""
    return {
        "columns": list(STORE_COLUMNS) + ["url"],
        "searched": [[STORE_COLUMNS.index(column), rule] for _, column, _, rule in FIELDS],
        "docs": [[view[c] for c in STORE_COLUMNS] + [view["subject_url"]] for view in views],
    }


def search_files(views: list[dict]) -> dict[str, bytes]:
    """The files under search/: the index and the store, compact JSON."""
    def dump(value: dict) -> bytes:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")

    return {"search/index.json": dump(build_index(views)), "search/docs.json": dump(document_store(views))}
