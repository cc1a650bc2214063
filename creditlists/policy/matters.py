"""Every department's matter list (事项清单) as the site and the open data use it.

The files are read and checked by ``creditlists.intake.matters``; this module
collects the valid lists of a data folder and turns them into open records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from creditlists.intake.datafiles import FilesRead, shown_path
from creditlists.intake.departments import Department
from creditlists.intake.files import refusal
from creditlists.intake.matters import BASIS, KIND, METHODS, NAME, Matter, load_matter_types, matter_files, validate_matter_file
from creditlists.intake.report import FileReport
from creditlists.intake.vocab import Term


@dataclass
class MatterLists:
    """Every department's matter list, and the reports of the files they came from."""

    types: dict[str, Term] = field(default_factory=dict)  # 事项类型 -> term (slug, section, policy text)
    reports: list[FileReport] = field(default_factory=list)
    by_department: dict[str, list[Matter]] = field(default_factory=dict)  # only departments with a readable file

    def names(self, department: str) -> set[str] | None:
        """The matter names of a department's list; None when it has no readable list."""
        matters = self.by_department.get(department)
        return None if matters is None else {m.name for m in matters}

    def all(self) -> list[Matter]:
        return [m for matters in self.by_department.values() for m in matters]

    def reports_of(self, department: str) -> list[FileReport]:
        return [r for r in self.reports if r.department == department]


def load_matters(data_dir: Path, departments: dict[str, Department], files_read: FilesRead | None = None) -> MatterLists:
    """Check every matter list; one file per registered department."""
    files = matter_files(data_dir)
    files_read = files_read or FilesRead(data_dir)
    lists = MatterLists(types=load_matter_types(data_dir, needed=bool(files)))
    first_file: dict[object, str] = {}
    for department, path in files:
        shown = shown_path(data_dir, path)
        report = refusal(path, department, shown, departments, files_read, first_file, department, " data/matters/ ")
        if report is None:
            report, matters = validate_matter_file(path, department, shown, lists.types)
            if not report.file_rejected:
                lists.by_department[department] = matters
        lists.reports.append(report)
    return lists


# --- open data ---------------------------------------------------------------

DEPARTMENT_CODE = "部门代码"
DEPARTMENT_NAME = "部门名称"
SECTION = "政策条款"
OPEN_FIELDS: tuple[tuple[str, str, str], ...] = (
    (DEPARTMENT_CODE, "string", "报送事项清单的部门的代码"),
    (DEPARTMENT_NAME, "string", "报送事项清单的部门的名称"),
    (NAME, "string", "行政管理或公共服务事项的名称"),
    (KIND, "string", "事项类型，对应武昌信用办〔2018〕3号第二部分（三）1–7 之一"),
    (SECTION, "string", "规定该类事项的政策条款，如 二（三）1"),
    (METHODS, "string", "查询信用记录、使用信用报告、信用承诺、联合奖惩中的一项或几项，以“、”分隔"),
    (BASIS, "string", "设定该事项的法律法规或文件"),
)


def open_records(lists: MatterLists, departments: dict[str, Department]) -> list[dict[str, str]]:
    """Every valid matter as published (the 备注 column stays internal), in register order."""
    records = []
    for code, department in departments.items():
        for matter in lists.by_department.get(code, []):
            term = lists.types.get(matter.kind)
            records.append({
                DEPARTMENT_CODE: code, DEPARTMENT_NAME: department.name, NAME: matter.name, KIND: matter.kind,
                SECTION: term.section if term else "", METHODS: "、".join(matter.methods), BASIS: matter.basis,
            })
    return records
