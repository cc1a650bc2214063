"""The file checker of the guide (/guide/check/): one submission, the checks of ``validate``.

Pyodide runs this module in the clerk's browser together with ``intake``,
``merge``, ``settings``, ``schema`` and openpyxl, so there is one validator:
the file is read and checked by ``intake.files.validate_files`` exactly as
``build_lists.py validate`` reads and checks it, and its 新增, 更新 and 移出
rows are replayed by ``merge`` after what the department has published.

What the browser cannot have is the department's history. The build writes,
per department, the keys of its entries in force that are public anyway
(list type, decision number and USCC of organisations and sole traders:
``published_keys``), each with a short digest of every published value
(``merge.field_digest``), so that a 新增 of a published key is told apart as a
repeat (``already-published``) or a change (``duplicate-key`` naming the
columns that differ) exactly as ``validate`` tells it, without shipping the
texts; ``check_upload`` replays the file after them. A person's
ID number is never published, so for persons' rows the page cannot tell
whether an 更新 or 移出 finds its entry (``unknown-key`` is not reported for
them) or whether an ID number of an earlier file appears in the text; the
office's build checks both. ``validate`` replays the real history through
the same ``replay_checked``.

Imports only what the browser loads: the standard library, openpyxl, intake,
merge, settings and schema.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Container, Iterable
from pathlib import Path
from typing import Any

from creditlists import schema as s
from creditlists import settings
from creditlists.intake.departments import Department
from creditlists.intake.files import validate_files
from creditlists.intake.report import FileReport
from creditlists.intake.submissions import Context, reject_id_parts
from creditlists.intake.vocab import Term, Vocabulary
from creditlists.merge import PUBLISHED_VALUES, Entry, MergeResult, PublishedEntry, merge, published_digests

PUBLISHED = "（已公示条目）"  # the path of the report standing for the department's published entries
# What the page cannot check for persons' rows (their entries are not in the keys file), by code;
# shown on the page. The office's build checks them with the department's whole history.
PERSON_LIMITS = (
    ("unknown-key", "自然人的“更新”“移出”行能否找到要更新或移出的条目"),
    ("duplicate-key", "自然人的“新增”行是否与已公示的条目重复"),
    ("already-published", "自然人的“新增”行是否与已公示的条目内容完全相同（相同时无需重复报送）"),
    ("id-number-part-in-text", "公示的文字中是否出现本部门以前报送的文件里某个身份证件号码的前 14 位（地区码和出生日期）"),
)


def published_keys(entries: Iterable[Entry], department: str, as_of: dt.date) -> dict[str, Any]:
    """The keys file of one department: its entries in force that carry a USCC, as published, with the digests of their published values.

    ``fields`` names the published columns in the order of each entry's
    ``digests``. Nothing about persons: neither their entries nor anything
    derived from an ID number.
    """
    mine = sorted((e for e in entries if e.department == department and e.values[s.SUBJECT_TYPE] != s.PERSON),
                  key=lambda e: (e.list_type, e.values[s.DECISION], e.values[s.USCC]))
    return {"department": department, "as_of": as_of.isoformat(), "fields": list(PUBLISHED_VALUES),
            "entries": [{"list_type": e.list_type, "decision": e.values[s.DECISION], "uscc": e.values[s.USCC],
                         "digests": digest_list(e)} for e in mine]}


def digest_list(entry: Entry) -> list[str]:
    """The entry's value digests in ``PUBLISHED_VALUES`` order, hashed once per value.

    Not ``published_digests(...)[column]`` per column: that hashed all 13
    values for each of the 13 columns, 169 sha256s an entry, and was most of
    the build's render stage at 100,000 entries.
    """
    digests = published_digests(entry.version)
    return [digests[column] for column in PUBLISHED_VALUES]


def register(departments: dict[str, Department], vocabulary: Vocabulary) -> dict[str, Any]:
    """What validation checks against, as the build loaded it: departments, categories, domains."""
    def terms(found: dict[str, Term]) -> list[list[str]]:
        return [[t.name, t.slug] for t in found.values()]

    return {"departments": [[d.code, d.name, d.phone] for d in departments.values()],
            "categories": {list_type: terms(found) for list_type, found in vocabulary.categories.items()},
            "domains": terms(vocabulary.domains)}


def from_register(data: dict[str, Any]) -> tuple[dict[str, Department], Vocabulary]:
    """The departments and the vocabulary of a ``register`` (policy texts and measures are not needed to check)."""
    def terms(rows: list[list[str]]) -> dict[str, Term]:
        return {name: Term(name, slug, "", "") for name, slug in rows}

    departments = {code: Department(code, name, phone) for code, name, phone in data["departments"]}
    categories = {list_type: terms(rows) for list_type, rows in data["categories"].items()}
    return departments, Vocabulary(categories, terms(data["domains"]), {})


def published_history(keys: dict[str, Any], as_of: dt.date) -> FileReport:
    """A report whose accepted rows are the department's published entries (``merge.PublishedEntry``), to replay a file after."""
    department = keys["department"]
    fields = keys.get("fields", [])
    report = FileReport(path=PUBLISHED, department=department)
    for number, key in enumerate(keys["entries"], start=1):
        values = dict.fromkeys(s.TEMPLATE_COLUMNS, "")
        values.update({s.LIST_TYPE: key["list_type"], s.SUBJECT_TYPE: s.ORGANISATION, s.DECISION: key["decision"], s.USCC: key["uscc"]})
        digests = dict(zip(fields, key.get("digests", []), strict=False))
        report.accepted.append(PublishedEntry(PUBLISHED, number, s.ADD, department, values, None, as_of, "", digests))
    report.rows_read = len(report.accepted)
    return report


