"""The open-data files under output/data/: the current entries and the change log,
each as xlsx (for spreadsheets), CSV (for programs) and JSON; the matter lists and
usage reports as xlsx and CSV; datapackage.json describing every one.

ID numbers leave this module masked; formulas are neutralised in the CSV only
(the JSON, the workbooks' text cells and the pages carry the text as submitted).
A change carries the subject's name, code, entry id and page only while its
entry is current (``shown_entry``), the same rule as the change pages.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from creditlists import schema as s
from creditlists import settings
from creditlists.dataset import Dataset
from creditlists.intake.identifiers import mask_id_number
from creditlists.merge import Change, Entry
from creditlists.policy import matters as matter_lists
from creditlists.policy import usage as usage_reports
from creditlists.publish.subjects import entry_id, subject_key, subject_path, subject_slug
from creditlists.publish.workbooks import DATA_SHEET, About, table_xlsx

Fields = tuple[tuple[str, str, str], ...]  # (name, Table Schema type, description)
Tables = Mapping[str, tuple[bytes, dict[str, Any]]]  # file name under data/ -> (content, Data Package resource)
T = TypeVar("T")

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text: str) -> str:
    """Prefix a cell that a spreadsheet would run as a formula with ``'`` (OWASP)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def published_record(entry: Entry, department_name: str) -> dict[str, str]:
    """An entry as the public sees it: masked ID number, effective end date."""
    v = entry.values
    record = {name: v.get(name, "") for name in s.PUBLISHED_COLUMNS}
    record[s.ID_NUMBER] = mask_id_number(v[s.ID_NUMBER]) if v[s.ID_NUMBER] else ""
    record[s.END] = entry.end.isoformat()
    record[s.DEPARTMENT_CODE] = entry.department
    record[s.DEPARTMENT_NAME] = department_name
    return record


def published_records(dataset: Dataset) -> list[dict[str, str]]:
    names = {code: d.name for code, d in dataset.departments.items()}
    return [published_record(e, names[e.department]) for e in dataset.merged.entries]


# --- the entries: stable id and subject page --------------------------------------

ENTRY_ID = "条目编号"
SUBJECT_PAGE = "主体页面"
ENTRY_FIELDS: Fields = (
    (ENTRY_ID, "string", "条目的稳定编号：由认定部门、决定文书号和主体（组织为统一社会信用代码，自然人为其页面标识，不用证件号码）计算，"
                         "同一条目每次构建都相同，更新后不变"),
    *s.PUBLISHED_FIELDS,
    (SUBJECT_PAGE, "string", "主体在本站的页面地址（按网站地址构建时为完整网址，否则为相对网站根目录的路径）"),
)


def subject_page(slug: str, site_url: str) -> str:
    """The subject page's address: absolute under ``site_url``, else relative to the site root."""
    return f"{site_url}/{subject_path(slug)}" if site_url else subject_path(slug)


def entry_records(dataset: Dataset, key: bytes, site_url: str = "") -> tuple[list[dict[str, str]], dict[tuple[str, str, str], dict[str, str]]]:
    """The current entries as published, with id and page, in the published order; and the same records by merge key."""
    names = {code: d.name for code, d in dataset.departments.items()}
    records: list[dict[str, str]] = []
    by_key: dict[tuple[str, str, str], dict[str, str]] = {}
    for entry in dataset.merged.entries:
        slug = subject_slug(entry, key)
        record = {ENTRY_ID: entry_id(entry, slug), **published_record(entry, names[entry.department]),
                  SUBJECT_PAGE: subject_page(slug, site_url)}
        records.append(record)
        by_key[entry.version.key] = record
    return records, by_key


def entries_csv(records: list[dict[str, str]]) -> bytes:
    """The current entries as CSV (see ``table_csv``)."""
    return table_csv(ENTRY_FIELDS, records)


def entries_json(records: list[dict[str, str]], dataset: Dataset) -> bytes:
    document = {"as_of": dataset.as_of.isoformat(), "count": len(records), "entries": records}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --- the change log ----------------------------------------------------------------

