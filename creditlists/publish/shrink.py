"""The shrink guard: a department's entries never vanish from the site unexplained.

A failed copy or a wrong mount that loses one department's folder would
otherwise publish the lists without its entries and exit 0: a silent mass
"withdrawal" on a public site. Every published site carries a small manifest
of its counts per department and list; the next build compares its result with
it and refuses to publish a loss that the department's own 移出 rows and the
expiries since the last build do not explain, unless the operator accepts it.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from creditlists import schema as s
from creditlists import settings
from creditlists.dataset import Dataset

MANIFEST_NAME = ".build-manifest.json"
Counts = dict[str, dict[str, int]]  # department -> list type -> published entries


class ShrinkError(Exception):
    """The new lists lost entries that nothing in the data explains."""


@dataclass(frozen=True)
class Shrink:
    department: str
    list_type: str
    before: int
    after: int
    explained: int  # entries withdrawn or expired in this build and not in the last
    cause: str

    def describe(self, name: str) -> str:
        return (f"{name}（{self.department}）的{self.list_type}由 {self.before} 条减为 {self.after} 条，"
                f"其中只有 {self.explained} 条是新的移出或到期。可能原因：{self.cause}")


@dataclass(frozen=True)
class Manifest:
    """What a published site held: per department and list, entries in force and entries gone (移出 or 到期)."""

    published: Counts
    departed: Counts


def manifest_of(dataset: Dataset) -> Manifest:
    published = Counter((e.department, e.list_type) for e in dataset.merged.entries)
    departed = Counter((c.department, c.list_type) for c in dataset.merged.changes
                       if c.action in (s.WITHDRAW, s.EXPIRE) and c.date <= dataset.as_of)
    departments = sorted(set(dataset.departments) | {d for d, _ in published + departed})
    return Manifest(*({d: {t: counts[d, t] for t in s.LIST_TYPES} for d in departments} for counts in (published, departed)))


def write_manifest(folder: Path, dataset: Dataset) -> None:
    """Write the counts the next build compares with (part of every published site)."""
    found = manifest_of(dataset)
    content = {"as_of": dataset.as_of.isoformat(), "published": found.published, "departed": found.departed}
    (folder / MANIFEST_NAME).write_text(json.dumps(content, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def read_manifest(output_dir: Path) -> Manifest | None:
    """The live site's counts; None for a first build (or a site without a readable manifest)."""
    try:
        content = json.loads((output_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
        return Manifest(*({d: {t: int(n) for t, n in per.items()} for d, per in content[key].items()} for key in ("published", "departed")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def find_shrinks(previous: Manifest | None, dataset: Dataset, max_share: float | None = None) -> list[Shrink]:
    """Every department and list whose loss since the live site is not explained by its own new departures.

    Departures are counted, not dated: a 移出 file handed in late carries an
    old date but still explains the entries it removes.
    """
    if previous is None:
        return []
    share = settings.SHRINK_MAX_SHARE if max_share is None else max_share
    now = manifest_of(dataset)
    found = []
    for department, per_list in sorted(previous.published.items()):
        for list_type, before in sorted(per_list.items()):
            after = now.published.get(department, {}).get(list_type, 0)
            explained = now.departed.get(department, {}).get(list_type, 0) - previous.departed.get(department, {}).get(list_type, 0)
            unexplained = before - after - max(explained, 0)
            if before > 0 and unexplained > 0 and (after == 0 or unexplained > share * before):
                found.append(Shrink(department, list_type, before, after, max(explained, 0), likely_cause(dataset, department)))
    return found


def likely_cause(dataset: Dataset, department: str) -> str:
    folder = dataset.data_dir / "submissions" / department
    if not folder.is_dir():
        return f"报送文件夹 {folder} 不存在（复制失败或挂载错误？）"
    reports = dataset.reports_of(department)
    if not reports:
        return f"报送文件夹 {folder} 中没有报送文件"
    unreadable = [r for r in reports if r.file_rejected]
    if unreadable:
        return f"{len(unreadable)} 个文件无法读取或整体被拒绝（见该部门的报告）"
    return "较多数据行被拒绝（见该部门的报告）"


def refuse_unaccepted(shrinks: list[Shrink], dataset: Dataset, accepted: frozenset[str]) -> dict[str, list[str]]:
    """Raise ShrinkError for shrinks not accepted; return the accepted ones as sentences per department."""
    names = {code: d.name for code, d in dataset.departments.items()}
    refused = [x.describe(names.get(x.department, x.department)) for x in shrinks if x.department not in accepted]
    if refused:
        options = " ".join(f"--accept-shrink {d}" for d in sorted({x.department for x in shrinks if x.department not in accepted}))
        raise ShrinkError("公示条目减少且无法由移出或到期解释，为免误撤公示，网站保持原样：\n" + "\n".join(refused)
                          + f"\n请先查明原因；确认减少无误时，可加 {options} 重新构建。")
    notices: dict[str, list[str]] = {}
    for x in shrinks:
        notices.setdefault(x.department, []).append(x.describe(names.get(x.department, x.department)) + "。已按 --accept-shrink 发布。")
    return notices
