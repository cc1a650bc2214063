"""The pages for the rest of the policy: matter lists, usage reports, their
supervision, and the incentive and punishment measures.

Like ``site``, nothing here renders: these functions say which page goes where
with what data, and which chart files exist. The plugin writes them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from creditlists import schema as s
from creditlists import settings
from creditlists.dataset import Dataset
from creditlists.intake.departments import Department
from creditlists.intake.matters import Matter
from creditlists.intake.usage import COUNT_COLUMNS, Quarter
from creditlists.policy import usage as u
from creditlists.publish import charts
from creditlists.publish.site import LIST_SLUGS, Filters, Page, SiteModel

_NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
_SECTION = re.compile(r"^([一二三四五六七八九十])[（(]([一二三四五六七八九十])[）)](\d+)?$")
COUNT_LABELS = COUNT_COLUMNS
MatterView = dict[str, str | list[str]]  # a matter as the lists show it; methods is the list


def section_anchor(section: str) -> str:
    """The policy page's anchor for a section: ``二（三）1`` → ``s2-3-1``, ``三（三）`` → ``s3-3``."""
    match = _SECTION.match(section.strip())
    if not match:
        return "opinions"
    parts = [str(_NUMERALS[match.group(1)]), str(_NUMERALS[match.group(2)])] + ([match.group(3)] if match.group(3) else [])
    return "s" + "-".join(parts)


def section_title(section: str) -> str:
    """A section as readers cite it: ``二（三）1`` → ``第二部分（三）1``."""
    match = _SECTION.match(section.strip())
    return f"第{match.group(1)}部分{section.strip()[1:]}" if match else section


def pages(model: SiteModel) -> Iterator[Page]:
    """Every page of this module, in a stable order."""
    dataset = model.dataset
    yield from matter_pages(dataset)
    yield from usage_pages(dataset)
    yield supervision_page(dataset)
    yield from measure_pages(model)


# --- matter lists --------------------------------------------------------------

def matter_view(matter: Matter, dataset: Dataset) -> MatterView:
    term = dataset.matters.types.get(matter.kind)
    department = dataset.departments[matter.department]
    return {
        "department_code": department.code, "department": department.name, "name": matter.name, "kind": matter.kind,
        "kind_slug": term.slug if term else "", "section": term.section if term else "",
        "anchor": section_anchor(term.section) if term else "", "methods": list(matter.methods), "basis": matter.basis,
    }


def matter_filters(dataset: Dataset, rows: list[MatterView]) -> Filters:
    by_kind = Counter(r["kind"] for r in rows)
    by_department = Counter(r["department_code"] for r in rows)
    return {
        "kinds": [{"name": n, "url": f"matters/type/{t.slug}/", "count": by_kind[n], "section": t.section} for n, t in dataset.matters.types.items()],
        "departments": [{"name": d.name, "url": f"matters/department/{c}/", "count": by_department[c]} for c, d in dataset.departments.items()],
    }


def matter_pages(dataset: Dataset) -> Iterator[Page]:
    """The district-wide list, one page per kind and one per department (the department's own list)."""
    rows = [matter_view(m, dataset) for code in dataset.departments for m in dataset.matters.by_department.get(code, [])]
    base = {"filters": matter_filters(dataset, rows), "total": len(rows)}
    yield Page("matters/index.html", "matters", {**base, "rows": rows, "filter": None})
    for name, term in dataset.matters.types.items():
        chosen = [r for r in rows if r["kind"] == name]
        filter_ = {"kind": "事项类型", "name": name}
        yield Page(f"matters/type/{term.slug}/index.html", "matters",
                   {**base, "rows": chosen, "filter": filter_, "term": term, "anchor": section_anchor(term.section)})
    for code, department in dataset.departments.items():
        chosen = [r for r in rows if r["department_code"] == code]
        filter_ = {"kind": "部门", "name": department.name}
        has_list = code in dataset.matters.by_department
        yield Page(f"matters/department/{code}/index.html", "matters",
                   {**base, "rows": chosen, "filter": filter_, "department": department, "has_list": has_list})


# --- usage reports ---------------------------------------------------------------

def reported_quarters(dataset: Dataset) -> list[Quarter]:
    """The supervised quarters that are over: each has a page, a bar chart and a point on the lines."""
    return [q for q in u.supervised_quarters(dataset.usage, dataset.as_of) if q.end < dataset.as_of]


def department_totals(dataset: Dataset, code: str, quarter: Quarter) -> tuple[int, ...] | None:
    received = dataset.usage.received.get((code, quarter))
    return received.totals if received else None


def district_totals(dataset: Dataset, quarter: Quarter) -> tuple[int, ...] | None:
    totals = [department_totals(dataset, c, quarter) for c in dataset.departments]
    found = [t for t in totals if t is not None]
    return tuple(sum(t[i] for t in found) for i in range(len(COUNT_LABELS))) if found else None


def status_view(status: u.Status) -> dict[str, str]:
    css = {u.REPORTED: "reported", u.MISSING: "missing", u.NOT_DUE: "not-due"}[status.status]
    return {"status": status.status, "css": css, "due": status.due.isoformat(), "note": status.note, "quarter": status.quarter.label}


def usage_pages(dataset: Dataset) -> Iterator[Page]:
    quarters = reported_quarters(dataset)
    yield usage_index(dataset, quarters)
    for quarter in quarters:
        yield usage_quarter_page(dataset, quarter)
    for department in dataset.departments.values():
        yield usage_department_page(dataset, quarters, department)


