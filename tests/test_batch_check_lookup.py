"""The batch check's lookup files (check/, creditlists/search/lookup.py) in the built sample site.

Every entry in force is found by its code (organisations) and by its name, and
its ref leads to its own record in the search store; nothing else is in a
bucket (no withdrawn, expired or rejected subject, no ID number); a record
holds what the check shows, a person's ID number masked as published. A
bucket keeps the rest of each key's hash: found means, as in batch_check.js,
the refs at the key's slot whose store record carries the key.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from creditlists import schema as s
from creditlists import settings
from creditlists.intake.identifiers import id_numbers_in
from creditlists.intake.normalize import clean_code, clean_text
from creditlists.pipeline import compile_dataset
from creditlists.search import lookup
from creditlists.search.index import STORE_COLUMNS, fnv1a
from tests.batch_subjects import EXPIRED, REJECTED, WITHDRAWN, gone_subjects
from tests.browser.harness import ROOT, build_once

AS_OF = dt.date(2026, 11, 29)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_once(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def meta(site: Path) -> dict:
    return json.loads((site / "check" / "meta.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def buckets(site: Path, meta: dict) -> dict[str, list[dict[str, list[int]]]]:
    return {kind: [json.loads((site / "check" / kind / f"{n}.json").read_text(encoding="utf-8")) for n in range(meta[f"{kind}_buckets"])]
            for kind in ("code", "name")}


@pytest.fixture(scope="module")
def store(site: Path) -> list[list[str]]:
    search = json.loads((site / "search" / "meta.json").read_text(encoding="utf-8"))
    return [record for chunk in range(-(-search["documents"] // search["chunk"]))
            for record in json.loads((site / "search" / "store" / f"{chunk}.json").read_text(encoding="utf-8"))]


@pytest.fixture(scope="module")
def entries(site: Path) -> list[dict[str, str]]:
    return json.loads((site / "data" / "entries.json").read_text(encoding="utf-8"))["entries"]


def at_slot(buckets: dict, meta: dict, kind: str, key: str) -> list[int]:
    """The refs at the key's slot: its bucket (FNV-1a modulo the bucket count), then the rest of its hash."""
    number, rest = lookup.slot(key, meta[f"{kind}_buckets"])
    return buckets[kind][number].get(rest, [])


def found(buckets: dict, meta: dict, kind: str, key: str, store: list[list[str]]) -> list[int]:
    """What the browser does: the refs at the key's slot whose record carries the key."""
    role, normalise = ("uscc", clean_code) if kind == "code" else ("name", clean_text)
    return [r for r in at_slot(buckets, meta, kind, key) if normalise(store[r][column(meta, role)]) == key]


def column(meta: dict, role: str) -> int:
    return meta["columns"][role]


def test_every_entry_in_force_is_found_by_its_code_and_by_its_name(entries, buckets, meta, store):
    assert len(entries) == len(store) > 400
    organisations = 0
    for entry in entries:
        by_name = [store[r] for r in found(buckets, meta, "name", clean_text(entry[s.NAME]), store)]
        assert [entry[s.DECISION], entry[s.END]] in [[d[column(meta, "decision")], d[column(meta, "end")]] for d in by_name], entry[s.NAME]
        if entry[s.USCC]:
            organisations += 1
            by_code = [store[r] for r in found(buckets, meta, "code", clean_code(entry[s.USCC]), store)]
            assert entry[s.DECISION] in [d[column(meta, "decision")] for d in by_code], entry[s.USCC]
            assert {d[column(meta, "uscc")] for d in by_code} == {entry[s.USCC]}
    assert 0 < organisations < len(entries)  # the sample has persons, found by name only


def test_the_buckets_hold_each_entry_once_at_its_slot_and_nothing_else(entries, buckets, meta):
    names = [(clean_text(e[s.NAME]), n) for n, e in enumerate(entries)]
    codes = [(clean_code(e[s.USCC]), n) for n, e in enumerate(entries) if e[s.USCC]]
    for kind, keys in (("name", names), ("code", codes)):
        expected: dict[tuple[int, str], list[int]] = {}
        for key, _ in keys:
            expected.setdefault(lookup.slot(key, meta[f"{kind}_buckets"]), [])
        held = {(number, rest): sorted(refs) for number, part in enumerate(buckets[kind]) for rest, refs in part.items()}
        assert set(held) == set(expected), kind
        refs = [r for rs in held.values() for r in rs]
        assert len(refs) == len(set(refs)) == len(keys)