def replay_checked(reports: list[FileReport], as_of: dt.date, registered: Container[str] | None = None,
                   persons_known: bool = True) -> MergeResult:
    """The one replay of the build, of ``validate`` and of the page: merge ``reports`` (in replay order), add the merge's rejections to them.

    Rows carrying the start of an ID number seen in any of the reports are
    rejected first; then the reports of ``registered`` departments (all, when
    None) are merged; a 新增 repeating an entry in force gets its warning
    (``already-published``). With ``persons_known`` False (the page, which has no
    person's entries), an 更新 or 移出 of a person that finds no entry is not
    reported, since the entry may well exist.
    """
    reject_id_parts(reports)
    merged = merge([r for r in reports if registered is None or r.department in registered], as_of)
    persons = {(r.file, r.row) for report in reports for r in report.accepted if r.values[s.SUBJECT_TYPE] == s.PERSON}
    by_path = {report.path: report for report in reports}
    for rejection in merged.rejections:
        found = rejection.problem
        if persons_known or found.code != "unknown-key" or (rejection.path, found.row) not in persons:
            by_path[rejection.path].reject_row(found)
    for repeat in merged.repeats:
        by_path[repeat.path].add(repeat.problem)
    return merged


def check_upload(path: Path, department: str, register_data: dict[str, Any], keys: dict[str, Any], as_of: dt.date) -> dict[str, object]:
    """Check one file as ``validate --json --department`` would; returns that file's entry of its JSON.

    ``path`` is where the caller put the file under its own name (in the
    browser, in Pyodide's memory file system): the name carries the hand-in
    date and the suffix decides how the file is read.
    """
    departments, vocabulary = from_register(register_data)
    [report] = validate_files([(department, path)], path.parent, departments, Context(vocabulary, as_of), named_by_user=True)
    if department in departments and keys["department"] == department:
        replay_checked([published_history(keys, as_of), report], as_of, persons_known=False)
    return report.to_dict()


def check_json(path: str, department: str, register_json: str, keys_json: str) -> str:
    """The page's call (strings in and out, nothing Pyodide-specific): the file's result and the day checked, as JSON.

    Checked as of today in China, as ``validate`` checks by default.
    """
    as_of = settings.today_in_china()
    result = check_upload(Path(path), department, json.loads(register_json), json.loads(keys_json), as_of)
    return json.dumps({"as_of": as_of.isoformat(), "file": result}, ensure_ascii=False)


FINDINGS_COLUMNS = ("行", "列", "列号", "代码", "类别", "说明")


def findings_xlsx(checked_json: str) -> bytes:
    """The findings of ``check_json`` (its output) as a workbook: a summary, then one row per problem.

    Every cell is text (a message quoting ``=1+1`` must not become a formula).
    """
    checked = json.loads(checked_json)
    result, checked_on = checked["file"], checked["as_of"]
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "检查结果"
    summary = [("文件", result["path"]), ("部门代码", result["department"]), ("编码", result["encoding_label"]),
               ("数据行", result["rows"]), ("接受", result["accepted"]), ("拒绝", result["rejected"]),
               ("错误", len(result["errors"])), ("提示", len(result["warnings"])), ("检查日期", checked_on), ()]
    rows: list[tuple[object, ...]] = [*summary, FINDINGS_COLUMNS]
    for kind, found in (("错误", result["errors"]), ("提示", result["warnings"])):
        rows += [(p["row"] or "整个文件", p["column"] or "", p["column_number"] or "", p["code"], kind, p["message"]) for p in found]
    for record in rows:
        sheet.append([None if value == "" else value for value in record])
    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    sheet.column_dimensions["F"].width = 80
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
