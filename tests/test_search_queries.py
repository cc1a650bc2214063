"""The search query table (tests/search/queries.json) holds over the sample data.

The table's expected sets come from plain substring/equality tests
(tools/make_search_queries.py); here they are checked against the search's
own definition of a hit and against what lunr.py's index returns, so that the
browser test (tests/browser/test_search.py) only has to show the browser agrees.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from lunr.index import Index
from lunr.query import QueryPresence

from creditlists import schema as s
from creditlists.publish.opendata import published_records
from creditlists.pipeline import compile_dataset
from creditlists.search.index import search_files, searched_fields
from creditlists.search.segment import matches, query_parts, query_tokens, whole_token

ROOT = Path(__file__).resolve().parent.parent
TABLE = json.loads((ROOT / "tests" / "search" / "queries.json").read_text(encoding="utf-8"))
REGENERATE = "the sample data changed: re-run tools/make_search_queries.py and read the diff"


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return published_records(compile_dataset(ROOT / "data", dt.date(2026, 11, 29)))


@pytest.fixture(scope="module")
def index(records) -> Index:
    """The sample site is small: one shard holds the whole index."""
    files = dict(search_files([dict(r, subject_url="subject/x/") for r in records]))
    assert json.loads(files["search/meta.json"])["shards"] == 1
    return Index.load(json.loads(files["search/shard/0.json"]))


def keys(records: list[dict], positions) -> list[list[str]]:
    return sorted([records[p][s.DECISION], records[p][s.NAME]] for p in positions)


def test_table_covers_what_readers_search_for():
    kinds = {row["kind"] for row in TABLE}
    assert len(TABLE) >= 40
    assert {"fragment", "name", "uscc", "legal_rep", "decision", "category", "department", "none", "two_parts"} <= kinds
    assert any(row["note"] == "withdrawn or expired subject" for row in TABLE)
    assert any(row["note"] == "name without 有限公司" for row in TABLE)


@pytest.mark.parametrize("row", TABLE, ids=[r["query"] for r in TABLE])
def test_definition_of_a_hit_gives_the_expected_set(records, row):
    found = keys(records, [i for i, r in enumerate(records) if matches(row["query"], searched_fields(r))])
    assert found == row["expect"], REGENERATE


def in_field(index: Index, tokens: list[str], field: str) -> set[int]:
    """Entries holding every token in one field, as lunr answers."""
    if not tokens or any(t not in index.inverted_index for t in tokens):
        return set()
    query = index.create_query()
    for token in tokens:
        query.term(token, presence=QueryPresence.REQUIRED, use_pipeline=False, fields=[field])
    return {int(hit["ref"]) for hit in index.query(query)}


@pytest.mark.parametrize("row", TABLE, ids=[r["query"] for r in TABLE])
def test_index_returns_every_expected_entry(records, index, row):
    """lunr, with every token of a part required in one field, finds a superset; the browser then checks."""
    candidates = None
    for part in query_parts(row["query"]):
        tokens = query_tokens(part)
        found = set().union(*(in_field(index, tokens, f) for f in ("name", "legal_rep", "decision")))
        found |= in_field(index, [whole_token(part)], "whole")
        candidates = found if candidates is None else candidates & found
    assert {tuple(k) for k in row["expect"]} <= {tuple(k) for k in keys(records, candidates or set())}


def test_no_id_number_is_in_the_index_or_store(records):
    from creditlists.search.index import search_files

    views = [dict(r, subject_url="subject/x/") for r in records]
    content = b"".join(dict(search_files(views)).values()).decode("utf-8")
    dataset = compile_dataset(ROOT / "data", dt.date(2026, 11, 29))
    full_ids = {r.values[s.ID_NUMBER] for report in dataset.reports for r in report.accepted if r.values[s.ID_NUMBER]}
    assert full_ids and not [i for i in full_ids if i in content]
    assert not [i for i in full_ids if i[:14].lower() in content.lower()]  # nor region + birth date
