"""Shards written directly in lunr's format (creditlists/search/lunr_format.py) are byte for
byte what lunr.py writes, and lunr.js answers both alike, refs and scores.

A few hundred random shards (Han pairs and [a-z0-9] runs, fields of 0 to 40 tokens, empty
fields, repeated tokens, refs of one to six digits, which the file sorts as strings, the
boosts of FIELDS) are written both ways. First a writer with another b (lunr's length
normalisation) is shown to give other bytes and other scores, so that equal bytes and
equal answers mean something. Then a split build is checked shard by shard against
lunr.py over documents restricted to each shard's tokens, worked out here from the
definition (FNV-1a of the token, frequent tokens left out), forked and not.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from array import array
from pathlib import Path

import pytest
from lunr.index import Index

from creditlists import schema as s
from creditlists import settings
from creditlists.search.index import LUNR_FIELDS, document_tokens, dump, fnv1a, lunr_index, search_files, shard_file
from creditlists.search.lunr_format import FIELD_BITS, FIELD_MASK, field_place, lunr_json
from creditlists.search.segment import index_tokens

ROOT = Path(__file__).resolve().parents[2]
RUNNER = ROOT / "tests" / "search" / "run_lunr.js"
SHARDS = 300
# BMP Han, a few compatibility ideographs (U+F900…) and a few of plane 2: Python sorts str by code
# point, lunr.js needs UTF-16 code units, and the two orders differ between the last two.
HAN = ([chr(c) for c in range(0x4E00, 0x4E50)] + [chr(c) for c in range(0x3400, 0x3404)] + [chr(0xF900 + i) for i in range(3)]
       + [chr(0x20000 + i) for i in range(3)])
ASCII = "abz0123456789"
Postings = tuple["array[int]", list[str]]


def random_token(rng: random.Random) -> str:
    if rng.random() < 0.75:
        return rng.choice(HAN) + rng.choice(HAN)
    return "".join(rng.choice(ASCII) for _ in range(rng.randint(1, 18)))


def random_shard(rng: random.Random) -> Postings:
    """One shard's postings (lunr_format's form): 0 to 120 documents, each with a token somewhere."""
    vocabulary = [random_token(rng) for _ in range(rng.choice([1, 3, 20, 80]))]
    size = rng.choice([0, 1, 2, 5, 30, 120])
    refs = sorted(rng.sample(range(max(size, rng.choice([12, 1000, 300_000]))), size))
    places: array[int] = array("q")
    tokens: list[str] = []
    for ref in refs:
        lengths = [0 if rng.random() < 0.5 else rng.choice([1, 1, 2, 3, 8, 40]) for _ in LUNR_FIELDS]
        if not any(lengths):
            lengths[rng.randrange(len(lengths))] = 1
        for field, length in enumerate(lengths):
            for _ in range(length):
                places.append(field_place(ref, field))
                tokens.append(rng.choice(vocabulary))
    return places, tokens


def reference(postings: Postings) -> bytes:
    """lunr.py's file for the same documents (what a single-index site gets)."""
    return shard_file(*postings, single=True)


@pytest.fixture(scope="module")
def shards() -> list[Postings]:
    rng = random.Random(16)
    return [random_shard(rng) for _ in range(SHARDS)]


def documents(postings: Postings) -> int:
    return len({where >> FIELD_BITS for where in postings[0]})


def test_another_b_gives_other_bytes(shards):
    """The hazard: a writer that differs only in b is caught on nearly every shard where it
    can matter (two or more documents; with one, every field is of average length)."""
    several = [p for p in shards if documents(p) >= 2]
    differ = [p for p in several if lunr_json(*p, LUNR_FIELDS, b=0.5) != reference(p)]
    assert len(several) > SHARDS // 2 and len(differ) >= 0.9 * len(several)


def test_random_shards_are_byte_identical_to_lunr_py(shards):
    assert sum(documents(p) == 0 for p in shards) > 10 and sum(documents(p) >= 100 for p in shards) > 10
    wrong = [number for number, p in enumerate(shards) if lunr_json(*p, LUNR_FIELDS) != reference(p)]
    assert wrong == []


