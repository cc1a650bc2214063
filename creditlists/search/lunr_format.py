"""lunr 2.3.9's serialised index, written directly from a shard's tokens.

lunr.py (``index.lunr_index``) builds an index through objects made for querying:
a ``Field`` and ``FieldRef`` per document field, a ``Vector`` per field with
insertions by binary search, a token set, then ``serialize()`` and our ``dump``.
At 100,000 entries that was 79 CPU-seconds for 788 shards whose files the browser
only reads. This module writes the same bytes in one pass over the shard's
tokens and one over its terms: lunr.py's BM25 (k1 1.2, b 0.75, the field boost,
scores rounded to 3 places), its term numbering (first occurrence, documents in
ref order, fields in their order, tokens in field order), its term order (sorted by
``js_order``, to which ``index.lunr_index`` re-sorts lunr.py's) and ``dump``'s JSON
(sorted keys, no spaces, ``repr`` floats). lunr.py stays the builder of single-index
sites and the reference: tests/search/test_lunr_format.py builds a few hundred random
shards both ways and requires the same bytes and the same lunr.js answers.

A shard is given as its postings in two sequences of the same length: ``places``,
where each token is (``ref << FIELD_BITS | field number``, see ``field_place``), and
``tokens``; refs ascending, the fields of a ref in the order of ``fields``, a
field's tokens in order, repeats kept. (Two flat sequences, an array of ints and a
list of interned strings, take 16 bytes a posting where tuples would take 72.) The tokens are lunr's terms as they are: lunr.py lower-cases list
elements, and ``segment`` gives only lower-case Han and [a-z0-9] runs, on which
``lower`` changes nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from json.encoder import encode_basestring  # what json.dumps(ensure_ascii=False) writes a str with

VERSION = "2.3.9"  # lunr.js's version lunr.py targets (lunr.__TARGET_JS_VERSION__)
K1 = 1.2  # lunr's term-frequency saturation
B = 0.75  # lunr's field-length normalisation
FIELD_BITS = 4  # a place holds the field number in its low bits: at most 16 fields
FIELD_MASK = (1 << FIELD_BITS) - 1


def js_order(term: str) -> bytes:
    """The sort key of a term in lunr.js's order: JavaScript compares strings by UTF-16 code
    units, and lunr.js's token set builder throws "Out of order word insertion" on an
    inverted index in any other order. Python's str order (code points) differs once a shard
    holds a term from U+E000–U+FFFF (CJK compatibility ideographs, U+F900–U+FAFF) and one
    from a supplementary plane (Han extension B, U+20000…, surrogates from 0xD840): big-endian
    UTF-16 bytes compare as the code units do."""
    return term.encode("utf-16-be")


def field_place(ref: int, field: int) -> int:
    """Where a token is: document ``ref``, field number ``field``, in one int."""
    return ref << FIELD_BITS | field


def lunr_json(places: Sequence[int], tokens: Sequence[str], fields: Sequence[tuple[str, int]], b: float = B) -> bytes:
    """The serialised index of one shard, byte for byte ``dump(lunr_index(...))`` of the same
    documents (the vectors of empty fields left out as there); ``b`` is a parameter only so
    that a test can show a different one gives different bytes."""
    assert len(fields) <= 1 << FIELD_BITS
    terms, holders, vectors, lengths, documents = _count(places, tokens, len(fields))
    idf = [_idf(len(held), documents) for held in holders]
    averages = [length / documents if documents else 0.0 for length in lengths]
    names = [name for name, _ in fields]
    parts = ['{"fieldVectors":[']
    parts.append(",".join(_vector(where, names[where & FIELD_MASK], tf, terms, idf, averages[where & FIELD_MASK], fields[where & FIELD_MASK][1], b)
                          for where, tf in vectors))
    parts.append('],"fields":[' + ",".join(encode_basestring(n) for n in names) + '],"invertedIndex":[')
    parts.append(",".join(_posting(term, terms[term], holders[terms[term]], names) for term in sorted(terms, key=js_order)))
    parts.append('],"pipeline":[],"version":"' + VERSION + '"}')
    return "".join(parts).encode("utf-8")


Counts = tuple[dict[str, int], list[list[int]], list[tuple[int, dict[str, int]]], list[int], int]


def _count(places: Sequence[int], tokens: Sequence[str], field_count: int) -> Counts:
    """The one pass over the tokens: term -> number (first occurrence); per term the places
    holding it, each once; per place its term frequencies in the order met; the tokens
    per field; the documents."""
    terms: dict[str, int] = {}
    holders: list[list[int]] = []
    vectors: list[tuple[int, dict[str, int]]] = []
    lengths = [0] * field_count
    documents, ref_now, place_now = 0, -1, -1
    tf: dict[str, int] = {}
    for where, token in zip(places, tokens, strict=True):
        if where != place_now:
            if where >> FIELD_BITS != ref_now:
                documents += 1
                ref_now = where >> FIELD_BITS
            place_now, tf = where, {}
            vectors.append((where, tf))
        lengths[where & FIELD_MASK] += 1
        seen = tf.get(token)
        if seen is None:
            tf[token] = 1
            number = terms.get(token)
            if number is None:
                number = terms[token] = len(holders)
                holders.append([])
            holders[number].append(where)
        else:
            tf[token] = seen + 1
    return terms, holders, vectors, lengths, documents


def _idf(holding: int, documents: int) -> float:
    """lunr's idf, ``holding`` counting a document once per field that has the term (lunr.idf)."""
    x = (documents - holding + 0.5) / (holding + 0.5)
    return math.log(1 + abs(x))


def _vector(where: int, name: str, tf: dict[str, int], terms: dict[str, int], idf: list[float], average: float, boost: int, b: float) -> str:
    """One field vector, ``["field/ref",[term, score, ...]]``, terms by number: lunr.py's
    Builder._create_field_vectors, the same expression in the same order for the same floats."""
    length = sum(tf.values())
    elements = []
    for number, count in sorted((terms[token], count) for token, count in tf.items()):
        score = idf[number] * ((K1 + 1) * count) / (K1 * (1 - b + b * (length / average)) + count)
        elements.append(f"{number},{round(score * boost, 3)!r}")
    return f'["{name}/{where >> FIELD_BITS}",[{",".join(elements)}]]'


def _posting(term: str, number: int, held: list[int], names: list[str]) -> str:
    """One inverted-index entry, ``[term,{"_index":n,field:{ref:{}},...}]`` with the keys sorted as ``dump`` sorts them."""
    by_field: dict[str, list[str]] = {name: [] for name in names}
    for where in held:
        by_field[names[where & FIELD_MASK]].append(str(where >> FIELD_BITS))
    by_field_json = {name: "{" + ",".join(f'"{ref}":{{}}' for ref in sorted(refs)) + "}" for name, refs in by_field.items()}
    by_field_json["_index"] = str(number)
    return "[" + encode_basestring(term) + ",{" + ",".join(f'"{key}":{by_field_json[key]}' for key in sorted(by_field_json)) + "}]"
