"""Statistics of the lists (``/stats/`` and ``data/stats/*.csv``), computed with pandas.

Two frames are the whole input: the entries in force as of the build date
(``merged.entries``) and the change log (``merged.changes``: 新增, 更新, 移出,
到期 with their dates). Everything published here is a count or a share: no
subject's name, code or ID number, so nothing of a withdrawn or expired entry
comes back. The change log's internal key (an ID number for persons) is turned
into a plain number before it enters a frame and never leaves this module.

Months run from the first month with an event to the build's month, without
gaps. ``月末在列`` is the previous month's figure plus 新增, less 移出 and 到期,
so an entry whose 公示截止日期 was already past when it was submitted (its 到期
in the change log is dated before its 新增) is counted as expiring in the month
it was added: the figures never go below zero and add up month by month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from creditlists import schema as s
from creditlists.dataset import Dataset
from creditlists.publish import charts
from creditlists.publish.opendata import csv_resource, table_csv

ACTIONS = (s.ADD, s.UPDATE, s.WITHDRAW, s.EXPIRE)  # the columns of the monthly table, in this order
IN_FORCE = "月末在列"
COUNT = "在列条目数"
SHARE = "占比"
TOTAL = "合计"
MONTH = "月份"
# What each event does to the number in force (an 更新 that moves an entry to the other list aside).
_DELTA = {s.ADD: 1, s.UPDATE: 0, s.WITHDRAW: -1, s.EXPIRE: -1}
# The order of one entry's events on the same day: added, updated, then gone.
_RANK = {s.ADD: 0, s.UPDATE: 1, s.WITHDRAW: 2, s.EXPIRE: 3}
LIST_FILES = {s.RED: "red", s.BLACK: "black"}  # ASCII names of the per-list charts
Fields = tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class Statistics:
    """Every table of the statistics page, as pandas frames (whole numbers; shares as percentages)."""

    as_of: dt.date
    months: list[str]  # YYYY-MM, first event to the build's month
    monthly: dict[str, pd.DataFrame]  # list type -> index months, columns ACTIONS + IN_FORCE
    categories: dict[str, pd.DataFrame]  # list type -> index category, columns COUNT, SHARE (categories in force only)
    departments: pd.DataFrame  # index department code, columns 名称, the list types, TOTAL (every registered department)
    subject_types: pd.DataFrame  # index subject type, columns per list type and TOTAL: count and share


# --- the frames ------------------------------------------------------------------

def entries_frame(dataset: Dataset) -> pd.DataFrame:
    """One row per entry in force: its list, category, department and subject type."""
    rows = [(e.list_type, e.values[s.CATEGORY], e.department, e.values[s.SUBJECT_TYPE]) for e in dataset.merged.entries]
    return pd.DataFrame(rows, columns=["list_type", "category", "department", "subject_type"])


def events_frame(dataset: Dataset) -> pd.DataFrame:
    """One row per event of the change log; ``entry`` numbers the entries (the key itself stays out)."""
    numbers: dict[tuple[str, str, str], int] = {}
    rows = [(c.date.isoformat(), c.action, c.list_type, numbers.setdefault(c.key, len(numbers))) for c in dataset.merged.changes]
    frame = pd.DataFrame(rows, columns=["date", "action", "list_type", "entry"])
    frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d")
    return frame


def effective_events(events: pd.DataFrame) -> pd.DataFrame:
    """The events as counted: a 到期 dated before its entry's (last) 新增 moves to the day of that 新增."""
    added = events[events["action"] == s.ADD].groupby("entry")["date"].max().rename("added")
    events = events.join(added, on="entry")
    early = (events["action"] == s.EXPIRE) & (events["date"] < events["added"])
    events["date"] = events["date"].where(~early, events["added"])
    events["month"] = events["date"].dt.strftime("%Y-%m")
    events["rank"] = events["action"].map(_RANK)
    return events.sort_values(["entry", "date", "rank"], kind="stable")


def in_force_changes(events: pd.DataFrame) -> pd.DataFrame:
    """Month, list type and change of the number in force for every event.

    An 更新 that names the other list (the merge lets one through) takes the
    entry off one list and onto the other, so each list's figure stays the
    number of its entries.
    """
    previous = events.groupby("entry")["list_type"].shift()
    moved = events[(events["action"] == s.UPDATE) & previous.notna() & (previous != events["list_type"])]
    parts = [
        events.assign(delta=events["action"].map(_DELTA)),
        moved.assign(delta=1),
        moved.assign(list_type=previous[moved.index], delta=-1),
    ]
    return pd.concat(parts)[["month", "list_type", "delta"]]


