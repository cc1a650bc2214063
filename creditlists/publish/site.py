"""What pages the site has and what each shows: plain data for the templates.

Nothing here renders or writes; the Pelican plugin does. Every record shown
comes from ``opendata.published_record``, so masking happens in one place.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from creditlists import schema as s
from creditlists.dataset import Dataset
from creditlists.intake.departments import Department
from creditlists.merge import Change, Entry, change_sort_key
from creditlists.publish.opendata import published_record, shown_entry
from creditlists.publish.subjects import Subject, entry_id, group_subjects, subject_path

LIST_SLUGS = {s.RED: "red", s.BLACK: "black"}

View = dict[str, str]  # an entry or a change as the pages show it
Filters = dict[str, list[dict[str, str | int]]]  # kind of filter -> links with counts


@dataclass
class Page:
    """One output file: where it goes, which template, what it shows."""

    path: str  # e.g. "red/page/2/index.html"
    template: str
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def url(self) -> str:
        """The page's URL relative to the site root, as links use it."""
        return self.path[: -len("index.html")] if self.path.endswith("index.html") else self.path


@dataclass
class SiteModel:
    """The dataset seen as a website: entry views, subjects, lookups."""

    dataset: Dataset
    subjects: dict[str, Subject]
    views: list[View]  # one per current entry, in the published order
    view_by_key: dict[tuple[str, str, str], View]

    @property
    def departments(self) -> dict[str, Department]:
        return self.dataset.departments


def entry_view(entry: Entry, dataset: Dataset, subject_slug: str) -> View:
    """A published record plus the links a page needs."""
    department = dataset.departments[entry.department]
    view = published_record(entry, department.name)
    term = dataset.vocabulary.categories[entry.list_type][view[s.CATEGORY]]
    view.update({
        "list_slug": LIST_SLUGS[entry.list_type],
        "category_slug": term.slug,
        "subject_url": subject_path(subject_slug),
        "entry_id": entry_id(entry, subject_slug),
        "department_phone": department.phone,
        "year": view[s.START][:4],
    })
    return view


def build_model(dataset: Dataset, key: bytes) -> SiteModel:
    subjects = group_subjects(dataset.merged.entries, key)
    slug_of = {id(e): subject.slug for subject in subjects.values() for e in subject.entries}
    views: list[View] = []
    by_key: dict[tuple[str, str, str], View] = {}
    for entry in dataset.merged.entries:
        view = entry_view(entry, dataset, slug_of[id(entry)])
        views.append(view)
        by_key[entry.version.key] = view
    return SiteModel(dataset, subjects, views, by_key)


# --- lists and their filters -------------------------------------------------

def paginate(rows: Sequence[object], per_page: int, base: str, template: str, context: dict[str, Any]) -> Iterator[Page]:
    """Pages ``base``, ``base/page/2/`` …; every page knows the others' URLs."""
    count = max(1, math.ceil(len(rows) / per_page))
    urls = [base] + [f"{base}page/{n}/" for n in range(2, count + 1)]
    for number in range(1, count + 1):
        chunk = rows[(number - 1) * per_page: number * per_page]
        pagination = {"number": number, "count": count, "urls": urls, "total": len(rows),
                      "first_index": (number - 1) * per_page + 1 if rows else 0, "last_index": (number - 1) * per_page + len(chunk)}
        yield Page(urls[number - 1] + "index.html", template, {**context, "rows": chunk, "pagination": pagination})


def list_filters(model: SiteModel, list_type: str, rows: list[View]) -> Filters:
    """Links to every static filter page of a list, with counts."""
    slug = LIST_SLUGS[list_type]
    terms = model.dataset.vocabulary.categories[list_type]
    by_category = Counter(r[s.CATEGORY] for r in rows)
    by_department = Counter(r[s.DEPARTMENT_CODE] for r in rows)
    by_year = Counter(r["year"] for r in rows)
    return {
        "categories": [{"name": n, "url": f"{slug}/category/{t.slug}/", "count": by_category[n]} for n, t in terms.items() if by_category[n]],
        "departments": [{"name": d.name, "url": f"{slug}/department/{c}/", "count": by_department[c]}
                        for c, d in model.departments.items() if by_department[c]],
        "years": [{"name": y, "url": f"{slug}/year/{y}/", "count": by_year[y]} for y in sorted(by_year, reverse=True)],
    }