CHANGE_DATE = "日期"
EVENT = "变更"
CHANGE_REASON = "原因"
CHANGED_FIELDS = "变更字段"
EXPIRY_REASON = "公示期届满"
CHANGE_FIELDS: Fields = (
    (CHANGE_DATE, "date", "报送文件的日期；到期为公示截止日期的次日"),
    (EVENT, "string", "新增、更新、移出或到期"),
    (s.LIST_TYPE, "string", "红名单或黑名单"),
    (s.DEPARTMENT_CODE, "string", "认定部门的代码"),
    (s.DEPARTMENT_NAME, "string", "认定部门的名称"),
    (s.DECISION, "string", "认定决定的文书号"),
    (CHANGE_REASON, "string", "移出的原因（信用修复、撤销或其他）；到期为“公示期届满”；新增和更新为空"),
    (CHANGED_FIELDS, "string", "更新时与上一版本不同的字段名，以“、”分隔（JSON 中为列表）；其他变更为空"),
    (ENTRY_ID, "string", "条目现仍在列时为其条目编号，否则为空"),
    (s.NAME, "string", "条目现仍在列时为主体名称，否则为空：移出或到期的主体名称不再公开"),
    (s.USCC, "string", "条目现仍在列时为统一社会信用代码（自然人为空），否则为空"),
    (SUBJECT_PAGE, "string", "条目现仍在列时为主体页面地址，否则为空"),
)
SHOWN_COLUMNS = (ENTRY_ID, s.NAME, s.USCC, SUBJECT_PAGE)  # of a change, only while its entry is current


def shown_entry(change: Change, current: Mapping[tuple[str, str, str], T]) -> T | None:
    """The current entry a change may show (its name, code, page), or None.

    A 新增 or 更新 whose entry is on the lists now; never a 移出 or 到期, so a
    withdrawn or expired subject's name appears nowhere (the change pages and
    feeds use the same rule).
    """
    return current.get(change.key) if change.action in (s.ADD, s.UPDATE) else None


def change_records(dataset: Dataset, current: Mapping[tuple[str, str, str], dict[str, str]]) -> list[dict[str, Any]]:
    """Every event of the change log, oldest first, as changes.json carries it (changed fields as a list)."""
    names = {code: d.name for code, d in dataset.departments.items()}
    records = []
    for change in dataset.merged.changes:
        shown = shown_entry(change, current)
        record: dict[str, Any] = {
            CHANGE_DATE: change.date.isoformat(), EVENT: change.action, s.LIST_TYPE: change.list_type,
            s.DEPARTMENT_CODE: change.department, s.DEPARTMENT_NAME: names[change.department], s.DECISION: change.decision,
            CHANGE_REASON: change.reason or (EXPIRY_REASON if change.action == s.EXPIRE else ""), CHANGED_FIELDS: list(change.changed),
        }
        record.update({column: shown[column] if shown else "" for column in SHOWN_COLUMNS})
        records.append(record)
    return records


def flat_change(record: dict[str, Any]) -> dict[str, str]:
    """A change as a CSV or worksheet row: the changed fields joined with 、."""
    return {**record, CHANGED_FIELDS: "、".join(record[CHANGED_FIELDS])}


def changes_json(records: list[dict[str, Any]], dataset: Dataset) -> bytes:
    document = {"as_of": dataset.as_of.isoformat(), "count": len(records), "changes": records}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --- tables, files and the Data Package ------------------------------------------------

@dataclass(frozen=True)
class Table:
    """One open-data table, published as ``<name>.csv`` and ``<name>.xlsx``."""

    name: str
    title: str
    description: str
    fields: Fields
    records: list[dict[str, str]]
    primary_key: str | None = None


