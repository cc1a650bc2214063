"""The search index: lunr indexes built by lunr.py, read by lunr.js, split so that a
query loads only what its tokens need.

Files under search/ (theme/static/js/engine.js reads them):

- meta.json: how the index is split, the very frequent tokens with their counts, the
  columns of a store record, the lunr fields of each rule, and how a result shows its
  columns and list type (theme/static/js/search.js reads them from here);
- shard/<i>.json: a lunr index over the documents that contain the tokens hashed to
  shard i, with only those tokens (FNV-1a of the token's UTF-16 code units, mod the
  number of shards);
- store/<j>.json: display and search data of documents j*chunk … (j+1)*chunk-1, so
  a query fetches only the records of the results it checks or shows;
- phrase/<k>.json: for parts made only of very frequent tokens (武汉, 有限公司, 示例),
  whose posting lists would be most of the corpus: the exact count and the first
  results, computed here by the definition of a hit.

A small site gets one shard, one store chunk and no frequent tokens: the same
files and code, just not split. Fields are given to lunr as lists of tokens from
``segment``, so lunr does not split them again; the pipelines are empty so no
English stemmer or stop-word filter touches Chinese or codes. ID numbers are
neither indexed nor stored.
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lunr.builder import Builder
from lunr.index import Index
from lunr.token_set import TokenSet

from creditlists import schema as s
from creditlists import settings
from creditlists.parallel import parallel_map
from creditlists.search.segment import FRAGMENT, NUMBERED_FRAGMENT, WHOLE, index_tokens, is_han, pairs, runs, whole_token

# (lunr field, column, boost, how a query part matches it: see segment)
FIELDS = (
    ("name", s.NAME, 10, FRAGMENT),
    ("uscc", s.USCC, 5, WHOLE),
    ("legal_rep", s.LEGAL_REP, 3, FRAGMENT),
    ("decision", s.DECISION, 3, NUMBERED_FRAGMENT),
    ("category", s.CATEGORY, 1, WHOLE),
    ("department", s.DEPARTMENT_NAME, 1, WHOLE),
)
# Lunr fields: the token fields, and one field for the whole-value tokens of every WHOLE column.
LUNR_FIELDS = (("name", 10), ("legal_rep", 3), ("decision", 3), ("whole", 5))
# What a result shows and what the browser checks a hit against, per document.
STORE_COLUMNS = (s.NAME, s.LIST_TYPE, s.CATEGORY, s.DEPARTMENT_NAME, s.START, s.USCC, s.LEGAL_REP, s.DECISION)
URL = "url"  # the last value of a store record: the subject page, relative to the site root
# How theme/static/js/search.js shows a result, by column (meta.json "result"): the title,
# linked to the subject page, after the list badge; a line of columns joined by " · ",
# those marked True after their name; then each "matched" column, after its name, when a
# query part is in it. search.js names no column itself.
RESULT = {
    "title": s.NAME, "list": s.LIST_TYPE, "decision": s.DECISION, "link": URL,
    "line": [[s.CATEGORY, False], [s.DEPARTMENT_NAME, False], [s.START, True], [s.DECISION, False]],
    "matched": [s.USCC, s.LEGAL_REP],
}
# The badge of each list type (the classes of theme/templates/_macros.html).
BADGES = {s.RED: "badge-red", s.BLACK: "badge-black"}
FIRST_RESULTS = 100  # results kept per phrase


def searched_fields(view: dict[str, Any]) -> list[tuple[str, str]]:
    """(rule, text) of every searched field of an entry: what ``segment.matches`` takes."""
    return [(rule, view[column]) for _, column, _, rule in FIELDS]


def fnv1a(token: str) -> int:
    """32-bit FNV-1a over UTF-16 code units: engine.js computes the same."""
    value = 0x811C9DC5
    data = token.encode("utf-16-le")
    for i in range(0, len(data), 2):
        value ^= data[i] | (data[i + 1] << 8)
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value


def document_tokens(view: dict[str, Any]) -> dict[str, list[str]]:
    """Lunr field -> tokens of one entry."""
    tokens: dict[str, list[str]] = {"name": [], "legal_rep": [], "decision": [], "whole": []}
    for field, column, _, rule in FIELDS:
        target = "whole" if rule == WHOLE else field
        tokens[target].extend(index_tokens(view[column], rule))
    return tokens


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
    return serialized  # type: ignore[no-any-return]  # lunr.py is untyped


def shard_groups(all_tokens: list[dict[str, tuple[str, ...]]], shard_of: dict[str, int], layout: Layout) -> Iterator[dict[int, list[dict[str, Any]]]]:
    """Shard number -> its documents (restricted to the shard's tokens), a group of shards at a time.

    Holding every shard's documents at once would take several times the memory
    of the tokens themselves at a million entries; a group of about
    ``SEARCH_GROUP_POSTINGS`` postings is built, handed to lunr.py and dropped.
    """
    postings = sum(len(t) for fields in all_tokens for t in fields.values())
    groups = max(1, min(layout.shards, math.ceil(postings / settings.SEARCH_GROUP_POSTINGS)))
    for group in range(groups):
        shards: dict[int, dict[int, dict[str, list[str]]]] = {}
        for ref, fields in enumerate(all_tokens):
            for field, tokens in fields.items():
                for token in tokens:
                    number = shard_of.get(token)
                    if number is not None and number % groups == group:
                        shards.setdefault(number, {}).setdefault(ref, {}).setdefault(field, []).append(token)
        yield {number: [{"ref": str(ref), **{f: fields.get(f, []) for f, _ in LUNR_FIELDS}} for ref, fields in sorted(docs.items())]
               for number, docs in sorted(shards.items())}


def phrase_keys(view: dict[str, Any], frequent: set[str]) -> set[str]:
    """The parts made only of frequent tokens that this entry matches with one run.

    Han runs: every stretch of two or more characters whose pairs are all frequent;
    [a-z0-9] runs: the run, if frequent; whole values: their token, if frequent.
    """
    keys: set[str] = set()
    for _, column, _, rule in FIELDS:
        if rule == WHOLE:
            token = whole_token(view[column])
            if token in frequent:
                keys.add(token)
            continue
        for run in runs(view[column]):
            if not is_han(run):
                if run in frequent:
                    keys.add(run)
            elif rule == FRAGMENT:
                keys.update(_frequent_stretches(run, frequent))
    return keys


def _frequent_stretches(run: str, frequent: set[str]) -> set[str]:
    found = set()
    flags = [pair in frequent for pair in pairs(run)]
    for start in range(len(flags)):
        end = start
        while end < len(flags) and flags[end] and end - start < settings.SEARCH_PHRASE_MAX_CHARS - 1:
            found.add(run[start:end + 2])
            end += 1
    return found


def phrase_file_count(table: dict[str, list[Any]]) -> int:
    """Enough phrase files that one holds about ``SEARCH_PHRASE_FILE_BYTES`` of JSON."""
    size = sum(len(key) * 3 + 8 + 7 * len(refs) for key, (_, refs) in table.items())
    return max(1, math.ceil(size / settings.SEARCH_PHRASE_FILE_BYTES))


def phrase_table(views: list[dict[str, Any]], frequent: set[str]) -> dict[str, list[Any]]:
    """Phrase -> [count, first refs], by the definition of a hit, over every entry."""
    counts: Counter[str] = Counter()
    first: dict[str, list[int]] = defaultdict(list)
    for ref, view in enumerate(views):
        for key in phrase_keys(view, frequent):
            counts[key] += 1
            if len(first[key]) < FIRST_RESULTS:
                first[key].append(ref)
    return {key: [counts[key], first[key]] for key in counts}


def search_files(views: list[dict[str, Any]]) -> Iterator[tuple[str, bytes]]:
    """Every file under search/ as (path, bytes), a few at a time; same views give the same bytes."""
    all_tokens = [{field: tuple(sys.intern(t) for t in tokens) for field, tokens in document_tokens(view).items()} for view in views]
    document_frequency: Counter[str] = Counter()
    for fields in all_tokens:
        document_frequency.update({token for tokens in fields.values() for token in tokens})
    layout = choose_layout(len(views), sum(document_frequency.values()))
    frequent = {t for t, n in document_frequency.items() if n > layout.frequent_from}
    shard_of = {t: fnv1a(t) % layout.shards for t in document_frequency if t not in frequent}
    made = set()
    for group in shard_groups(all_tokens, shard_of, layout):
        numbers = list(group)
        for number, content in zip(numbers, parallel_map(_dumped_index, [group[n] for n in numbers], len(views) >= settings.PARALLEL_MIN_ENTRIES)):
            made.add(number)
            yield f"search/shard/{number}.json", content
    del all_tokens
    for number in sorted(set(range(layout.shards)) - made):  # a shard no token hashed to
        yield f"search/shard/{number}.json", dump(lunr_index([]))
    for number in range(0, max(len(views), 1), layout.chunk):
        chunk = views[number:number + layout.chunk]
        yield f"search/store/{number // layout.chunk}.json", dump([[v[c] for c in STORE_COLUMNS] + [v["subject_url"]] for v in chunk])
    table = phrase_table(views, frequent) if frequent else {}
    phrase_files = phrase_file_count(table) if table else 0
    phrases: list[dict[str, Any]] = [{} for _ in range(phrase_files)]
    for key, value in table.items():
        phrases[fnv1a(key) % phrase_files][key] = value
    for number, part in enumerate(phrases):
        yield f"search/phrase/{number}.json", dump(part)
    frequent_counts = {t: document_frequency[t] for t in sorted(frequent)}
    yield "search/meta.json", dump(meta(len(views), layout, phrase_files, frequent_counts))


def meta(documents: int, layout: Layout, phrase_files: int, frequent: dict[str, int]) -> dict[str, object]:
    """meta.json: how the index is split (engine.js), what a record holds and how a result
    shows it (search.js); everything about fields and columns derived from the definitions above."""
    return {
        "version": 2, "documents": documents, "shards": layout.shards, "chunk": layout.chunk,
        "phrase_files": phrase_files, "frequent": frequent,
        "columns": list(STORE_COLUMNS) + [URL],
        "searched": [[STORE_COLUMNS.index(column), rule] for _, column, _, rule in FIELDS],
        # The lunr fields that a query's text tokens are looked up in, by rule; WHOLE
        # columns share the one lunr field "whole".
        "fields": {rule: [field for field, _, _, r in FIELDS if r == rule] for rule in (FRAGMENT, NUMBERED_FRAGMENT)},
        "result": RESULT,
        "lists": [{"name": name, "badge": BADGES[name]} for name in s.LIST_TYPES],
    }


def _dumped_index(documents: list[dict[str, Any]]) -> bytes:
    return dump(lunr_index(documents))


def dump(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
