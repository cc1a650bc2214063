"""The batch check's lookup files: exact keys to entries, for /check/ (theme/static/js/batch_check.js).

Files under check/:

- meta.json: the number of code and name buckets, the limits of a check,
  which store column holds what a result shows (by the column names of
  search/meta.json) and its label, and the header words that name the code and
  the name column of a list, so batch_check.js names no column itself;
- code/<b>.json: for every normalised 统一社会信用代码 whose FNV-1a h
  (``index.fnv1a``, which engine.js computes alike) modulo the number of code
  buckets K is b: {str(h // K): [ref, …]}, the rest of its hash and its entries;
- name/<b>.json: the same for the normalised 主体名称 (organisations and persons).

A ref is the entry's position in the search store (search/store/<ref // chunk>.json),
so a bucket holds entry ids only and the details come from the store the search
already has. A bucket keeps the hash, not the key: about 6 bytes a key
gzipped instead of 13 for a code and 30 for a name, so that a list of 5,000
lines, which fetches most buckets of a site of 100,000 entries, downloads
little and in few files. The browser then keeps only the records whose own code
or name is the typed one, so two keys of one hash (or an unknown key of a
listed key's hash) cost one store file and never make a hit.

Keys are normalised as the intake normalises a cell (``clean_code``,
``clean_text``); theme/static/js/normalize.js does the same to what an official
types and ``identifier_kind`` says what a typed code is, and a parity test runs
both sides on the same strings. Only entries in force are in the views, so
withdrawn, expired and rejected entries are in no bucket. ID numbers are never
keys: a person is found by name only.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from creditlists import schema as s
from creditlists import settings
from creditlists.intake import identifiers as ids
from creditlists.intake.normalize import clean_code, clean_text, looks_like_number
from creditlists.search.index import STORE_COLUMNS, URL, dump, fnv1a

FOLDER = "check"
# What a result shows, by role -> the store column that holds it (meta.json "columns").
SHOWN = {
    "name": s.NAME, "uscc": s.USCC, "list": s.LIST_TYPE, "subject_type": s.SUBJECT_TYPE, "id": s.ID_NUMBER,
    "category": s.CATEGORY, "department": s.DEPARTMENT_NAME, "decision": s.DECISION, "start": s.START, "end": s.END,
    "link": URL,
}
# Header cells (spaces and a trailing * or （必填） ignored) that name the column of the code
# or of the name in a pasted table or a file: the template's own, and what officials' lists use.
HEADERS = {
    "code": [s.USCC, "社会信用代码", "信用代码", "统一代码", "代码", "组织机构代码", "USCC", s.ID_NUMBER, "身份证号码", "身份证号", "证件号码"],
    "name": ["名称", s.NAME, "企业名称", "单位名称", "公司名称", "机构名称", "姓名", "名字", "供应商", "供应商名称", "投标人", "投标人名称",
             "申请人", "申请人名称", "申请单位", "受助对象", "对象名称", "经营者名称"],
}
# What a typed identifier is (``identifier_kind``): a code to look up, an ID number (never
# looked up: persons are found by name), or one of the ways a code can be wrong.
USCC, ID_NUMBER, BAD_CHECK, BAD_FORMAT, AS_NUMBER, NOT_A_CODE = "uscc", "id", "bad-check", "bad-format", "number", ""
_CODE_CHARACTERS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
MIN_CODE_LENGTH = 15  # letters and digits from this length on (with a digit) are taken for a mistyped code


def identifier_kind(text: str) -> str:
    """What a cell an official typed is, as an identifier (batch_check.js decides alike).

    The order is the intake's (``submissions``): a number a spreadsheet made of a
    code, an ID number (about 1 in 31 also passes the USCC check), a code with a
    right or a wrong check character, a mistyped code (letters and digits of the
    wrong length); anything else is no code (a name). ASCII only: a code has no
    other characters after normalising.
    """
    code = clean_code(text)
    if not code or not code.isascii():
        return NOT_A_CODE
    if looks_like_number(code) and not ids.uscc_format_ok(code):
        return AS_NUMBER
    if ids.is_resident_id(code):
        return ID_NUMBER
    if ids.uscc_format_ok(code):
        return USCC if ids.uscc_checksum_ok(code) else BAD_CHECK
    if len(code) >= MIN_CODE_LENGTH and set(code) <= _CODE_CHARACTERS and any(c.isdigit() for c in code):
        return BAD_FORMAT
    return NOT_A_CODE


def bucket_count(keys: int) -> int:
    """Buckets of about ``CHECK_KEYS_PER_BUCKET`` keys: a long list fetches a small share of them."""
    return max(1, math.ceil(keys / settings.CHECK_KEYS_PER_BUCKET))


def key_table(views: list[dict[str, Any]], column: str, normalise: Callable[[str], str]) -> dict[str, list[int]]:
    """Normalised value of ``column`` -> the refs of the entries that carry it (none for an empty value)."""
    table: dict[str, list[int]] = defaultdict(list)
    for ref, view in enumerate(views):
        key = normalise(view[column])
        if key:
            table[key].append(ref)
    return table


def slot(key: str, count: int) -> tuple[int, str]:
    """The bucket of ``key`` among ``count``, and its place in the bucket: the rest of its hash."""
    value = fnv1a(key)
    return value % count, str(value // count)


def buckets(table: dict[str, list[int]], count: int) -> list[dict[str, list[int]]]:
    """The table split into ``count`` buckets by ``slot``; keys of one hash share their refs."""
    parts: list[dict[str, list[int]]] = [{} for _ in range(count)]
    for key, refs in table.items():
        number, rest = slot(key, count)
        parts[number][rest] = sorted(parts[number].get(rest, []) + refs)
    return parts


def meta(documents: int, code_buckets: int, name_buckets: int) -> dict[str, object]:
    columns = list(STORE_COLUMNS) + [URL]
    return {
        "version": 1, "documents": documents, "code_buckets": code_buckets, "name_buckets": name_buckets,
        "max_lines": settings.CHECK_MAX_LINES, "similar_max_lines": settings.CHECK_SIMILAR_MAX_LINES,
        "similar_per_line": settings.CHECK_SIMILAR_PER_LINE,
        "columns": {role: columns.index(column) for role, column in SHOWN.items()},
        "labels": {role: column for role, column in SHOWN.items() if column != URL}, "headers": HEADERS,
        "person": s.PERSON, "lists": list(s.LIST_TYPES),
    }


def page_context() -> dict[str, object]:
    """What the page at /check/ says of the limits (batch_check.html)."""
    return {"max_lines": settings.CHECK_MAX_LINES, "similar_max_lines": settings.CHECK_SIMILAR_MAX_LINES,
            "similar_per_line": settings.CHECK_SIMILAR_PER_LINE, "labels": SHOWN}


def lookup_files(views: list[dict[str, Any]]) -> Iterator[tuple[str, bytes]]:
    """Every file under check/ as (path, bytes); the same views give the same bytes."""
    codes = key_table(views, s.USCC, clean_code)
    names = key_table(views, s.NAME, clean_text)
    code_parts, name_parts = buckets(codes, bucket_count(len(codes))), buckets(names, bucket_count(len(names)))
    for kind, parts in (("code", code_parts), ("name", name_parts)):
        for number, part in enumerate(parts):
            yield f"{FOLDER}/{kind}/{number}.json", dump(part)
    yield f"{FOLDER}/meta.json", dump(meta(len(views), len(code_parts), len(name_parts)))
