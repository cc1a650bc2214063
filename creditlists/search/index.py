"""The search index: lunr indexes read by lunr.js, split so that a query loads only what
its tokens need; built by lunr.py for a single-index site, written directly in lunr's
format (``lunr_format``, the same bytes) for a split one, each shard worker taking its
own shards from the tokens in forked memory (``Shards``).

Files under search/ (theme/static/js/engine.js reads them):

- meta.json: how the index is split, the very frequent tokens with their counts, the
  columns of a store record, the lunr fields of each rule, and how a result shows its
  columns and list type (theme/static/js/search.js reads them from here);
- shard/<i>.json: a lunr index over the documents that contain the tokens hashed to
  shard i, with only those tokens (FNV-1a of the token's UTF-16 code units, mod the
  number of shards);
- store/<j>.json: display and search data of documents j*chunk … (j+1)*chunk-1, so
  a query fetches only the records of the results it checks or shows;
- texts/<j>.json: the same documents' 列入事由 and 认定依据 (``TEXT_COLUMNS``),
  fetched only to check candidates, never to show a result or by the batch check;
- phrase/<k>.json: for parts made only of very frequent tokens (武汉, 有限公司, 示例),
  whose posting lists would be most of the corpus: the exact count and the first
  results, computed here by the definition of a hit.

A small site gets one shard, one store chunk and no frequent tokens: the same
files and code, just not split. Fields are given to lunr as lists of tokens from
``segment``, so lunr does not split them again; the pipelines are empty so no
English stemmer or stop-word filter touches Chinese or codes. ID numbers are
never indexed, and stored only masked as published (region code and check character).
"""

from __future__ import annotations

import itertools
import json
import math
import sys
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring  # what json.dumps(ensure_ascii=False) writes a str with
from typing import Any

from lunr.builder import Builder
from lunr.index import Index
from lunr.token_set import TokenSet

from creditlists import schema as s
from creditlists import settings
from creditlists.parallel import parallel_stream
from creditlists.search.lunr_format import FIELD_BITS, FIELD_MASK, field_place, js_order, lunr_json
from creditlists.search.segment import FRAGMENT, index_tokens, is_han, pairs, part_matches, query_tokens, runs

# (lunr field, column, boost, rule: see segment), in the order results are ranked by:
# an entry whose best match is in an earlier field comes first.
FIELDS = (
    ("name", s.NAME, 10, FRAGMENT),
    ("uscc", s.USCC, 5, FRAGMENT),
    ("legal_rep", s.LEGAL_REP, 3, FRAGMENT),
    ("decision", s.DECISION, 3, FRAGMENT),
    ("department", s.DEPARTMENT_NAME, 1, FRAGMENT),
    ("category", s.CATEGORY, 1, FRAGMENT),
    ("domain", s.DOMAIN, 1, FRAGMENT),
    ("reason", s.REASON, 1, FRAGMENT),
    ("basis", s.BASIS, 1, FRAGMENT),
)
LUNR_FIELDS = tuple((field, boost) for field, _, boost, _ in FIELDS)
# What a result shows and what the browser checks a hit against, per document; the last
# two for the batch check (creditlists/search/lookup.py): whether the subject is a person,
# and the ID number masked as published.
STORE_COLUMNS = (s.NAME, s.LIST_TYPE, s.CATEGORY, s.DEPARTMENT_NAME, s.START, s.USCC, s.LEGAL_REP, s.DECISION,
                 s.END, s.DOMAIN, s.SUBJECT_TYPE, s.ID_NUMBER)
URL = "url"  # the last value of a store record: the subject page, relative to the site root
# The long searched texts, in files of their own (search/texts/<chunk>.json, the store's
# chunks): the search fetches them only to check its candidates, the batch check and the
# result list never (at 10,000 entries they would make the store 27 % larger). A record as
# the engine checks it is the store's row, then these.
TEXT_COLUMNS = (s.REASON, s.BASIS)
RECORD_COLUMNS = (*STORE_COLUMNS, URL, *TEXT_COLUMNS)
# How theme/static/js/search.js shows a result, by column (meta.json "result"): the title,
# linked to the subject page, after the list badge; a line of columns joined by " · ",
# those marked True after their name; then each "matched" column, after its name, when a
# query part is in it. search.js names no column itself.
RESULT = {
    "title": s.NAME, "list": s.LIST_TYPE, "decision": s.DECISION, "link": URL,
    "line": [[s.CATEGORY, False], [s.DEPARTMENT_NAME, False], [s.START, True], [s.END, True], [s.DECISION, False]],
    "matched": [s.USCC, s.LEGAL_REP],
}
# The badge of each list type (the classes of theme/templates/_macros.html).
BADGES = {s.RED: "badge-red", s.BLACK: "badge-black"}
# Columns of few distinct values whose whole value, when it has several runs or a Han run
# longer than SEARCH_PHRASE_MAX_CHARS and only frequent tokens, gets a phrase of its own.
VALUE_PHRASE_COLUMNS = (s.DEPARTMENT_NAME, s.CATEGORY, s.DOMAIN)
ORDER_CHUNK = 1000  # refs per order file


