"""Controlled vocabularies (data/vocab/): the categories of each list and the key domains."""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from creditlists.intake.datafiles import DataFolderError, operator_file
from creditlists.intake.officefiles import OfficeRow, read_office_csv, unique
from creditlists.schema import BLACK, RED, SUBJECT_TYPES

__all__ = ["Measure", "Term", "Vocabulary", "closest_terms", "load_vocabulary", "read_measures", "read_terms"]

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
TERM_COLUMNS = ("名称", "标识", "政策条款", "政策原文")
MEASURE_COLUMNS = ("名称", "标识", "名单类型", "政策条款", "适用情形", "适用类别", "适用主体类型")
ALL = "全部"  # a measure's scope column: every category, or every type of subject
SCOPE_SEPARATOR = re.compile(r"[；;]")


@dataclass(frozen=True)
class Term:
    """One allowed value, with the section of the policy that names it."""

    name: str
    slug: str  # ASCII, for stable URLs
    section: str
    policy_text: str


@dataclass(frozen=True)
class Measure:
    """An incentive (红名单) or punishment (黑名单) the policy attaches to a listing."""

    name: str
    slug: str
    list_type: str
    section: str
    condition: str  # to whom the policy applies it, in its words
    # The scope the condition gives (empty: all): category names of its list, and 主体类型.
    # 限制乘坐飞机 is only for 有履行能力但拒不履行、逃避执行; 重点支持和优先便利 only for 自然人.
    categories: frozenset[str] = frozenset()
    subject_types: frozenset[str] = frozenset()

    def applies_to(self, category: str, subject_type: str) -> bool:
        """Whether the policy attaches this measure to an entry of ``category`` about a subject of ``subject_type``."""
        return (not self.categories or category in self.categories) and (not self.subject_types or subject_type in self.subject_types)


@dataclass(frozen=True)
class Vocabulary:
    categories: dict[str, dict[str, Term]]  # list type -> name -> term
    domains: dict[str, Term]
    measures: dict[str, list[Measure]]  # list type -> measures in policy order


SUGGESTIONS = 3  # at most this many terms offered for a value not in a vocabulary
SUGGESTION_CUTOFF = 0.5  # difflib's ratio: 食品安全 and 食品药品 share half their characters


def closest_terms(value: str, names: Iterable[str], limit: int = SUGGESTIONS) -> list[str]:
    """The terms a clerk most likely meant by ``value``, best first, at most ``limit``.

    Scored by difflib's ratio (twice the characters in common, in order, over
    both lengths), at least ``SUGGESTION_CUTOFF``; a tie goes to the longer
    common start (食品安全 → 食品药品 before 安全生产), then to the vocabulary's order.
    """
    scored = []
    for order, name in enumerate(names):
        ratio = difflib.SequenceMatcher(None, value, name).ratio()
        if ratio >= SUGGESTION_CUTOFF:
            common_start = sum(1 for _ in itertools.takewhile(lambda pair: pair[0] == pair[1], zip(value, name)))
            scored.append((-ratio, -common_start, order, name))
    return [name for *_, name in sorted(scored)[:limit]]


def vocabulary_rows(path: Path, columns: tuple[str, ...], keys: tuple[str, ...] = ("名称", "标识")) -> tuple[str, list[OfficeRow]]:
    """The file's name in messages and its rows, each with a 名称 and a valid 标识, no value of ``keys`` repeated.

    Anything wrong stops the build with the file, the row and the column
    (``officefiles``); a missing file or one without rows too.
    """
    what = f"词表文件 {path.parent.name}/{path.name}"
    if not path.is_file():
        raise DataFolderError(f"缺少词表文件 {path.parent.name}/{path.name}")
    rows = read_office_csv(path, what, columns)
    if not rows:
        raise DataFolderError(f"{what} 没有词条")
    seen: dict[str, dict[str, int]] = {key: {} for key in keys}
    for row in rows:
        if not row.values["名称"]:
            raise DataFolderError(f"{what} 第 {row.number} 行“名称”为空。请填写名称或删除该行")
        if not SLUG.match(row.values["标识"]):
            raise DataFolderError(f"{what} 第 {row.number} 行“标识”：“{row.values['标识'][:40]}”无效，"
                                  "须为小写字母或数字开头的小写字母、数字或连字符（至多 80 个）")
        for key in keys:
            unique(row, key, seen[key], what)
    return what, rows


def read_terms(path: Path) -> dict[str, Term]:
    """Read one vocabulary file; a missing, empty or broken file stops the build."""
    _, rows = vocabulary_rows(path, TERM_COLUMNS)
    return {row.values["名称"]: Term(*(row.values[c] for c in TERM_COLUMNS)) for row in rows}


CATEGORY_FILES = {RED: "red-categories.csv", BLACK: "black-categories.csv"}


def read_measures(path: Path, categories: dict[str, dict[str, Term]]) -> dict[str, list[Measure]]:
    """Read the measures file; each list type must have at least one measure, each scope known terms."""
    what, rows = vocabulary_rows(path, MEASURE_COLUMNS, keys=("标识",))  # a 名称 may serve both lists
    measures: dict[str, list[Measure]] = {RED: [], BLACK: []}
    for row in rows:
        list_type = row.values["名单类型"]
        if list_type not in measures:
            raise DataFolderError(f"{what} 第 {row.number} 行“名单类型”：“{list_type[:20]}”无效，须为红名单或黑名单")
        by_slug = {term.slug: name for name, term in categories[list_type].items()}
        in_scope = _scope(row, "适用类别", by_slug, what, f"，每个都须是词表文件 vocab/{CATEGORY_FILES[list_type]} 中登记的类别标识")
        types = _scope(row, "适用主体类型", {t: t for t in SUBJECT_TYPES}, what)
        v = row.values
        measures[list_type].append(Measure(v["名称"], v["标识"], list_type, v["政策条款"], v["适用情形"], in_scope, types))
    if not all(measures.values()):
        raise DataFolderError(f"{what} 须为红名单和黑名单各列出至少一项措施")
    return measures


def _scope(row: OfficeRow, column: str, known: dict[str, str], what: str, where: str = "") -> frozenset[str]:
    """``全部`` (empty set) or the known values named in ``column``, separated by ；.

    ``where`` says where the known values are registered: a category taken out of
    its vocabulary file shows here first, and the operator must learn which file.
    """
    text = row.values[column]
    if text == ALL:
        return frozenset()
    named = [part.strip() for part in SCOPE_SEPARATOR.split(text) if part.strip()]
    unknown = [part for part in named if part not in known]
    if unknown or not named:
        raise DataFolderError(f"{what} 第 {row.number} 行“{column}”：“{(unknown or [text])[0][:40]}”无效，"
                              f"须为“{ALL}”或以“；”分隔的{'类别标识' if column == '适用类别' else '主体类型'}{where}")
    return frozenset(known[part] for part in named)


def load_vocabulary(data_dir: Path) -> Vocabulary:
    folder = data_dir / "vocab"
    files = {name: operator_file(data_dir, folder / name) for name in ("red-categories.csv", "black-categories.csv", "domains.csv", "measures.csv")}
    categories = {RED: read_terms(files["red-categories.csv"]), BLACK: read_terms(files["black-categories.csv"])}
    return Vocabulary(categories=categories, domains=read_terms(files["domains.csv"]), measures=read_measures(files["measures.csv"], categories))
