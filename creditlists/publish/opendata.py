"""The open-data files under output/data/: entries.csv, entries.json, datapackage.json.

ID numbers leave this module masked; formulas are neutralised in the CSV only
(the JSON and the pages carry the text as submitted).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Any

from creditlists import schema as s
from creditlists.dataset import Dataset
from creditlists.intake.identifiers import mask_id_number
from creditlists.merge import Entry
from creditlists.policy import matters as matter_lists
from creditlists.policy import usage as usage_reports

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


def entries_csv(records: list[dict[str, str]]) -> bytes:
    """The current entries as CSV (see ``table_csv``)."""
    return table_csv(s.PUBLISHED_FIELDS, records)


def entries_json(records: list[dict[str, str]], dataset: Dataset) -> bytes:
    document = {"as_of": dataset.as_of.isoformat(), "count": len(records), "entries": records}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def datapackage(csv_bytes: bytes, dataset: Dataset, extra_resources: tuple[dict[str, Any], ...] = ()) -> bytes:
    package = {
        "name": "wuchang-credit-lists",
        "title": "武昌区信用红黑名单",
        "description": "依据武昌信用办〔2018〕3号公示的守信红名单和严重失信黑名单。身份证件号码已遮蔽。",
        "created": f"{dataset.as_of.isoformat()}T00:00:00+08:00",
        "resources": [csv_resource("entries", "在列条目", csv_bytes, s.PUBLISHED_FIELDS), *extra_resources],
    }
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


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
    matters = table_csv(matter_lists.OPEN_FIELDS, matter_lists.open_records(dataset.matters, dataset.departments))
    usage = table_csv(usage_reports.OPEN_FIELDS, usage_reports.open_records(dataset.usage, dataset.departments))
    return {
        "matters.csv": (matters, csv_resource("matters", "使用信用记录和信用报告的事项清单", matters, matter_lists.OPEN_FIELDS,
                                              "各部门依据武昌信用办〔2018〕3号第二部分（二）梳理的事项，每行一项。")),
        "usage.csv": (usage, csv_resource("usage", "信用记录和信用报告使用情况季报", usage, usage_reports.OPEN_FIELDS,
                                          "各部门依据第三部分（三）每季度报送的使用情况，每行为一个部门一个季度一个事项；只含通过校验的行。")),
    }


def write_open_data(dataset: Dataset, output_dir: Path) -> dict[str, int]:
    """Write the three files to ``output_dir/data``; return their sizes by name."""
    folder = output_dir / "data"
    folder.mkdir(parents=True, exist_ok=True)
    records = published_records(dataset)
    files = {"entries.csv": entries_csv(records)}
    files["entries.json"] = entries_json(records, dataset)
    tables = policy_tables(dataset)
    files.update({name: content for name, (content, _) in tables.items()})
    files["datapackage.json"] = datapackage(files["entries.csv"], dataset, tuple(resource for _, resource in tables.values()))
    for name, content in files.items():
        (folder / name).write_bytes(content)
    return {name: len(content) for name, content in files.items()}