def usage_index(dataset: Dataset, quarters: list[Quarter]) -> Page:
    rows = []
    for quarter in quarters:
        statuses = [u.status_of(dataset.usage, c, quarter, dataset.as_of) for c in dataset.departments]
        rows.append({"quarter": quarter.label, "title": quarter.title, "url": f"usage/{quarter.label}/", "totals": district_totals(dataset, quarter),
                     "reported": sum(1 for x in statuses if x.status == u.REPORTED), "departments": len(statuses)})
    chart = "usage/chart.svg" if rows else ""
    return Page("usage/index.html", "usage_index", {"rows": rows, "chart": chart, "columns": COUNT_LABELS,
                                                    "departments": list(dataset.departments.values())})


def usage_quarter_page(dataset: Dataset, quarter: Quarter) -> Page:
    departments = []
    for code, department in dataset.departments.items():
        received = dataset.usage.received.get((code, quarter))
        departments.append({
            "department": department, "status": status_view(u.status_of(dataset.usage, code, quarter, dataset.as_of)),
            "totals": received.totals if received else None,
            "rows": [{"matter": r.matter, "counts": r.counts, "listed": r.listed} for r in received.rows] if received else [],
        })
    return Page(f"usage/{quarter.label}/index.html", "usage_quarter", {
        "quarter": {"label": quarter.label, "title": quarter.title, "due": quarter.due().isoformat()},
        "departments": departments, "totals": district_totals(dataset, quarter), "columns": COUNT_LABELS,
        "chart": f"usage/{quarter.label}/chart.svg",
    })


def usage_department_page(dataset: Dataset, quarters: list[Quarter], department: Department) -> Page:
    rows = [{"quarter": q.label, "title": q.title, "url": f"usage/{q.label}/", "totals": department_totals(dataset, department.code, q),
             "status": status_view(u.status_of(dataset.usage, department.code, q, dataset.as_of))} for q in quarters]
    chart = f"usage/department/{department.code}/chart.svg" if quarters else ""
    return Page(f"usage/department/{department.code}/index.html", "usage_department",
                {"department": department, "rows": rows, "chart": chart, "columns": COUNT_LABELS})


def supervision_page(dataset: Dataset) -> Page:
    """Departments × quarters: 已报送, 未报送 or 未到期 in every cell."""
    table = u.supervision(dataset.usage, dataset.departments, dataset.as_of)
    quarters = u.supervised_quarters(dataset.usage, dataset.as_of)
    over = set(reported_quarters(dataset))
    header = [{"label": q.label, "title": q.title, "due": q.due().isoformat(), "url": f"usage/{q.label}/" if q in over else ""} for q in quarters]
    rows: list[dict[str, Any]] = [{"department": d, "cells": [status_view(x) for x in cells]} for d, cells in table]
    summary = [{**h, **Counter(r["cells"][i]["status"] for r in rows)} for i, h in enumerate(header)]
    return Page("usage/supervision/index.html", "supervision", {
        "quarters": header, "rows": rows, "summary": summary, "due_days": settings.USAGE_DUE_DAYS,
        "labels": {"reported": u.REPORTED, "missing": u.MISSING, "not_due": u.NOT_DUE},
    })


def chart_files(dataset: Dataset) -> dict[str, bytes]:
    """Every SVG chart the usage pages show, by output path."""
    quarters = reported_quarters(dataset)
    if not quarters:
        return {}
    labels = [q.label for q in quarters]
    files = {"usage/chart.svg": charts.lines("全区各季度合计", labels, _series([district_totals(dataset, q) for q in quarters]))}
    names = [d.name for d in dataset.departments.values()]
    for quarter in quarters:
        totals = [department_totals(dataset, c, quarter) for c in dataset.departments]
        files[f"usage/{quarter.label}/chart.svg"] = charts.grouped_bars(f"{quarter.title}各部门合计", names, _series(totals))
    for code, department in dataset.departments.items():
        totals = [department_totals(dataset, code, q) for q in quarters]
        files[f"usage/department/{code}/chart.svg"] = charts.lines(f"{department.name}各季度合计", labels, _series(totals))
    return files


def _series(totals: list[tuple[int, ...] | None]) -> list[charts.Series]:
    """Columns of per-point totals as one series per count; None where there was no report."""
    return [charts.Series(name, tuple(None if t is None else t[i] for t in totals)) for i, name in enumerate(COUNT_LABELS)]


# --- measures --------------------------------------------------------------------

MEASURE_HEADINGS = {s.RED: "守信激励措施", s.BLACK: "失信约束和惩戒措施"}


def measure_pages(model: SiteModel) -> Iterator[Page]:
    """An index of both kinds, and a page per measure with the entries it applies to."""
    measures = model.dataset.vocabulary.measures
    counts = model.dataset.list_counts()
    groups = [{"list_type": t, "list_slug": LIST_SLUGS[t], "heading": MEASURE_HEADINGS[t], "measures": measures[t], "count": counts[t]} for t in s.LIST_TYPES]
    yield Page("measures/index.html", "measures", {"groups": groups})
    for list_type, items in measures.items():
        for measure in items:
            yield Page(f"measures/{measure.slug}/index.html", "measure", {
                "measure": measure, "list_slug": LIST_SLUGS[list_type], "heading": MEASURE_HEADINGS[list_type],
                "anchor": section_anchor(measure.section), "count": counts[list_type],
                "others": [m for m in items if m.slug != measure.slug],
            })
