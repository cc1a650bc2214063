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
from typing import Any, NamedTuple, Protocol

from creditlists import schema as s
from creditlists.dataset import Dataset
from creditlists.intake.departments import Department
from creditlists.intake.vocab import Measure
from creditlists.merge import Change, Entry, change_sort_key
from creditlists.publish.opendata import published_record, shown_entry
from creditlists.publish.subjects import Subject, entry_id, group_subjects, subject_path

LIST_SLUGS = {s.RED: "red", s.BLACK: "black"}

View = dict[str, str]  # an entry or a change as the pages show it
FilterLink = dict[str, str | int]  # name, url, count
Filters = dict[str, list[FilterLink]]  # kind of filter -> links with counts


@dataclass
class Page:
    """One output file: where it goes, which template, what it shows."""

    path: str  # e.g. "red/page/2/index.html"
    template: str
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return page_url_of(self.path)


def page_url_of(path: str) -> str:
    """A page's URL relative to the site root, as links use it: ``red/page/2/index.html`` → ``red/page/2/``."""
    return path.removesuffix("index.html")


@dataclass(frozen=True, eq=False)
class ListFilters:
    """Links to a list's filter pages with counts: the same object on every page of the list.

    Hashed by identity (``eq=False``), so the block cache renders the filter
    block once per list and never confuses two lists whose links differ.
    """

    categories: list[FilterLink]
    departments: list[FilterLink]
    years: list[FilterLink]


class PageGroup(Protocol):
    """Pages that can be counted and named without being built, so each worker builds only the pages it renders."""

    def __len__(self) -> int: ...

    def path(self, index: int) -> str: ...

    def page(self, index: int) -> Page: ...


@dataclass
class Fixed:
    """Pages already built: the few that are not one of many."""

    pages: list[Page]

    def __len__(self) -> int:
        return len(self.pages)

    def path(self, index: int) -> str:
        return self.pages[index].path

    def page(self, index: int) -> Page:
        return self.pages[index]


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

PAGER_RADIUS = 2  # the pager links the pages this close to the current one, besides the first and the last


def page_url(base: str, number: int) -> str:
    """The URL of page ``number`` (from 1) of the list at ``base``."""
    return base if number == 1 else f"{base}page/{number}/"


class PagerLink(NamedTuple):
    """A page the pager links (``url`` None: a gap, shown as …)."""

    number: int
    url: str | None


def pager_links(base: str, number: int, count: int) -> list[PagerLink]:
    """The pager of page ``number`` of ``count``: the first and last page, those within PAGER_RADIUS, a gap each side.

    Only what the pager shows, so a page costs the same in a list of 14,000
    pages as in one of 14 (the template once looped over every page's URL on
    every page: quadratic). A gap stands where the next page out would be, as
    it always has, even when that page is the only one left out.
    """
    near = range(max(1, number - PAGER_RADIUS - 1), min(count, number + PAGER_RADIUS + 1) + 1)
    links: list[PagerLink] = []
    for n in sorted({1, count, *near}):
        if n in (1, count) or abs(n - number) <= PAGER_RADIUS:
            links.append(PagerLink(n, page_url(base, n)))
        elif abs(n - number) == PAGER_RADIUS + 1:
            links.append(PagerLink(n, None))
    return links


@dataclass(frozen=True)
class Pagination:
    """What the pager of one page of a list shows (attributes, not a dict: Jinja reads them without a failed lookup first)."""

    number: int
    count: int
    total: int
    first_index: int
    last_index: int
    links: list[PagerLink]
    prev_url: str | None
    next_url: str | None


def pagination(base: str, number: int, per_page: int, total: int) -> Pagination:
    """The pager of page ``number`` of a list of ``total`` rows at ``base``."""
    count = max(1, math.ceil(total / per_page))
    return Pagination(number=number, count=count, total=total,
                      first_index=(number - 1) * per_page + 1 if total else 0, last_index=min(number * per_page, total),
                      links=pager_links(base, number, count),
                      prev_url=page_url(base, number - 1) if number > 1 else None,
                      next_url=page_url(base, number + 1) if number < count else None)


@dataclass
class Paginated:
    """The pages of one list: ``base``, ``base/page/2/`` …, each built only when asked for.

    A group of pages rather than the pages themselves, so that each worker
    builds only the pages it renders (``PageGroup``).
    """

    rows: Sequence[object]
    per_page: int
    base: str
    template: str
    context: dict[str, Any]

    def __len__(self) -> int:
        return max(1, math.ceil(len(self.rows) / self.per_page))

    def path(self, index: int) -> str:
        return page_url(self.base, index + 1) + "index.html"

    def page(self, index: int) -> Page:
        chunk = self.rows[index * self.per_page: (index + 1) * self.per_page]
        return Page(self.path(index), self.template,
                    {**self.context, "rows": chunk, "pagination": pagination(self.base, index + 1, self.per_page, len(self.rows))})