def policy_table_list(dataset: Dataset) -> list[Table]:
    """The matter lists and usage reports as tables (the 备注 columns are never published)."""
    return [
        Table("matters", "使用信用记录和信用报告的事项清单", "各部门依据武昌信用办〔2018〕3号第二部分（二）梳理的事项，每行一项。",
              matter_lists.OPEN_FIELDS, matter_lists.open_records(dataset.matters, dataset.departments)),
        Table("usage", "信用记录和信用报告使用情况季报", "各部门依据第三部分（三）每季度报送的使用情况，每行为一个部门一个季度一个事项；只含通过校验的行。",
              usage_reports.OPEN_FIELDS, usage_reports.open_records(dataset.usage, dataset.departments)),
    ]


def tables(dataset: Dataset, entries: list[dict[str, str]], changes: list[dict[str, Any]]) -> list[Table]:
    """The tables of the open data, in the order /data/ and datapackage.json list them."""
    return [
        Table("entries", "在列条目", "全部在列的红名单和黑名单条目，每行一条；移出和到期的条目不在其中。", ENTRY_FIELDS, entries, ENTRY_ID),
        Table("changes", "变更记录", "各部门报送的新增、更新、移出和公示期届满的到期，按日期从旧到新，每行一次变更；"
                                     "主体名称、代码、条目编号和页面只在条目现仍在列时给出。", CHANGE_FIELDS, [flat_change(c) for c in changes]),
        *policy_table_list(dataset),
    ]


def table_csv(fields: tuple[tuple[str, str, str], ...], records: list[dict[str, str]]) -> bytes:
    """Any published table as entries.csv is written: BOM, CRLF, formulas neutralised."""
    columns = [name for name, _, _ in fields]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow([neutralise_formula(record[name]) for name in columns])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def csv_resource(name: str, title: str, content: bytes, fields: tuple[tuple[str, str, str], ...],
                 description: str | None = None) -> dict[str, Any]:
    """A Data Package resource for a CSV written by ``table_csv``; counts are whole numbers from 0."""
    schema_fields = []
    for field_name, kind, field_description in fields:
        entry: dict[str, object] = {"name": field_name, "title": field_name, "type": kind, "description": field_description}
        if kind == "integer":
            entry["constraints"] = {"required": True, "minimum": 0}
        schema_fields.append(entry)
    about = {"name": name, "title": title} | ({"description": description} if description else {})
    return about | {
        "path": f"{name}.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8-sig", "bytes": len(content),
        "hash": "sha256:" + hashlib.sha256(content).hexdigest(), "schema": {"fields": schema_fields},
    }


def policy_tables(dataset: Dataset) -> dict[str, tuple[bytes, dict[str, Any]]]:
    """matters.csv and usage.csv with their Data Package resources (the 备注 columns are never published)."""
    found = {}
    for table in policy_table_list(dataset):
        content = table_csv(table.fields, table.records)
        found[f"{table.name}.csv"] = (content, csv_resource(table.name, table.title, content, table.fields, table.description))
    return found


def file_facts(content: bytes) -> dict[str, Any]:
    return {"bytes": len(content), "hash": "sha256:" + hashlib.sha256(content).hexdigest()}