def searched_fields(view: dict[str, Any]) -> list[tuple[str, str]]:
    """(rule, text) of every searched field of an entry: what ``segment.matches`` takes."""
    return [(rule, view.get(column, "")) for _, column, _, rule in FIELDS]


def fnv1a(token: str) -> int:
    """32-bit FNV-1a over UTF-16 code units: engine.js computes the same."""
    value = 0x811C9DC5
    data = token.encode("utf-16-le")
    for i in range(0, len(data), 2):
        value ^= data[i] | (data[i + 1] << 8)
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value


TokenCache = dict[tuple[str, str], tuple[str, ...]]


def document_tokens(view: dict[str, Any], cache: TokenCache | None = None) -> tuple[tuple[str, ...], ...]:
    """The tokens of one entry per lunr field, in the order of FIELDS, interned (the same pair
    in a million entries is one string, and a tuple is a third of a dict's size). With a
    ``cache`` (one per build) a text already cut is not cut again: departments, categories,
    domains, 认定依据 and many 列入事由 repeat across entries (at 100,000 synthetic entries
    over half of the characters of the searched fields), and their entries share one tuple."""
    cache = {} if cache is None else cache
    fields = []
    for _, column, _, rule in FIELDS:
        key = (rule, view.get(column, ""))
        tokens = cache.get(key)
        if tokens is None:
            tokens = cache[key] = tuple([sys.intern(t) for t in index_tokens(key[1], rule)])
        fields.append(tokens)
    return tuple(fields)


@dataclass(frozen=True)
class Layout:
    """How the index is split for this many documents."""

    shards: int
    chunk: int
    frequent_from: int  # a token in more documents than this is "frequent"


