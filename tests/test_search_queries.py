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
from creditlists.merge import Entry, publication_end
from creditlists.pipeline import compile_dataset
from creditlists.publish.opendata import published_record, published_records
from creditlists.search.index import FIELDS, search_files, searched_fields
from creditlists.search.segment import matches, query_parts, query_tokens

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


GONE = "withdrawn or expired subject"
EMPTY_BY_DESIGN = ("nonsense", GONE)  # the only rows whose expected set may be empty


def test_table_covers_what_readers_search_for():
    kinds = {row["kind"] for row in TABLE}
    assert len(TABLE) >= 40
    assert {"fragment", "name", "uscc", "legal_rep", "decision", "category", "department", "none", "two_parts",
            "cross_field", "frequent"} <= kinds
    assert any(row["note"] == GONE for row in TABLE)
    assert any(row["note"] == "name without 有限公司" for row in TABLE)
    # An empty expectation cannot fail by listing nothing: only the rows made to be empty may have one
    # (each with a control below that finds the same query where it is present), and they stay few.
    assert [row["query"] for row in TABLE if not row["expect"] and row["note"] not in EMPTY_BY_DESIGN] == []
    assert sum(1 for row in TABLE if row["expect"]) >= 0.8 * len(TABLE)


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
        found = set().union(*(in_field(index, tokens, field) for field, *_ in FIELDS))
        candidates = found if candidates is None else candidates & found
    assert {tuple(k) for k in row["expect"]} <= {tuple(k) for k in keys(records, candidates or set())}


# --- controls for the rows expected to find nothing ----------------------------------------------

def gone_records(dataset) -> list[dict]:
    """The entries that were on the lists and are not now, as they were published: expired ones and
    the last version of each withdrawn one."""
    names = {code: d.name for code, d in dataset.departments.items()}
    withdrawn = {c.key for c in dataset.merged.changes if c.action == s.WITHDRAW}
    versions = {row.key: row for report in dataset.reports for row in report.accepted
                if row.key in withdrawn and row.operation != s.WITHDRAW}
    gone = list(dataset.merged.expired) + [Entry(row, publication_end(row)) for row in versions.values()]
    return [published_record(entry, names[entry.department]) for entry in gone]


def planted(row_number: int, query: str, like: dict) -> dict:
    return dict(like, **{s.NAME: f"示例{query}公司", s.LEGAL_REP: "", s.DECISION: f"对照〔2026〕{row_number}号"})


NONSENSE = [row for row in TABLE if row["note"] == "nonsense"]
GONE_ROWS = [row for row in TABLE if row["note"] == GONE]
# A part without a token (no Han pair, no [a-z0-9] run: punctuation alone) matches nothing by the
# search's rule 5 (search/segment.py), even in a name that holds it; every other query is a real query.
NO_TOKEN = {"〔〕"}


@pytest.fixture(scope="module")
def control(records) -> tuple[list[dict], Index]:
    """The published records, plus the gone entries and one name holding each nonsense query."""
    dataset = compile_dataset(ROOT / "data", dt.date(2026, 11, 29))
    extra = gone_records(dataset) + [planted(n, row["query"], records[0]) for n, row in enumerate(NONSENSE)]
    both = records + extra
    files = dict(search_files([dict(r, subject_url="subject/x/") for r in both]))
    assert json.loads(files["search/meta.json"])["shards"] == 1
    return both, Index.load(json.loads(files["search/shard/0.json"]))


def hits(found_in: list[dict], index: Index, query: str) -> tuple[list[list[str]], list[list[str]]]:
    """(what the definition of a hit finds, what the index offers) for ``query`` over ``found_in``."""
    by_definition = keys(found_in, [i for i, r in enumerate(found_in) if matches(query, searched_fields(r))])
    candidates = None
    for part in query_parts(query):
        tokens = query_tokens(part)
        found = set().union(*(in_field(index, tokens, field) for field, *_ in FIELDS))
        candidates = found if candidates is None else candidates & found
    return by_definition, keys(found_in, candidates or set())


@pytest.mark.parametrize("row", GONE_ROWS, ids=[r["query"] for r in GONE_ROWS])
def test_a_gone_subject_is_found_by_the_same_query_while_it_is_listed(records, control, row):
    """The query of a withdrawn or expired subject finds it in data that still hold it: its row's
    expectation (only what is listed now) is the search's doing, not a query that finds nothing."""
    both, index = control
    query = row["query"]
    expected = sorted([r[s.DECISION], r[s.NAME]] for r in both if query in r[s.LEGAL_REP] or query in r[s.NAME])
    assert [k for k in expected if k not in row["expect"]] != []  # the gone subject is in the control data
    by_definition, offered = hits(both, index, query)
    assert by_definition == expected
    assert {tuple(k) for k in expected} <= {tuple(k) for k in offered}


@pytest.mark.parametrize("row", NONSENSE, ids=[r["query"] for r in NONSENSE])
def test_a_nonsense_query_finds_a_name_that_holds_it(control, row):
    both, index = control
    query = row["query"]
    holder = [[f"对照〔2026〕{NONSENSE.index(row)}号", f"示例{query}公司"]]
    by_definition, offered = hits(both, index, query)
    if query in NO_TOKEN:
        assert (by_definition, query_tokens(query)) == ([], [])
    else:
        assert by_definition == holder
        assert holder[0] in offered


def test_no_id_number_is_in_the_index_or_store(records):
    from creditlists.search.index import search_files

    views = [dict(r, subject_url="subject/x/") for r in records]
    content = b"".join(dict(search_files(views)).values()).decode("utf-8")
    dataset = compile_dataset(ROOT / "data", dt.date(2026, 11, 29))
    full_ids = {r.values[s.ID_NUMBER] for report in dataset.reports for r in report.accepted if r.values[s.ID_NUMBER]}
    assert full_ids and not [i for i in full_ids if i in content]
    assert not [i for i in full_ids if i[:14].lower() in content.lower()]  # nor region + birth date
