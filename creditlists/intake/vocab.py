"""Controlled vocabularies (data/vocab/): the categories of each list and the key domains."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from creditlists.intake.datafiles import DataFolderError, operator_file
from creditlists.intake.officefiles import OfficeRow, read_office_csv, unique
from creditlists.schema import BLACK, RED

__all__ = ["Measure", "Term", "Vocabulary", "load_vocabulary", "read_measures", "read_terms"]

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
TERM_COLUMNS = ("名称", "标识", "政策条款", "政策原文")
MEASURE_COLUMNS = ("名称", "标识", "名单类型", "政策条款", "适用情形")


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


@dataclass(frozen=True)
class Vocabulary:
    categories: dict[str, dict[str, Term]]  # list type -> name -> term
    domains: dict[str, Term]
    measures: dict[str, list[Measure]]  # list type -> measures in policy order


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


def read_measures(path: Path) -> dict[str, list[Measure]]:
    """Read the measures file; each list type must have at least one measure."""
    what, rows = vocabulary_rows(path, MEASURE_COLUMNS, keys=("标识",))  # a 名称 may serve both lists
    measures: dict[str, list[Measure]] = {RED: [], BLACK: []}
    for row in rows:
        measure = Measure(*(row.values[c] for c in MEASURE_COLUMNS))
        if measure.list_type not in measures:
            raise DataFolderError(f"{what} 第 {row.number} 行“名单类型”：“{measure.list_type[:20]}”无效，须为红名单或黑名单")
        measures[measure.list_type].append(measure)
    if not all(measures.values()):
        raise DataFolderError(f"{what} 须为红名单和黑名单各列出至少一项措施")
    return measures


def load_vocabulary(data_dir: Path) -> Vocabulary:
    folder = data_dir / "vocab"
    files = {name: operator_file(data_dir, folder / name) for name in ("red-categories.csv", "black-categories.csv", "domains.csv", "measures.csv")}
    return Vocabulary(
        categories={RED: read_terms(files["red-categories.csv"]), BLACK: read_terms(files["black-categories.csv"])},
        domains=read_terms(files["domains.csv"]),
        measures=read_measures(files["measures.csv"]),
    )