def choose_layout(documents: int, postings: int) -> Layout:
    """One shard and one chunk for a small site; for a large one, shards of about
    ``SEARCH_SHARD_POSTINGS`` postings and frequent tokens set apart."""
    if documents <= settings.SEARCH_SINGLE_INDEX_MAX_DOCS:
        return Layout(1, max(documents, 1), documents + 1)
    frequent_from = max(settings.SEARCH_FREQUENT_MIN_DOCS, documents // settings.SEARCH_FREQUENT_SHARE)
    shards = max(1, math.ceil(postings / settings.SEARCH_SHARD_POSTINGS))
    return Layout(shards, settings.SEARCH_STORE_CHUNK, frequent_from)


def lunr_index(documents: list[dict[str, Any]]) -> dict[str, Any]:
    """A serialised lunr index over ``documents`` (each {"ref", field: [tokens]})."""
    builder = Builder()
    builder.ref("ref")
    for field, boost in LUNR_FIELDS:
        builder.field(field, boost=boost)
    for document in documents:
        builder.add(document)
    # lunr.py's build divides by the number of documents; an index of none (a shard no
    # token hashed to, a site with no entry in force) is the empty index lunr.js loads.
    index = builder.build() if documents else Index({}, {}, TokenSet.from_list([]), [f for f, _ in LUNR_FIELDS], builder.search_pipeline)
    serialized = index.serialize()
    # A document of a shard usually has the shard's tokens in one field only; the vectors
    # of its empty fields are never read (lunr.js scores only the fields a term matched,
    # and no query here is negated), so they are left out of the file.
    serialized["fieldVectors"] = [pair for pair in serialized["fieldVectors"] if pair[1]]
    # lunr.py sorts the terms by code point; lunr.js needs them in its own order (js_order).
    serialized["invertedIndex"].sort(key=lambda posting: js_order(posting[0]))
    return serialized  # type: ignore[no-any-return]  # lunr.py is untyped


def lunr_documents(places: Sequence[int], tokens: Sequence[str]) -> list[dict[str, Any]]:
    """What lunr.py is given for a shard's postings (see lunr_format): {"ref", field: [tokens]}
    for each document with a token in the shard, by ref."""
    documents: dict[int, dict[str, Any]] = {}
    for where, token in zip(places, tokens, strict=True):
        ref = where >> FIELD_BITS
        if ref not in documents:
            documents[ref] = {"ref": str(ref), **{field: [] for field, _ in LUNR_FIELDS}}
        documents[ref][LUNR_FIELDS[where & FIELD_MASK][0]].append(token)
    return list(documents.values())


def shard_file(places: Sequence[int], tokens: Sequence[str], single: bool) -> bytes:
    """One shard's file: by lunr.py for a single-index site (small: it costs nothing there, and
    lunr.py stays the reference), written directly in lunr's format for a split one."""
    if single:
        return dump(lunr_index(lunr_documents(places, tokens)))
    return lunr_json(places, tokens, LUNR_FIELDS)


class Shards:
    """The shards of one build: which token goes where, and the work of one forked worker."""

    def __init__(self, all_tokens: list[tuple[tuple[str, ...], ...]], shard_of: dict[str, int], frequency: Counter[str], layout: Layout):
        self.all_tokens, self.count = all_tokens, layout.shards
        self.tokens_of: list[list[str]] = [[] for _ in range(layout.shards)]
        self.postings = [0] * layout.shards  # documents with the token, summed: about the shard's postings
        for token, number in shard_of.items():
            self.tokens_of[number].append(token)
            self.postings[number] += frequency[token]

    def files(self, large: bool) -> Iterator[tuple[str, bytes]]:
        """search/shard/<n>.json for every shard, n ascending, over both cores when ``large``."""
        return parallel_stream(self.share, large, collector=False)

    def share(self, worker: int, workers: int) -> Iterator[tuple[str, bytes]]:
        """The files of shards n with n % workers == worker, ascending: a group of them at a time
        gathered from the tokens (in forked memory, nothing sent), written, dropped."""
        mine = range(worker, self.count, workers)
        for group in _groups(mine, self.postings, settings.SEARCH_GROUP_POSTINGS):
            places: dict[int, array[int]] = {n: array("q") for n in group}
            tokens: dict[int, list[str]] = {n: [] for n in group}
            self._gather({t: (places[n].append, tokens[n].append) for n in group for t in self.tokens_of[n]})
            for number in group:
                yield f"search/shard/{number}.json", shard_file(places.pop(number), tokens.pop(number), self.count == 1)

    def _gather(self, table: dict[str, tuple[Callable[[int], None], Callable[[str], None]]]) -> None:
        """The one pass over every entry's tokens: each token of the table to its shard's postings."""
        for ref, fields in enumerate(self.all_tokens):
            for field, field_tokens in enumerate(fields):
                where = field_place(ref, field)
                for token in field_tokens:
                    add = table.get(token)
                    if add is not None:
                        add[0](where)
                        add[1](token)


def _groups(numbers: Iterable[int], postings: list[int], most: int) -> Iterator[list[int]]:
    """Consecutive runs of ``numbers`` of about ``most`` postings each (at least one shard)."""
    group: list[int] = []
    held = 0
    for number in numbers:
        if group and held + postings[number] > most:
            yield group
            group, held = [], 0
        group.append(number)
        held += postings[number]
    if group:
        yield group


# One stretch of the date order's answers, as a worker sends it: phrase -> tier -> (first
# position, last position, count, the gaps after the first as JSON: "g,g,…" or "").
Piece = tuple[int, int, int, str]
Part = dict[str, dict[int, Piece]]


class Phrases:
    """The phrase answers of one build, by the definition of a hit over every entry.

    Each forked worker takes the entries of its stretch of the date order, in that order, so its
    positions come ascending and the stretches join end to end (no sorting in the parent); it
    finds the phrases of each distinct text once (departments, categories and the long texts
    repeat) and sends its answers back as JSON pieces, so the parent only joins strings.
    """

    def __init__(self, views: list[dict[str, Any]], frequent: set[str]):
        self.views, self.frequent = views, frequent
        self.order = date_order(views)
        self.values = value_phrase_needles(views, frequent)

    def table(self, large: bool) -> dict[str, str]:
        """Phrase -> its answer's JSON, ``[count, [[tier, first position, gap, gap, …], …]]``
        with the tiers ascending; every value phrase there, even one no entry matches."""
        parts: list[Part] = list(parallel_stream(self.share, large, collector=False))
        keys = set().union(*parts) | {key for key, _, _ in self.values}
        return {key: _answer([part.get(key, {}) for part in parts]) for key in sorted(keys)}

    def share(self, worker: int, workers: int) -> Iterator[Part]:
        """The answers over positions [worker * n / workers, (worker + 1) * n / workers) of the date order."""
        start, end = len(self.order) * worker // workers, len(self.order) * (worker + 1) // workers
        phrases_of: dict[str, tuple[str, ...]] = {}
        hits: dict[tuple[str, int], list[int]] = {}
        for place in range(start, end):
            view = self.views[self.order[place]]
            found: dict[str, int] = {}
            for tier, (_, column, _, _) in enumerate(FIELDS):
                text = view.get(column, "")
                keys = phrases_of.get(text)
                if keys is None:
                    keys = phrases_of[text] = self.text_phrases(text)
                for key in keys:
                    found.setdefault(key, tier)
            for key_tier in found.items():
                hits.setdefault(key_tier, []).append(place)
        part: Part = {}
        for (key, tier), places in hits.items():
            gaps = ",".join([str(b - a) for a, b in itertools.pairwise(places)])
            part.setdefault(key, {})[tier] = (places[0], places[-1], len(places), gaps)
        yield part

    def text_phrases(self, text: str) -> tuple[str, ...]:
        """The phrases a field of this text matches: the parts of one run made only of frequent
        tokens (Han runs: every stretch of two or more characters whose pairs are all frequent;
        [a-z0-9] runs: the run, if frequent), and the value phrases whose value it matches."""
        found: set[str] = set()
        text_runs = runs(text)
        for run in text_runs:
            if is_han(run):
                found |= _frequent_stretches(run, self.frequent)
            elif run in self.frequent:
                found.add(run)
        joined = "".join(text_runs)
        found.update(key for key, value, needle in self.values if needle in joined and part_matches(value, FRAGMENT, text))
        return tuple(found)


def _answer(pieces: list[dict[int, Piece]]) -> str:
    """One phrase's answer as JSON from the workers' pieces, in the order of their stretches."""
    count = sum(piece[2] for by_tier in pieces for piece in by_tier.values())
    groups = []
    for tier in sorted(set().union(*pieces)):
        group, last = [str(tier)], -1
        for by_tier in pieces:
            if tier in by_tier:
                first, last_here, _, gaps = by_tier[tier]
                group.append(str(first if last < 0 else first - last))
                if gaps:
                    group.append(gaps)
                last = last_here
        groups.append("[" + ",".join(group) + "]")
    return f"[{count},[{','.join(groups)}]]"


def _frequent_stretches(run: str, frequent: set[str]) -> set[str]:
    found = set()
    flags = [pair in frequent for pair in pairs(run)]
    for start in range(len(flags)):
        end = start
        while end < len(flags) and flags[end] and end - start < settings.SEARCH_PHRASE_MAX_CHARS - 1:
            found.add(run[start:end + 2])
            end += 1
    return found


def phrase_key(part: str) -> str:
    """The phrase a query part is looked up as: its runs, kept apart (engine.js: the same)."""
    return "|".join(runs(part))


def value_phrase_needles(views: list[dict[str, Any]], frequent: set[str]) -> list[tuple[str, str, str]]:
    """(phrase, value, its runs joined) for each whole value of VALUE_PHRASE_COLUMNS that one-run
    phrases do not cover (several runs, or a Han run too long); values of one phrase have the
    same runs, so they match alike and one stands for all."""
    values = sorted({view.get(c, "") for view in views for c in VALUE_PHRASE_COLUMNS})
    needles = {phrase_key(v): (v, "".join(runs(v))) for v in values if _needs_value_phrase(v, frequent)}
    return [(key, value, needle) for key, (value, needle) in sorted(needles.items())]


def _needs_value_phrase(value: str, frequent: set[str]) -> bool:
    value_runs, tokens = runs(value), query_tokens(value)
    if not tokens or not all(t in frequent for t in tokens):
        return False
    return len(value_runs) > 1 or (is_han(value_runs[0]) and len(value_runs[0]) > settings.SEARCH_PHRASE_MAX_CHARS)


def date_order(views: list[dict[str, Any]]) -> list[int]:
    """Refs from the latest 认定日期 to the earliest, refs ascending within a day: the order of
    results within a tier when no score tells them apart. Phrase answers hold positions in it."""
    return sorted(range(len(views)), key=lambda ref: views[ref][s.START], reverse=True)


def phrase_file_count(table: dict[str, str]) -> int:
    """Enough phrase files that one holds about ``SEARCH_PHRASE_FILE_BYTES`` of JSON."""
    size = sum(len(key) * 3 + 8 + len(answer) for key, answer in table.items())
    return max(1, math.ceil(size / settings.SEARCH_PHRASE_FILE_BYTES))


def search_files(views: list[dict[str, Any]]) -> Iterator[tuple[str, bytes]]:
    """Every file under search/ as (path, bytes), a few at a time; same views give the same bytes."""
    cache: TokenCache = {}
    all_tokens = [document_tokens(view, cache) for view in views]
    del cache
    document_frequency: Counter[str] = Counter()
    for fields in all_tokens:
        document_frequency.update({token for tokens in fields for token in tokens})
    layout = choose_layout(len(views), sum(document_frequency.values()))
    frequent = {t for t, n in document_frequency.items() if n > layout.frequent_from}
    shard_of = {t: fnv1a(t) % layout.shards for t in document_frequency if t not in frequent}
    yield from Shards(all_tokens, shard_of, document_frequency, layout).files(len(views) >= settings.PARALLEL_MIN_ENTRIES)
    del all_tokens, shard_of
    for number in range(0, max(len(views), 1), layout.chunk):
        chunk = views[number:number + layout.chunk]
        yield f"search/store/{number // layout.chunk}.json", dump([[v[c] for c in STORE_COLUMNS] + [v["subject_url"]] for v in chunk])
        yield f"search/texts/{number // layout.chunk}.json", dump([[v[c] for c in TEXT_COLUMNS] for v in chunk])
    answers = list(phrase_files(views, frequent))
    yield from answers
    frequent_counts = {t: document_frequency[t] for t in sorted(frequent)}
    files = sum(1 for name, _ in answers if name.startswith("search/phrase/"))
    yield "search/meta.json", dump(meta(len(views), layout, files, frequent_counts))


def phrase_files(views: list[dict[str, Any]], frequent: set[str]) -> Iterator[tuple[str, bytes]]:
    """search/phrase/<k>.json (phrase answers, by FNV-1a of the phrase) and search/order/<k>.json
    (the refs of ``date_order``, ORDER_CHUNK at a time); none when no token is frequent."""
    if not frequent:
        return
    phrases = Phrases(views, frequent)
    table = phrases.table(len(views) >= settings.PARALLEL_MIN_ENTRIES)
    count = phrase_file_count(table)
    files: list[list[str]] = [[] for _ in range(count)]
    for key, answer in table.items():  # keys sorted, as ``dump`` sorts them
        files[fnv1a(key) % count].append(encode_basestring(key) + ":" + answer)
    for number, members in enumerate(files):
        yield f"search/phrase/{number}.json", ("{" + ",".join(members) + "}").encode("utf-8")
    for number in range(0, len(phrases.order), ORDER_CHUNK):
        yield f"search/order/{number // ORDER_CHUNK}.json", dump(phrases.order[number:number + ORDER_CHUNK])


def meta(documents: int, layout: Layout, phrase_files: int, frequent: dict[str, int]) -> dict[str, object]:
    """meta.json: how the index is split (engine.js), what a record holds and how a result
    shows it (search.js); everything about fields and columns derived from the definitions above."""
    return {
        "version": 3, "documents": documents, "shards": layout.shards, "chunk": layout.chunk,
        "phrase_files": phrase_files, "frequent": frequent,
        "columns": list(STORE_COLUMNS) + [URL],
        "searched": [[RECORD_COLUMNS.index(column), rule] for _, column, _, rule in FIELDS],
        "texts": list(TEXT_COLUMNS),  # after "columns" in a record the engine checks (search/texts/)
        # The lunr fields, in the order of "searched" (a result's tier is the place of its best field).
        "fields": [field for field, _, _, _ in FIELDS],
        "phrase_max": settings.SEARCH_PHRASE_MAX_CHARS, "order_chunk": ORDER_CHUNK,
        "date_column": STORE_COLUMNS.index(s.START),
        "result": RESULT,
        "lists": [{"name": name, "badge": BADGES[name]} for name in s.LIST_TYPES],
    }


def dump(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
