"""Detailed build reports for departments, under reports/ and never published.

They quote what a department sent (ID numbers included), so they live outside
output/; the public site shows per-department counts only.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TypedDict

import jinja2

from creditlists.dataset import Dataset


class DepartmentReport(TypedDict):
    """``<code>.json``: one department's counts by final state and its files' reports."""

    department: str
    as_of: str
    states: dict[str, int]
    notices: list[str]  # what the operator decided about this department's data, e.g. a shrink published with --accept-shrink
    files: list[dict[str, object]]


_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("creditlists.publish", "templates"),
    autoescape=True,
    keep_trailing_newline=True,
)


def department_report(dataset: Dataset, code: str, notices: list[str] | None = None) -> DepartmentReport:
    """One department's report: counts by final state, the operator's notices and every file's problems."""
    states = dataset.department_states(code)
    return {
        "department": code,
        "as_of": dataset.as_of.isoformat(),
        "states": {key: states[key] for key in ("read", "published", "rejected", "withdrawn", "superseded", "expired")},
        "notices": list(notices or []),
        "files": [report.to_dict() for report in dataset.reports_of(code) + dataset.matters.reports_of(code) + dataset.usage.reports_of(code)],
    }


def write_reports(dataset: Dataset, reports_dir: Path, notices: Mapping[str, list[str]] | None = None) -> list[Path]:
    """Write ``<code>.json`` and ``<code>.html`` per department with files (or notices), and an index."""
    reports_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    template = _ENV.get_template("report.html")
    notices = notices or {}
    codes = sorted({r.department for r in dataset.reports + dataset.matters.reports + dataset.usage.reports} | set(notices))
    summary: dict[str, dict[str, int]] = {}
    for code in codes:
        content = department_report(dataset, code, notices.get(code))
        summary[code] = content["states"]
        department = dataset.departments.get(code)
        html = template.render(department=department or {"code": code, "name": f"未登记部门 {code}"}, as_of=content["as_of"],
                               states=content["states"], notices=content["notices"], files=content["files"])
        for name, text in ((f"{code}.json", _json(content)), (f"{code}.html", html)):
            (reports_dir / name).write_text(text, encoding="utf-8")
            written.append(reports_dir / name)
    (reports_dir / "index.json").write_text(_json({"as_of": dataset.as_of.isoformat(), "departments": summary}), encoding="utf-8")
    return written


def _json(content: Mapping[str, object]) -> str:
    return json.dumps(content, ensure_ascii=False, indent=2) + "\n"
