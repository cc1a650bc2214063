"""Detailed build reports for departments, under reports/ and never published.

They quote what a department sent (ID numbers included), so they live outside
output/; the public site shows per-department counts only.

A report is written for the department to act on: the list submissions of this
build first (``this_build``), each with what to do next (``next_steps``), the
earlier ones newest first with their counts only, then the matter list and the
usage reports, then the counts of every year. The same report is written by the
build (``write_reports``) and by ``build_lists.py report`` (``report_for``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypedDict

import jinja2

from creditlists import settings
from creditlists.dataset import Dataset
from creditlists.intake.filedates import name_date, replay_key
from creditlists.intake.report import FileReport
from creditlists.merge import STATES
from creditlists.publish.next_steps import MATTERS, SUBMISSION, USAGE, next_steps

STATE_KEYS = ("read", *STATES)  # the order of the counts in the JSON and in the tables
STATE_LABELS = {"read": "读取行数", "published": "公示中", "rejected": "被拒绝", "withdrawn": "已移出",
                "superseded": "被更新取代", "expired": "已到期", "repeated": "重复报送（无需改动）"}
KIND_LABELS = {SUBMISSION: "红黑名单报送", MATTERS: "事项清单", USAGE: "使用情况季报"}


class DepartmentReport(TypedDict):
    """``<code>.json``: one department's counts by final state and its files' reports, newest first.

    Each file is ``FileReport.to_dict()`` plus ``kind`` (submission, matters,
    usage), ``name`` (the file's name), ``date`` (the hand-in date of its name),
    ``new`` (shown in full: a submission of this build, the matter list, the
    latest usage report), ``states`` (a submission's rows by final state) and
    ``next_steps`` (what the department does next, in Chinese).
    """

    department: str
    as_of: str
    previous_as_of: str | None  # the report before this build's (``this_build``); None: none
    states: dict[str, int]
    notices: list[str]  # what the operator decided about this department's data, e.g. a shrink published with --accept-shrink
    files: list[dict[str, Any]]


_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("creditlists.publish", "templates"),
    autoescape=True,
    keep_trailing_newline=True,
)


def this_build(submissions: list[FileReport], as_of: dt.date, previous: Mapping[str, Any] | None) -> tuple[set[str], str | None]:
    """The list submissions the department has had no report of, and the date of the report before (None: none).

    After a report as of an earlier day: the files it did not list, and those it
    listed before they could be read (dated after it). After one of the same day
    (a second build that day, or ``build_lists.py report`` after the build): what
    that one showed as new, and any file it did not list. Without an earlier
    report: the files of the newest date. A file without a date in its name is
    always new: it is refused until it is renamed.
    """
    dates = {r.path: name_date(r.path.rsplit("/", 1)[-1]) for r in submissions}
    undated = {path for path, day in dates.items() if day is None}
    before = _day(previous.get("as_of")) if previous else None
    if previous is None or before is None or before > as_of:
        newest = max((day for day in dates.values() if day), default=None)
        return {path for path, day in dates.items() if day == newest} | undated, None
    listed = {f.get("path"): f for f in previous.get("files", []) if isinstance(f, dict)}
    if before == as_of:
        shown = {path for path in dates if path not in listed or listed[path].get("new") is True}
        since = previous.get("previous_as_of")
        return shown | undated, since if isinstance(since, str) else None
    return {path for path, day in dates.items() if path not in listed or day is None or day > before}, before.isoformat()


def _day(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def department_report(dataset: Dataset, code: str, notices: list[str] | None = None,
                      previous: Mapping[str, Any] | None = None) -> DepartmentReport:
    """One department's report: counts by final state, the operator's notices, every file's problems and next steps.

    ``previous``: the department's report as the last build wrote it (``read_previous``), which tells this build's files.
    """
    states = dataset.department_states(code)
    submissions = sorted(dataset.reports_of(code), key=lambda r: replay_key(r.path.rsplit("/", 1)[-1]), reverse=True)
    new, previous_as_of = this_build(submissions, dataset.as_of, previous)
    usage = sorted(dataset.usage.reports_of(code), key=lambda r: r.path, reverse=True)
    files = [_file(r, SUBMISSION, r.path in new, dataset.merged.states.get(r.path)) for r in submissions]
    files += [_file(r, MATTERS, True) for r in dataset.matters.reports_of(code)]
    files += [_file(r, USAGE, number == 0) for number, r in enumerate(usage)]
    return {
        "department": code,
        "as_of": dataset.as_of.isoformat(),
        "previous_as_of": previous_as_of,
        "states": {key: states[key] for key in STATE_KEYS},
        "notices": list(notices or []),
        "files": files,
    }


def _file(report: FileReport, kind: str, new: bool, states: Mapping[str, int] | None = None) -> dict[str, Any]:
    name = report.path.rsplit("/", 1)[-1]
    day = name_date(name) if kind == SUBMISSION else None
    return report.to_dict() | {
        "kind": kind, "name": name, "date": day.isoformat() if day else None, "new": new,
        "states": {key: states.get(key, 0) for key in STATES} if states is not None else None,
        "next_steps": next_steps(report, kind),
    }


def read_previous(reports_dir: Path, code: str) -> dict[str, Any] | None:
    """The department's report as the last build wrote it into ``reports_dir``; None when there is none to trust."""
    try:
        found = json.loads((reports_dir / f"{code}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(found, dict) or found.get("department") != code or not isinstance(found.get("files"), list):
        return None
    return found


def report_for(dataset: Dataset, code: str, reports_dir: Path) -> DepartmentReport:
    """``build_lists.py report``: the department's report as a build as of ``dataset.as_of`` writes it.

    The notices are the operator's decisions of that build (``--accept-shrink``),
    kept from its report in ``reports_dir`` when that one is of the same day.
    """
    previous = read_previous(reports_dir, code)
    same_day = previous is not None and previous.get("as_of") == dataset.as_of.isoformat()
    notices = [str(n) for n in previous.get("notices", [])] if previous is not None and same_day else []
    return department_report(dataset, code, notices, previous)


REPORT_SUFFIXES = (".html", ".json")


def unsafe_report_output(output: Path, data_dir: Path) -> str | None:
    """Why ``build_lists.py report --output`` may not write ``output``, or None: a report quotes ID numbers."""
    target = output.resolve()
    if target.suffix.lower() not in REPORT_SUFFIXES:
        return f"--output {output} 须以 .html（网页，交给部门）或 .json（给程序读）结尾。"
    if target.is_dir():
        return f"--output {output} 是一个文件夹。请给出文件名，如 reports/scjgj.html。"
    if target.is_relative_to(data_dir.resolve()):
        return f"--output {output} 位于数据文件夹 {data_dir} 之内。请写在数据文件夹以外。"
    if any((folder / settings.OUTPUT_MARKER).is_file() for folder in target.parents):
        return f"--output {output} 位于构建生成的公开网站文件夹中：报告含身份证件号码，不得进入公开网站。请另选位置。"
    return None


def has_department(dataset: Dataset, code: str) -> bool:
    """True for a registered department, or a folder name whose files the build read."""
    return code in dataset.departments or any(r.department == code for r in dataset.reports + dataset.matters.reports + dataset.usage.reports)


def department_name(dataset: Dataset, code: str) -> str:
    """The register's name of the department, or a stand-in for a folder name that is not registered."""
    found = dataset.departments.get(code)
    return found.name if found else f"未登记部门 {code}"


def _sections(content: DepartmentReport) -> dict[str, list[dict[str, Any]]]:
    """The report's files by where they are shown: this build's submissions, the earlier ones, matter list and usage reports."""
    files = content["files"]
    return {"new_files": [f for f in files if f["kind"] == SUBMISSION and f["new"]],
            "earlier_files": [f for f in files if f["kind"] == SUBMISSION and not f["new"]],
            "policy_files": [f for f in files if f["kind"] != SUBMISSION]}


def render_html(content: DepartmentReport, name: str) -> str:
    """``<code>.html``: the report as a page to hand to the department (one file, styles inside)."""
    return _ENV.get_template("report.html").render(department={"code": content["department"], "name": name}, report=content,
                                                   state_labels=STATE_LABELS, kind_labels=KIND_LABELS, **_sections(content))


def render_json(content: DepartmentReport) -> str:
    """``<code>.json``: the same report for programs."""
    return _json(content)


def render_text(content: DepartmentReport, name: str) -> str:
    """The report as plain text for a terminal (``build_lists.py report`` without ``--output``): the page's sections in order."""
    sections = _sections(content)
    since = content["previous_as_of"]
    lines = [f"{name}（{content['department']}）报送校验报告，构建日期 {content['as_of']}。内部文件，含报送原文，不得公开。", *content["notices"]]
    lines.append(f"本次报送（{since} 的报告之后收到的文件）：" if since else "最新报送的文件：")
    for file in sections["new_files"]:
        lines += _file_lines(file)
    if not sections["new_files"]:
        lines.append("  没有新的红黑名单报送文件。")
    if sections["earlier_files"]:
        lines.append("以前报送的文件（只列行数）：")
        lines += [f"  {_counts(file)}" for file in sections["earlier_files"]]
    if sections["policy_files"]:
        lines.append("事项清单和使用情况季报：")
        for file in sections["policy_files"]:
            lines += _file_lines(file) if file["new"] else [f"  {_counts(file)}"]
    lines.append("全部文件合计（历年）：" + "，".join(f"{STATE_LABELS[key]} {value}" for key, value in content["states"].items()))
    return "\n".join(lines)


def _counts(file: Mapping[str, Any]) -> str:
    counts = f"数据行 {file['rows']}，接受 {file['accepted']}，拒绝 {file['rejected']}"
    return f"{file['name']}（{KIND_LABELS[file['kind']]}，编码 {file['encoding_label']}）：{counts}"


def _file_lines(file: Mapping[str, Any]) -> list[str]:
    """One file in full: its counts, the next steps, every problem."""
    lines = [f"  {_counts(file)}", *(f"    下一步：{step}" for step in file["next_steps"])]
    for kind, found in (("错误", file["errors"]), ("提示", file["warnings"])):
        for p in found:
            where = f"第 {p['row']} 行" if p["row"] else "整个文件"
            column = f"［{p['column']}］" if p["column"] else ""
            lines.append(f"    {where} {kind} {p['code']} {column}{p['message']}")
    return lines


def write_reports(dataset: Dataset, reports_dir: Path, notices: Mapping[str, list[str]] | None = None) -> list[Path]:
    """Write ``<code>.json`` and ``<code>.html`` per department with files (or notices), and an index.

    Each department's previous report in ``reports_dir`` is read before it is replaced: it tells this build's files.
    """
    reports_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    notices = notices or {}
    codes = sorted({r.department for r in dataset.reports + dataset.matters.reports + dataset.usage.reports} | set(notices))
    summary: dict[str, dict[str, int]] = {}
    for code in codes:
        content = department_report(dataset, code, notices.get(code), read_previous(reports_dir, code))
        summary[code] = content["states"]
        for name, text in ((f"{code}.json", render_json(content)), (f"{code}.html", render_html(content, department_name(dataset, code)))):
            (reports_dir / name).write_text(text, encoding="utf-8")
            written.append(reports_dir / name)
    (reports_dir / "index.json").write_text(_json({"as_of": dataset.as_of.isoformat(), "departments": summary}), encoding="utf-8")
    return written


def _json(content: Mapping[str, object]) -> str:
    return json.dumps(content, ensure_ascii=False, indent=2) + "\n"