def month_range(events: pd.DataFrame, as_of: dt.date) -> list[str]:
    """Every month from the first event's to the build's, none left out; no months without events."""
    if events.empty:
        return []
    first = pd.Period(str(events["month"].min()), freq="M")
    return [str(p) for p in pd.period_range(first, pd.Period(as_of, freq="M"), freq="M")]


def monthly_tables(events: pd.DataFrame, months: list[str]) -> dict[str, pd.DataFrame]:
    """Per list type: events of each kind per month (zero where none) and the number in force at each month's end."""
    changes = in_force_changes(events)
    tables = {}
    for list_type in s.LIST_TYPES:
        mine = events[events["list_type"] == list_type]
        table = pd.crosstab(mine["month"], mine["action"]).reindex(index=months, columns=list(ACTIONS), fill_value=0)
        delta = changes[changes["list_type"] == list_type].groupby("month")["delta"].sum()
        table[IN_FORCE] = delta.reindex(months, fill_value=0).cumsum()
        table = table.astype(int)
        table.index.name, table.columns.name = MONTH, None
        tables[list_type] = table
    return tables


def share(counts: pd.Series, total: int) -> pd.Series:
    """Percentages of ``total``, one decimal; NaN when there is nothing to share."""
    return (counts * 100 / total).round(1) if total else counts * float("nan")


def category_tables(entries: pd.DataFrame, dataset: Dataset) -> dict[str, pd.DataFrame]:
    """Per list type: the categories with entries in force, most entries first (ties in the vocabulary's order)."""
    tables = {}
    for list_type in s.LIST_TYPES:
        order = list(dataset.vocabulary.categories[list_type])
        counts = entries[entries["list_type"] == list_type]["category"].value_counts().reindex(order).dropna().astype(int)
        counts = counts.sort_values(ascending=False, kind="stable")
        table = pd.DataFrame({COUNT: counts, SHARE: share(counts, int(counts.sum()))})
        table.index.name = s.CATEGORY
        tables[list_type] = table
    return tables