def xlsx_resource(table: Table, content: bytes) -> dict[str, Any]:
    """The workbook of a table as a tabular resource: its data sheet, with the CSV's schema."""
    resource = csv_resource(f"{table.name}-xlsx", f"{table.title}（Excel 工作簿）", content, table.fields, table.description)
    del resource["encoding"]
    return resource | {"path": f"{table.name}.xlsx", "format": "xlsx", "mediatype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       "dialect": {"excel": {"sheet": DATA_SHEET}}}


def json_resource(name: str, title: str, content: bytes, description: str) -> dict[str, Any]:
    """A JSON document (not a table) as a resource: checked by size and hash."""
    return {"name": f"{name}-json", "title": title, "description": description, "type": "json", "path": f"{name}.json",
            "format": "json", "mediatype": "application/json", "encoding": "utf-8", **file_facts(content)}


def table_files(table: Table, about: About) -> dict[str, tuple[bytes, dict[str, Any]]]:
    """A table's CSV and workbook with their resources."""
    csv_bytes = entries_csv(table.records) if table.name == "entries" else table_csv(table.fields, table.records)
    resource = csv_resource(table.name, table.title, csv_bytes, table.fields, table.description)
    if table.primary_key:
        resource["schema"]["primaryKey"] = [table.primary_key]
    workbook = table_xlsx(about, table.fields, table.records)
    return {f"{table.name}.csv": (csv_bytes, resource), f"{table.name}.xlsx": (workbook, xlsx_resource(table, workbook))}


def json_files(dataset: Dataset, entries: list[dict[str, str]], changes: list[dict[str, Any]]) -> dict[str, tuple[bytes, dict[str, Any]]]:
    """entries.json and changes.json with their resources."""
    entries_bytes, changes_bytes = entries_json(entries, dataset), changes_json(changes, dataset)
    return {
        "entries.json": (entries_bytes, json_resource("entries", "在列条目（JSON）", entries_bytes,
                                                      "与 entries.csv 相同的条目，文本保持原文：{as_of, count, entries: [...]}。")),
        "changes.json": (changes_bytes, json_resource("changes", "变更记录（JSON）", changes_bytes,
                                                      "与 changes.csv 相同的变更，变更字段为列表：{as_of, count, changes: [...]}。")),
    }


def package_descriptor(dataset: Dataset, resources: list[dict[str, Any]], site_url: str) -> bytes:
    """datapackage.json: what the data are, who publishes them, the licence, and every file."""
    package: dict[str, Any] = {
        "name": "wuchang-credit-lists",
        "title": "武昌区信用红黑名单",
        "description": "依据武昌信用办〔2018〕3号公示的守信红名单和严重失信黑名单，及其变更记录、事项清单和使用情况季报。身份证件号码已遮蔽。",
        "created": f"{dataset.as_of.isoformat()}T00:00:00+08:00",
        "licenses": [dict(settings.OPEN_DATA_LICENSE)],
        "contributors": [{"title": settings.OPEN_DATA_PUBLISHER, "role": "publisher"}],
        "sources": [{"title": settings.OPEN_DATA_SOURCE}],
    }
    if site_url:
        package["homepage"] = f"{site_url}/data/"
    package["resources"] = resources
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def open_data_files(dataset: Dataset, key: bytes, site_url: str = "", extra_tables: Tables | None = None) -> dict[str, bytes]:
    """Every file of data/ by name, datapackage.json last (its resources in this order).

    ``extra_tables`` are other modules' tables in ``policy_tables``' shape (file
    name under data/ -> content and resource): written and listed after ours.
    """
    entries, current = entry_records(dataset, key, site_url)
    changes = change_records(dataset, current)
    data_page = f"{site_url}/data/" if site_url else "本站“开放数据”页面（/data/）"
    json_documents = json_files(dataset, entries, changes)
    found: dict[str, tuple[bytes, dict[str, Any]]] = {}
    for table in tables(dataset, entries, changes):
        about = About(f"{table.name}.xlsx", f"武昌区信用红黑名单：{table.title}", table.description, dataset.as_of, data_page)
        found.update(table_files(table, about))
        if f"{table.name}.json" in json_documents:
            found[f"{table.name}.json"] = json_documents[f"{table.name}.json"]
    found.update(extra_tables or {})
    files = {name: content for name, (content, _) in found.items()}
    files["datapackage.json"] = package_descriptor(dataset, [resource for _, resource in found.values()], site_url)
    return files


def write_open_data(dataset: Dataset, output_dir: Path, key: bytes | None = None, site_url: str = "",
                    extra_tables: Tables | None = None) -> dict[str, int]:
    """Write the open data to ``output_dir/data``; return their sizes by name (relative to data/).

    ``key`` names persons' pages (default: ``subject_key`` of the dataset);
    ``site_url`` makes the subject pages' addresses absolute.
    """
    folder = output_dir / "data"
    files = open_data_files(dataset, subject_key(dataset.sample_data) if key is None else key, site_url, extra_tables)
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    return {name: len(content) for name, content in files.items()}