def test_withdrawn_expired_and_rejected_subjects_are_in_no_bucket(buckets, meta, store):
    gone = gone_subjects(compile_dataset(ROOT / "data", AS_OF), ROOT / "data")
    assert {x.kind for x in gone} == {WITHDRAWN, EXPIRED, REJECTED}
    assert [x for x in gone if found(buckets, meta, "name", x.name, store) or (x.code and found(buckets, meta, "code", x.code, store))] == []


def test_no_id_number_is_a_key_or_in_any_file(site, buckets, store, meta):
    texts = [p.read_text(encoding="utf-8") for p in sorted((site / "check").rglob("*.json"))]
    assert id_numbers_in(texts) == set()
    persons = [d for d in store if d[column(meta, "subject_type")] == meta["person"]]
    assert persons and all(d[column(meta, "id")].count("*") == 11 and not d[column(meta, "uscc")] for d in persons)
    person_refs = {i for i, d in enumerate(store) if d[column(meta, "subject_type")] == meta["person"]}
    assert person_refs.isdisjoint(r for part in buckets["code"] for rs in part.values() for r in rs)


def test_meta_says_which_store_column_holds_what_the_check_shows(meta):
    columns = [*STORE_COLUMNS, "url"]
    assert {role: columns[i] for role, i in meta["columns"].items()} == lookup.SHOWN
    assert (meta["max_lines"], meta["similar_max_lines"], meta["person"], meta["lists"]) == (
        settings.CHECK_MAX_LINES, settings.CHECK_SIMILAR_MAX_LINES, s.PERSON, list(s.LIST_TYPES))


def test_bucket_counts_follow_the_number_of_keys(entries, buckets, meta):
    keys = {"name": {clean_text(e[s.NAME]) for e in entries}, "code": {clean_code(e[s.USCC]) for e in entries if e[s.USCC]}}
    for kind in ("code", "name"):
        assert meta[f"{kind}_buckets"] == lookup.bucket_count(len(keys[kind])) == -(-len(keys[kind]) // settings.CHECK_KEYS_PER_BUCKET)
        assert max(len(part) for part in buckets[kind]) <= 2 * settings.CHECK_KEYS_PER_BUCKET  # FNV-1a spreads them
    assert lookup.bucket_count(0) == 1


def test_the_same_entries_give_the_same_bytes():
    views = [{s.USCC: code, s.NAME: name} for code, name in [("91420106MA4K00001J", "甲示例有限公司"), ("", "李示例"), ("", "李示例")]]
    first, second = dict(lookup.lookup_files(views)), dict(lookup.lookup_files(list(views)))
    assert first == second
    assert json.loads(first["check/name/0.json"]) == {str(fnv1a("甲示例有限公司")): [0], str(fnv1a("李示例")): [1, 2]}
    assert json.loads(first["check/code/0.json"]) == {str(fnv1a("91420106MA4K00001J")): [0]}


def test_keys_of_one_hash_share_their_slot(monkeypatch):
    """FNV-1a has 32 bits: two keys may share a hash. Their refs are kept together; the store record decides."""
    table = {"甲": [3], "乙": [1]}
    assert sorted(lookup.buckets(table, 1)[0].values()) == [[1], [3]]
    monkeypatch.setattr(lookup, "fnv1a", lambda key: 7)  # every key one hash
    assert lookup.buckets(table, 2) == [{}, {"3": [1, 3]}]


def test_an_empty_site_has_empty_buckets():
    files = {name: json.loads(content) for name, content in lookup.lookup_files([])}
    assert files["check/code/0.json"] == files["check/name/0.json"] == {}
    assert (files["check/meta.json"]["code_buckets"], files["check/meta.json"]["name_buckets"]) == (1, 1)