def list_pages(model: SiteModel, per_page: int) -> Iterator[Page]:
    """Each list, and each list filtered by category, department and year."""
    for list_type, slug in LIST_SLUGS.items():
        rows = [v for v in model.views if v[s.LIST_TYPE] == list_type]
        base = {"list_type": list_type, "list_slug": slug, "filters": list_filters(model, list_type, rows)}
        yield from paginate(rows, per_page, f"{slug}/", "list", {**base, "filter": None})
        for name, term in model.dataset.vocabulary.categories[list_type].items():
            chosen = [r for r in rows if r[s.CATEGORY] == name]
            measures = [m for m in model.dataset.vocabulary.measures[list_type] if not m.categories or name in m.categories]
            context = {**base, "filter": {"kind": "类别", "name": name}, "term": term, "measures": measures}
            yield from paginate(chosen, per_page, f"{slug}/category/{term.slug}/", "list", context)
        for code, department in model.departments.items():
            chosen = [r for r in rows if r[s.DEPARTMENT_CODE] == code]
            if chosen:
                context = {**base, "filter": {"kind": "认定部门", "name": department.name}, "department": department}
                yield from paginate(chosen, per_page, f"{slug}/department/{code}/", "list", context)
        for year in sorted({r["year"] for r in rows}):
            chosen = [r for r in rows if r["year"] == year]
            yield from paginate(chosen, per_page, f"{slug}/year/{year}/", "list", {**base, "filter": {"kind": "认定年份", "name": f"{year} 年"}})


# --- subjects and departments --------------------------------------------------

_PHONE = re.compile(r"\+?\d[\d-]{2,}\d")


def tel_href(phone: str) -> str:
    """A ``tel:`` link for the first number in a department's phone field ("" when it holds none)."""
    found = _PHONE.search(phone)
    return f"tel:{found.group().replace('-', '')}" if found else ""


def subject_pages(model: SiteModel) -> Iterator[Page]:
    """A page per subject: its entries, each with only the measures the policy attaches to it."""
    measures = model.dataset.vocabulary.measures
    for slug, subject in model.subjects.items():
        views = [model.view_by_key[e.version.key] for e in subject.entries]
        applying = [[m for m in measures[e.list_type] if m.applies_to(e.values[s.CATEGORY], e.values[s.SUBJECT_TYPE])] for e in subject.entries]
        yield Page(f"subject/{slug}/index.html", "subject", {"subject": subject, "entries": views, "measures": applying})


def department_pages(model: SiteModel) -> Iterator[Page]:
    for code, department in model.departments.items():
        files = [
            {"name": r.path.rsplit("/", 1)[-1], "states": model.dataset.merged.states.get(r.path), "rows": r.rows_read, "unreadable": r.file_rejected}
            for r in model.dataset.reports_of(code)
        ]
        counts = model.dataset.list_counts(code)
        yield Page(f"department/{code}/index.html", "department", {
            "department": department, "files": files, "counts": counts,
            "states": model.dataset.department_states(code), "list_slugs": LIST_SLUGS,
        })


def department_index(model: SiteModel) -> Page:
    rows = [
        {"department": d, "counts": model.dataset.list_counts(c)} for c, d in model.departments.items()
    ]
    return Page("department/index.html", "departments", {"rows": rows})


# --- changes -----------------------------------------------------------------

def change_view(change: Change, model: SiteModel) -> View:
    """A change as published: the subject's name, category and end only while the entry is current (``opendata.shown_entry``)."""
    current = shown_entry(change, model.view_by_key)
    department = model.departments[change.department]
    return {
        "date": change.date.isoformat(), "action": change.action, "list_type": change.list_type,
        "list_slug": LIST_SLUGS.get(change.list_type, ""), "department": department.name,
        "department_code": change.department, "decision": change.decision, "reason": change.reason,
        "changed": "、".join(change.changed),
        **{field: current[column] if current else "" for field, column in CURRENT_FIELDS.items()},
    }


# What a change shows of its entry while it is current: view key -> entry view key.
CURRENT_FIELDS = {"name": s.NAME, "subject_url": "subject_url", "category": s.CATEGORY, "end": s.END}


def change_views(model: SiteModel) -> list[View]:
    """All changes, newest first."""
    changes = sorted(model.dataset.merged.changes, key=change_sort_key, reverse=True)
    return [change_view(c, model) for c in changes]
