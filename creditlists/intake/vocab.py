"""Controlled vocabularies (data/vocab/): the categories of each list and the key domains."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from creditlists.intake.datafiles import DataFolderError, operator_file
from creditlists.schema import BLACK, RED

__all__ = ["Measure", "Term", "Vocabulary", "load_vocabulary", "read_measures", "read_terms"]

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


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


def read_terms(path: Path) -> dict[str, Term]:
    """Read one vocabulary file; a missing or empty file stops the build."""
    if not path.is_file():
        raise DataFolderError(f"缺少词表文件 {path.name}")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        terms = {
            row["名称"].strip(): Term(row["名称"].strip(), row["标识"].strip(), row["政策条款"].strip(), row["政策原文"].strip())
            for row in csv.DictReader(handle)
            if (row.get("名称") or "").strip()
        }
    if not terms:
        raise DataFolderError(f"词表文件 {path.name} 没有词条")
    slugs = [t.slug for t in terms.values()]
    if len(set(slugs)) != len(slugs) or not all(SLUG.match(slug) for slug in slugs):
        raise DataFolderError(f"词表文件 {path.name} 的“标识”须为互不相同的小写字母、数字或连字符")
    return terms


def read_measures(path: Path) -> dict[str, list[Measure]]:
    """Read the measures file; each list type must have at least one measure."""
    if not path.is_file():
        raise DataFolderError(f"缺少词表文件 {path.name}")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if (r.get("名称") or "").strip()]
    measures: dict[str, list[Measure]] = {RED: [], BLACK: []}
    for row in rows:
        measure = Measure(*(row[c].strip() for c in ("名称", "标识", "名单类型", "政策条款", "适用情形")))
        if measure.list_type not in measures or not SLUG.match(measure.slug):
            raise DataFolderError(f"词表文件 {path.name}：“{measure.name}”的名单类型或标识无效")
        measures[measure.list_type].append(measure)
    if not all(measures.values()):
        raise DataFolderError(f"词表文件 {path.name} 须为红名单和黑名单各列出至少一项措施")
    return measures


def load_vocabulary(data_dir: Path) -> Vocabulary:
    folder = data_dir / "vocab"
    files = {name: operator_file(data_dir, folder / name) for name in ("red-categories.csv", "black-categories.csv", "domains.csv", "measures.csv")}
    return Vocabulary(
        categories={RED: read_terms(files["red-categories.csv"]), BLACK: read_terms(files["black-categories.csv"])},
        domains=read_terms(files["domains.csv"]),
        measures=read_measures(files["measures.csv"]),
    )