def paginate(rows: Sequence[object], per_page: int, base: str, template: str, context: dict[str, Any]) -> Iterator[Page]:
    """Every page of a list, in order (``Paginated`` builds them one by one)."""
    group = Paginated(rows, per_page, base, template, context)
    return (group.page(index) for index in range(len(group)))


def list_filters(model: SiteModel, list_type: str, rows: list[View]) -> ListFilters:
    """Links to every static filter page of a list, with counts."""
    slug = LIST_SLUGS[list_type]
    terms = model.dataset.vocabulary.categories[list_type]
    by_category = Counter(r[s.CATEGORY] for r in rows)
    by_department = Counter(r[s.DEPARTMENT_CODE] for r in rows)
    by_year = Counter(r["year"] for r in rows)
    return ListFilters(
        categories=[{"name": n, "url": f"{slug}/category/{t.slug}/", "count": by_category[n]} for n, t in terms.items() if by_category[n]],
        departments=[{"name": d.name, "url": f"{slug}/department/{c}/", "count": by_department[c]}
                     for c, d in model.departments.items() if by_department[c]],
        years=[{"name": y, "url": f"{slug}/year/{y}/", "count": by_year[y]} for y in sorted(by_year, reverse=True)],
    )


def grouped(rows: list[View], column: str) -> dict[str, list[View]]:
    """The rows by their value of ``column``, each group in the rows' order: one pass, not one per value."""
    groups: dict[str, list[View]] = {}
    for row in rows:
        groups.setdefault(row[column], []).append(row)
    return groups


def list_pages(model: SiteModel, per_page: int) -> Iterator[Paginated]:
    """Each list, and each list filtered by category, department and year."""
    for list_type, slug in LIST_SLUGS.items():
        rows = [v for v in model.views if v[s.LIST_TYPE] == list_type]
        base = {"list_type": list_type, "list_slug": slug, "filters": list_filters(model, list_type, rows)}
        yield Paginated(rows, per_page, f"{slug}/", "list", {**base, "filter": None})
        by_category = grouped(rows, s.CATEGORY)
        for name, term in model.dataset.vocabulary.categories[list_type].items():
            context = {**base, "filter": {"kind": "类别", "name": name}, "term": term}
            yield Paginated(by_category.get(name, []), per_page, f"{slug}/category/{term.slug}/", "list", context)
        by_department = grouped(rows, s.DEPARTMENT_CODE)
        for code, department in model.departments.items():
            if code in by_department:
                context = {**base, "filter": {"kind": "认定部门", "name": department.name}, "department": department}
                yield Paginated(by_department[code], per_page, f"{slug}/department/{code}/", "list", context)
        by_year = grouped(rows, "year")
        for year in sorted(by_year):
            yield Paginated(by_year[year], per_page, f"{slug}/year/{year}/", "list", {**base, "filter": {"kind": "认定年份", "name": f"{year} 年"}})


def measures_for(measures: dict[str, list[Measure]], list_type: str, category: str, subject_type: str | None = None) -> tuple[Measure, ...]:
    """The measures of ``list_type`` the policy attaches to ``category`` (and to ``subject_type``; None: to any subject)."""
    return tuple(m for m in measures[list_type] if (not m.categories or category in m.categories)
                 and (subject_type is None or m.applies_to(category, subject_type)))


# --- subjects and departments --------------------------------------------------

_PHONE = re.compile(r"\+?\d[\d-]{2,}\d")


def tel_href(phone: str) -> str:
    """A ``tel:`` link for the first number in a department's phone field ("" when it holds none)."""
    found = _PHONE.search(phone)
    return f"tel:{found.group().replace('-', '')}" if found else ""


@dataclass
class SubjectPages:
    """A page per subject, each built only when asked for (``PageGroup``).

    The measures of each entry are not in the page's context: the template
    renders them once per (list type, category, subject type) through the
    block cache (``blocks.BlockCache``), since thousands of pages share each.
    """

    model: SiteModel
    slugs: list[str]

    def __len__(self) -> int:
        return len(self.slugs)

    def path(self, index: int) -> str:
        return f"subject/{self.slugs[index]}/index.html"

    def page(self, index: int) -> Page:
        subject = self.model.subjects[self.slugs[index]]
        views = [self.model.view_by_key[e.version.key] for e in subject.entries]
        return Page(self.path(index), "subject", {"subject": subject, "entries": views})


def subject_pages(model: SiteModel) -> SubjectPages:
    return SubjectPages(model, list(model.subjects))


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