def department_table(entries: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """Every registered department: entries in force per list and in all, most first (ties in the register's order)."""
    codes = list(dataset.departments)
    table = pd.crosstab(entries["department"], entries["list_type"]).reindex(index=codes, columns=list(s.LIST_TYPES)).fillna(0).astype(int)
    table[TOTAL] = table.sum(axis=1)
    table = table.sort_values(TOTAL, ascending=False, kind="stable")
    table.insert(0, s.DEPARTMENT_NAME, [dataset.departments[c].name for c in table.index])
    table.index.name = s.DEPARTMENT_CODE
    return table


def subject_type_table(entries: pd.DataFrame) -> pd.DataFrame:
    """Entries in force per subject type, per list and in all, each with its share of the column."""
    counts = pd.crosstab(entries["subject_type"], entries["list_type"]).reindex(index=list(s.SUBJECT_TYPES), columns=list(s.LIST_TYPES))
    counts = counts.fillna(0).astype(int)
    counts[TOTAL] = counts.sum(axis=1)
    table = pd.DataFrame(index=counts.index)
    for column in (*s.LIST_TYPES, TOTAL):
        table[column] = counts[column]
        table[f"{column}{SHARE}"] = share(counts[column], int(counts[column].sum()))
    table.index.name = s.SUBJECT_TYPE
    return table


def compute(dataset: Dataset) -> Statistics:
    """All the statistics of one build."""
    entries = entries_frame(dataset)
    events = effective_events(events_frame(dataset))
    months = month_range(events, dataset.as_of)
    return Statistics(dataset.as_of, months, monthly_tables(events, months), category_tables(entries, dataset),
                      department_table(entries, dataset), subject_type_table(entries))


# --- open data: data/stats/*.csv ------------------------------------------------

MONTHLY_FIELDS: Fields = (
    (MONTH, "yearmonth", "年月（YYYY-MM），从第一条变更所在的月份到数据更新的月份，没有变更的月份也列出；最后一个月截至数据更新之日"),
    (s.LIST_TYPE, "string", "红名单或黑名单"),
    (s.ADD, "integer", "该月新增的条目数（按报送文件名中的日期）"),
    (s.UPDATE, "integer", "该月更新的条目数"),
    (s.WITHDRAW, "integer", "该月移出的条目数"),
    (s.EXPIRE, "integer", "该月公示期满的条目数（公示截止日期的次日）；报送时已过公示截止日期的，计入报送的月份"),
    (IN_FORCE, "integer", "该月最后一天在列的条目数：上月末在列数加新增，减移出和到期"),
)
CATEGORY_FIELDS: Fields = (
    (s.LIST_TYPE, "string", "红名单或黑名单"),
    (s.CATEGORY, "string", "列入类别；只列出有在列条目的类别"),
    (COUNT, "integer", "数据更新之日该类别在列的条目数"),
    (SHARE, "number", "在该名单在列条目中所占的百分比，保留一位小数"),
)
DEPARTMENT_FIELDS: Fields = (
    (s.DEPARTMENT_CODE, "string", "认定部门的代码"),
    (s.DEPARTMENT_NAME, "string", "认定部门的名称"),
    *((list_type, "integer", f"数据更新之日该部门认定的{list_type}在列条目数") for list_type in s.LIST_TYPES),
    (TOTAL, "integer", "两个名单合计"),
)
SUBJECT_TYPE_FIELDS: Fields = (
    (s.SUBJECT_TYPE, "string", "法人及非法人组织、个体工商户或自然人"),
    *(field for column in (*s.LIST_TYPES, TOTAL) for field in (
        (column, "integer", f"数据更新之日该类主体在列的条目数（{column}）"),
        (f"{column}{SHARE}", "number", f"在{column}在列条目中所占的百分比，保留一位小数；没有在列条目时为空"),
    )),
)
# file name under data/ -> (resource name, title, fields)
TABLES: dict[str, tuple[str, str, Fields]] = {
    "stats/monthly.csv": ("stats-monthly", "每月新增、更新、移出、到期和月末在列的条目数", MONTHLY_FIELDS),
    "stats/categories.csv": ("stats-categories", "各类别在列的条目数", CATEGORY_FIELDS),
    "stats/departments.csv": ("stats-departments", "各认定部门在列的条目数", DEPARTMENT_FIELDS),
    "stats/subject-types.csv": ("stats-subject-types", "各类主体在列的条目数和占比", SUBJECT_TYPE_FIELDS),
}


def cell(value: Any) -> str:
    """A number as the CSV and the page write it: whole numbers as they are, shares with one decimal, nothing for NaN."""
    if isinstance(value, str):
        return value
    if pd.isna(value):
        return ""
    return f"{value:.1f}" if isinstance(value, float) else str(int(value))


def frame_records(table: pd.DataFrame, **constant: str) -> list[dict[str, str]]:
    """A frame's rows as text, its index as the first column(s), ``constant`` columns first of all."""
    flat = table.reset_index()
    return [constant | {str(k): cell(v) for k, v in row.items()} for row in flat.to_dict("records")]


def table_records(statistics: Statistics) -> dict[str, list[dict[str, str]]]:
    """The rows of each file of ``TABLES``."""
    return {
        "stats/monthly.csv": [r for t in s.LIST_TYPES for r in frame_records(statistics.monthly[t], **{s.LIST_TYPE: t})],
        "stats/categories.csv": [r for t in s.LIST_TYPES for r in frame_records(statistics.categories[t], **{s.LIST_TYPE: t})],
        "stats/departments.csv": frame_records(statistics.departments),
        "stats/subject-types.csv": frame_records(statistics.subject_types),
    }


def stats_tables(statistics: Statistics) -> dict[str, tuple[bytes, dict[str, Any]]]:
    """The statistics as open data, like ``opendata.policy_tables``: for each ``data/`` file name
    (``stats/monthly.csv`` …), its bytes (``opendata.table_csv``: BOM, CRLF, formulas neutralised)
    and its Data Package resource (Table Schema with the field types), for ``write_open_data``'s ``extra_tables``."""
    found = {}
    for path, records in table_records(statistics).items():
        name, title, fields = TABLES[path]
        content = table_csv(fields, records)
        resource = csv_resource(name, title, content, fields, "由在列条目和变更记录统计，只含数字，不含任何主体的信息。详见网站的“统计”页。")
        found[path] = (content, resource | {"path": path})
    return found


# --- charts and the page -----------------------------------------------------------

def chart_paths(statistics: Statistics) -> dict[str, str]:
    """Which charts a build has, by role (``in_force``, ``monthly-红名单`` …): only those with something to show."""
    paths: dict[str, str] = {}
    if statistics.months:
        paths["in_force"] = "stats/in-force.svg"
        paths.update({f"monthly-{t}": f"stats/monthly-{LIST_FILES[t]}.svg" for t in s.LIST_TYPES})
    paths.update({f"categories-{t}": f"stats/categories-{LIST_FILES[t]}.svg" for t in s.LIST_TYPES if len(statistics.categories[t])})
    if int(statistics.departments[TOTAL].sum()):
        paths["departments"] = "stats/departments.svg"
        paths["subject_types"] = "stats/subject-types.svg"
    return paths


def _ints(column: pd.Series) -> tuple[int | None, ...]:
    return tuple(int(v) for v in column)


def subject_type_labels(statistics: Statistics) -> list[list[str]]:
    """Each bar of the subject-type chart: the count and its share, as the table shows them."""
    table = statistics.subject_types
    return [[f"{cell(n)}（{cell(p)}%）" if cell(p) else cell(n) for n, p in zip(table[t], table[f"{t}{SHARE}"])] for t in (*s.LIST_TYPES, TOTAL)]


def chart_files(statistics: Statistics) -> dict[str, bytes]:
    """Every SVG chart of the statistics page, by output path (``chart_paths``)."""
    paths, months, files = chart_paths(statistics), statistics.months, {}
    monthly = statistics.monthly
    if "in_force" in paths:
        in_force = [charts.Series(t, _ints(monthly[t][IN_FORCE])) for t in s.LIST_TYPES]
        files[paths["in_force"]] = charts.month_lines("各月末在列条目数", months, in_force)
        for t in s.LIST_TYPES:
            flows = [charts.Series(a, _ints(monthly[t][a])) for a in ACTIONS]
            files[paths[f"monthly-{t}"]] = charts.month_panels(f"{t}每月新增、更新、移出和到期的条目数", months, flows)
    for t in s.LIST_TYPES:
        if f"categories-{t}" in paths:
            table = statistics.categories[t]
            files[paths[f"categories-{t}"]] = charts.grouped_bars(f"{t}各类别在列条目数", [str(c) for c in table.index],
                                                                  [charts.Series(COUNT, _ints(table[COUNT]))])
    if "departments" in paths:
        table = statistics.departments
        files[paths["departments"]] = charts.grouped_bars("各认定部门在列条目数", [str(n) for n in table[s.DEPARTMENT_NAME]],
                                                          [charts.Series(t, _ints(table[t])) for t in s.LIST_TYPES])
        table = statistics.subject_types
        series = [charts.Series(t, _ints(table[t])) for t in (*s.LIST_TYPES, TOTAL)]
        files[paths["subject_types"]] = charts.grouped_bars("各类主体在列条目数和占比", list(s.SUBJECT_TYPES), series,
                                                            labels=subject_type_labels(statistics))
    return files


def page_context(statistics: Statistics) -> dict[str, Any]:
    """What ``stats.html`` shows: every table as rows of text, and the chart of each (empty when there is none)."""
    records = table_records(statistics)
    paths = chart_paths(statistics)
    monthly = records["stats/monthly.csv"]
    in_force = [{MONTH: m, **{t: cell(statistics.monthly[t].loc[m, IN_FORCE]) for t in s.LIST_TYPES}} for m in statistics.months]
    lists = [{
        "list_type": t, "slug": LIST_FILES[t],
        "monthly": [r for r in monthly if r[s.LIST_TYPE] == t], "monthly_chart": paths.get(f"monthly-{t}", ""),
        "categories": [r for r in records["stats/categories.csv"] if r[s.LIST_TYPE] == t], "categories_chart": paths.get(f"categories-{t}", ""),
    } for t in s.LIST_TYPES]
    return {
        "months": statistics.months, "in_force": in_force, "in_force_chart": paths.get("in_force", ""), "lists": lists,
        "departments": records["stats/departments.csv"], "departments_chart": paths.get("departments", ""),
        "subject_types": records["stats/subject-types.csv"], "subject_types_chart": paths.get("subject_types", ""),
        "files": list(TABLES), "actions": ACTIONS, "list_types": s.LIST_TYPES, "columns": {
            "month": MONTH, "in_force": IN_FORCE, "count": COUNT, "share": SHARE, "total": TOTAL, "category": s.CATEGORY,
            "department": s.DEPARTMENT_NAME, "department_code": s.DEPARTMENT_CODE, "subject_type": s.SUBJECT_TYPE},
    }