def test_a_shard_with_no_token_is_the_valid_empty_index():
    """lunr.py's builder divides by the documents (ZeroDivisionError); both ways give the index lunr loads."""
    empty = lunr_json(array("q"), [], LUNR_FIELDS)
    assert empty == dump(lunr_index([]))
    assert Index.load(json.loads(empty)).search("示例") == []


def queries(postings: Postings, rng: random.Random) -> list[dict]:
    """What engine.js asks (every term required in one field), lunr's default query, and absent terms."""
    found: dict[int, list[str]] = {}
    for where, token in zip(*postings):
        found.setdefault(where & FIELD_MASK, []).append(token)
    asked = [{"terms": ["缺席"], "field": "name"}, {"terms": ["zzzzzzzzzzzzzzzzzzzz"], "field": None}]
    for field, tokens in sorted(found.items()):
        name = LUNR_FIELDS[field][0]
        asked.append({"terms": [rng.choice(tokens)], "field": name})
        asked.append({"terms": sorted({rng.choice(tokens), rng.choice(tokens)}), "field": name})
        asked.append({"terms": [rng.choice(tokens)], "field": None})
    return asked


def run_lunr_js(cases: list[dict], tmp_path: Path) -> list:
    node = shutil.which("node")
    assert node, "node is needed (installed with npm)"
    table = tmp_path / "cases.json"
    table.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run([node, str(RUNNER), str(table)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr  # lunr.js's own error (as "Out of order word insertion") shown
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_lunr_js_gives_the_same_refs_and_scores(shards, tmp_path):
    """Per shard: lunr.py's file, the direct one, and one with another b, under lunr.js."""
    rng = random.Random(9)
    cases = []
    for number, postings in enumerate(shards[:80]):
        files = []
        for kind, content in (("lunr-py", reference(postings)), ("direct", lunr_json(*postings, LUNR_FIELDS)),
                              ("other-b", lunr_json(*postings, LUNR_FIELDS, b=0.5))):
            files.append(str(tmp_path / f"{number}-{kind}.json"))
            Path(files[-1]).write_bytes(content)
        cases.append({"files": files, "queries": queries(postings, rng)})
    answers = run_lunr_js(cases, tmp_path)
    asked = [a for case in answers for a in case[0]]
    assert len(asked) > 500 and sum(bool(a) for a in asked) > 0.6 * len(asked)  # most queries find something
    assert any(case[2] != case[0] for case in answers)  # scores are compared, not only refs
    assert [number for number, case in enumerate(answers) if case[1] != case[0]] == []


def random_views(count: int, seed: int = 4) -> list[dict]:
    """Entries with frequent parts (示例, 有限公司), rare pairs, codes and empty fields."""
    rng = random.Random(seed)
    han = "".join(HAN[:40])
    def text(low: int, high: int) -> str:
        return "".join(rng.choice(han) for _ in range(rng.randint(low, high)))
    return [{s.NAME: f"{text(2, 6)}示例{text(0, 4)}有限公司", s.USCC: f"91420106{rng.randrange(10**9):09d}X",
             s.LEGAL_REP: rng.choice(["", text(2, 3)]), s.DECISION: f"武昌{text(1, 2)}罚〔2024〕{rng.randint(1, 400)}号",
             s.DEPARTMENT_NAME: rng.choice(["武昌区市场监督管理局（示例）", "武昌区税务局（示例）"]),
             s.CATEGORY: rng.choice(["虚假广告", "诚信纳税"]), s.DOMAIN: rng.choice(["", "食品药品"]), s.LIST_TYPE: s.BLACK,
             s.START: "2024-05-01", s.END: "2027-05-01", s.SUBJECT_TYPE: s.ORGANISATION, s.ID_NUMBER: "", "subject_url": f"subject/{ref}/",
             s.REASON: f"{text(4, 30)}，违反{text(2, 8)}法", s.BASIS: rng.choice(["", f"《{text(3, 6)}条例》第{rng.randint(1, 90)}条"])}
            for ref in range(count)]


def expected_shards(views: list[dict], shards: int, frequent: set[str]) -> list[bytes]:
    """lunr.py, for each shard, over every entry with a token of it, restricted to those tokens."""
    docs: list[list[dict]] = [[] for _ in range(shards)]
    for ref, view in enumerate(views):
        tokens = document_tokens(view)
        for number in sorted({fnv1a(t) % shards for field in tokens for t in field if t not in frequent}):
            fields = [[t for t in field if t not in frequent and fnv1a(t) % shards == number] for field in tokens]
            docs[number].append({"ref": str(ref), **{name: field for (name, _), field in zip(LUNR_FIELDS, fields)}})
    return [dump(lunr_index(d)) for d in docs]


def split_build(views: list[dict], monkeypatch, forked: bool) -> dict[str, bytes]:
    with monkeypatch.context() as patch:
        patch.setattr(settings, "SEARCH_SINGLE_INDEX_MAX_DOCS", 0)
        patch.setattr(settings, "SEARCH_SHARD_POSTINGS", 40)
        patch.setattr(settings, "SEARCH_FREQUENT_MIN_DOCS", 50)
        patch.setattr(settings, "SEARCH_GROUP_POSTINGS", 300)  # a worker's shards gathered a group at a time
        patch.setattr(settings, "PARALLEL_MIN_ENTRIES", 0 if forked else 10**9)
        patch.setattr(settings, "BUILD_PROCESSES", 2)
        return dict(search_files(views))


def test_a_split_build_is_lunr_py_shard_by_shard_forked_or_not(monkeypatch):
    views = random_views(600)
    files = split_build(views, monkeypatch, forked=True)
    meta = json.loads(files["search/meta.json"])
    shards, frequent = meta["shards"], set(meta["frequent"])
    assert shards > 100 and {"示例", "有限", "公司"} <= frequent
    names = [f"search/shard/{n}.json" for n in range(shards)]
    assert [n for n in files if n.startswith("search/shard/")] == names  # every shard, in order
    empty = dump(lunr_index([]))
    assert sum(files[n] == empty for n in names) < shards // 2  # a shard no token hashed to, if any, is the empty index (expected below)
    expected = expected_shards(views, shards, frequent)
    wrong = [n for n in range(shards) if files[names[n]] != expected[n]]
    assert wrong == []
    assert split_build(views, monkeypatch, forked=False) == files


# A term of CJK compatibility ideographs (U+F900–U+FAFF, one UTF-16 code unit each) and one of
# Han extension B (U+20000…, a surrogate pair from 0xD840): Python's str order puts the first
# before the second, lunr.js's (UTF-16 code units) the second before the first.
COMPATIBILITY, EXTENSION_B = "\uf900\uf901", "\U00020000\U00020001"


def test_terms_are_in_lunr_js_order_where_it_differs_from_code_point_order(tmp_path):
    """lunr.js's token set takes the inverted index in its own string order and throws
    "Out of order word insertion" otherwise: both ways of writing a shard (lunr.py for a
    single-index site, lunr_format for a split one) are loaded by lunr.js and find both terms."""
    assert COMPATIBILITY < EXTENSION_B and COMPATIBILITY.encode("utf-16-be") > EXTENSION_B.encode("utf-16-be")
    tokens = [*index_tokens(f"{COMPATIBILITY}公司"), *index_tokens(f"{EXTENSION_B}示例")]
    assert COMPATIBILITY in tokens and EXTENSION_B in tokens
    places = array("q", [field_place(0, 0)] * 3 + [field_place(1, 0)] * 3)
    files = {}
    for single in (True, False):
        files[single] = tmp_path / f"single-{single}.json"
        files[single].write_bytes(shard_file(places, tokens, single))
        terms = [term for term, _ in json.loads(files[single].read_bytes())["invertedIndex"]]
        assert terms == sorted(terms, key=lambda t: t.encode("utf-16-be"))
    assert files[True].read_bytes() == files[False].read_bytes()
    asked = [{"terms": [EXTENSION_B], "field": "name"}, {"terms": [COMPATIBILITY], "field": "name"}, {"terms": [COMPATIBILITY], "field": None}]
    answers = run_lunr_js([{"files": [str(files[True]), str(files[False])], "queries": asked}], tmp_path)
    found = [[[ref for ref, _ in hits] for hits in by_file] for by_file in answers[0]]
    assert found == [[["1"], ["0"], ["0"]]] * 2
