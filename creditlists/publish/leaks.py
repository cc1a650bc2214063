"""Checks a finished build must pass before it replaces the published site.

A site that leaks one ID number is worse than no new site: the check covers
every file the build wrote, not only the ones expected to hold data, with the
same detector the validator uses on every published cell (so a row carrying a
number is rejected long before this check could see it). Should it still find
one, the build stops and says which published file holds it and which
submitted row it came from.

Most files are settled as they are written: ``clear_of_runs``, a prefilter at
C speed that never clears a file holding a run of 14 digits however written,
passes the rendered pages and the plugin's own files on their bytes in hand
(``allowlist.WrittenFiles.clear``); only the rest (the few pages it did not
clear, zips, JSON with escapes, whatever Pelican or a copy wrote) are read
back and checked in full. At 1,000,000 entries the site is 20.5 GB, more than
the page cache holds: reading it all back took minutes of disk.
"""

from __future__ import annotations

import functools
import json
import re
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from creditlists import settings
from creditlists.dataset import Dataset
from creditlists.intake.identifiers import id_numbers_in, id_prefixes_in, id_traces_in, may_hold_digit_run, run_byte_tables
from creditlists.parallel import parallel_map

_JSON_ESCAPE = re.compile(r"(?:\\u[0-9a-fA-F]{4})+")


class LeakError(Exception):
    """The built site contains a full ID number, or a region code with a birth date."""


@dataclass(frozen=True)
class Leak:
    """A published file and what it holds: ID numbers, or the 14-digit start of a submitted one."""

    path: str
    found: tuple[str, ...]


def submitted_id_prefixes(dataset: Dataset) -> set[str]:
    """Region code and birth date of every ID number any row carried, rejected rows included."""
    reports = dataset.reports + dataset.matters.reports + dataset.usage.reports
    return set().union(*(report.seen_id_prefixes for report in reports))


def find_leaks(folder: Path, prefixes: set[str], names: list[str] | None = None, cleared: Collection[str] = ()) -> list[Leak]:
    """Files under ``folder`` holding a valid ID number, however written, or one of ``prefixes``.

    ``names`` (relative, as ``allowlist.files_in`` lists them) spares a second walk of the tree.
    ``cleared`` are names whose final bytes ``clear_of_runs`` passed as they were written
    (``allowlist.WrittenFiles.clear``): they are not read again.
    """
    paths = sorted(p for p in folder.rglob("*") if p.is_file()) if names is None else [folder / name for name in names if name not in cleared]
    run_byte_tables()  # once, before the workers fork
    groups = [paths[i::settings.LEAK_SCAN_PARTS] for i in range(settings.LEAK_SCAN_PARTS)]
    found = parallel_map(functools.partial(_leaking, prefixes=frozenset(prefixes)), groups, len(paths) >= settings.LEAK_SCAN_PARALLEL_FILES)
    leaks = [Leak(path.relative_to(folder).as_posix(), hits) for group in found for path, hits in group]
    return sorted(leaks, key=lambda leak: leak.path)


def _leaking(paths: list[Path], prefixes: frozenset[str]) -> list[tuple[Path, tuple[str, ...]]]:
    leaks = []
    for path in paths:
        hits = set().union(*(id_traces_in(text, prefixes) for text in readable_texts(path, runs_only=True)))
        if hits:
            leaks.append((path, tuple(sorted(hits))))
    return leaks


def readable_texts(path: Path, runs_only: bool = False) -> list[str]:
    """What a reader of ``path`` could see: its text, JSON escapes decoded; a zip's members each.

    With ``runs_only`` (the leak check), nothing for a file that certainly
    holds no run of 14 digits: ``may_hold_digit_run`` clears most pages at C
    speed on their bytes, so they cost no decoding and no regular expression;
    zips and JSON with ``\\u`` escapes are always decoded.
    """
    content = path.read_bytes()
    if content[:4] == b"PK\x03\x04" and zipfile.is_zipfile(path):
        return _zip_texts(path)
    if runs_only and clear_of_runs(path.name, content):
        return []
    return [_as_text(content, path.suffix == ".json")]


def clear_of_runs(name: str, content: bytes) -> bool:
    """True when the file ``name`` with these bytes certainly shows a reader no run of 14 digits.

    The one rule of the leak check's prefilter, applied to bytes read back
    (``readable_texts``) and to bytes as the build writes them (the render
    workers and the plugin's writer): never for a zip (its members are
    compressed) or a JSON file with ``\\u`` escapes (a reader decodes them).
    """
    if content[:4] == b"PK\x03\x04" or (name.endswith(".json") and b"\\u" in content):
        return False
    return not may_hold_digit_run(content)


def _zip_texts(path: Path) -> list[str]:
    texts, budget = [], settings.LEAK_SCAN_MAX_ZIP_BYTES
    with zipfile.ZipFile(path) as archive:
        for member in archive.infolist():
            if member.file_size > budget:
                raise LeakError(f"构建结果中的 {path.name} 解压后过大，无法检查其中是否含有身份证件号码，未发布")
            budget -= member.file_size
            texts.append(_as_text(archive.read(member), member.filename.endswith(".json")))
    return texts


def _as_text(content: bytes, json_text: bool) -> str:
    text = content.decode("utf-8", "replace")
    if json_text and "\\u" in text:
        text = _JSON_ESCAPE.sub(lambda m: json.loads(f'"{m.group()}"'), text)
    return text


def check_no_leak(folder: Path, dataset: Dataset, names: list[str] | None = None, cleared: Collection[str] = ()) -> None:
    """Raise LeakError naming the files and, where it can, the submitted rows the numbers came from."""
    leaks = find_leaks(folder, submitted_id_prefixes(dataset), names, cleared)
    if leaks:
        raise LeakError(leak_message(leaks, dataset))


def leak_message(leaks: list[Leak], dataset: Dataset) -> str:
    """Which published files hold a number, and which submitted cells hold the same number."""
    files = "、".join(leak.path for leak in leaks[:10]) + ("等" if len(leaks) > 10 else "")
    found = {hit for leak in leaks for hit in leak.found}
    sources = "；".join(trace(dataset, found)[:10]) or "不在任何报送行中，请检查部门登记表、词表、模板和网站页面（content/）"
    return f"构建结果中出现了身份证件号码（或地区码加出生日期），本次构建未发布。所在文件：{files}。来源：{sources}。"


def trace(dataset: Dataset, found: set[str]) -> list[str]:
    """The submitted cells (file, Excel row, column) whose text holds one of ``found``."""
    places = []
    for report in dataset.reports:
        for row in report.accepted:
            for column, value in row.values.items():
                if id_numbers_in([value]) & found or id_prefixes_in([value], found):
                    places.append(f"{report.path} 第 {row.row} 行“{column}”")
    return places
