"""Matter lists (事项清单): where each department checks credit records or reports.

武昌信用办〔2018〕3号 二（二） asks every department to publish the administrative
and public-service matters in which it uses credit records or reports; 二（三）
1–7 name the kinds of matter. A department hands in one file,
``data/matters/<部门代码>.csv`` (or .xlsx), one row per matter, checked with the
same problem codes and row numbers as the list submissions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from creditlists import settings
from creditlists.intake.departments import Department
from creditlists.intake.problems import Problem, problem
from creditlists.intake.reading import read_table
from creditlists.intake.datafiles import FilesRead, operator_file, shown_path, visible_entries
from creditlists.intake.table import TableSpec, check_table, require
from creditlists.intake.validate import FileReport
from creditlists.intake.vocab import Term, read_terms

NAME = "事项名称"
KIND = "事项类型"
METHODS = "使用方式"
BASIS = "设定依据"
REMARK = "备注"
SPEC = TableSpec(columns=(NAME, KIND, METHODS, BASIS, REMARK), required=(NAME, KIND, METHODS, BASIS))

# How a matter uses credit information; a cell names one or more, separated by 、 or ；.
USAGE_METHODS = ("查询信用记录", "使用信用报告", "信用承诺", "联合奖惩")
METHOD_SEPARATORS = re.compile(r"[、；;]")
TYPES_FILE = "matter-types.csv"


@dataclass(frozen=True)
class Matter:
    """One row of a department's matter list."""

    department: str
    name: str
    kind: str  # one of the seven 事项类型
    methods: tuple[str, ...]
    basis: str


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


def split_methods(text: str) -> list[str]:
    """The parts of a 使用方式 cell, in order, without empty parts or repeats."""
    return list(dict.fromkeys(part.strip() for part in METHOD_SEPARATORS.split(text) if part.strip()))


class MatterChecker:
    """The rules of a matter list's rows; remembers names to find repeats."""

    def __init__(self, department: str, types: dict[str, Term]):
        self.department = department
        self.types = types
        self.first_row: dict[str, int] = {}

    def __call__(self, number: int, values: dict[str, str], problems: list[Problem]) -> Matter:
        require(number, values, SPEC.required, problems)
        name, kind = values.get(NAME, ""), values.get(KIND, "")
        if name in self.first_row:
            problems.append(problem("duplicate-matter", row=number, column=NAME, value=name, first_row=self.first_row[name]))
        elif name:
            self.first_row[name] = number
        if kind and kind not in self.types:
            problems.append(problem("bad-matter-type", row=number, column=KIND, value=kind, options="、".join(self.types)))
        methods = split_methods(values.get(METHODS, ""))
        unknown = [m for m in methods if m not in USAGE_METHODS]
        if unknown:
            problems.append(problem("bad-usage-method", row=number, column=METHODS, value="、".join(unknown), options="、".join(USAGE_METHODS)))
        return Matter(self.department, name, kind, tuple(methods), values.get(BASIS, ""))


def validate_matter_file(path: Path, department: str, shown: str, types: dict[str, Term]) -> tuple[FileReport, list[Matter]]:
    """Read and check one matter list; return its report and its valid rows."""
    table = read_table(path)
    report = FileReport(path=shown, department=department, encoding=table.encoding)
    matters = check_table(table, SPEC, report, MatterChecker(department, types))
    return report, matters


def matter_files(data_dir: Path) -> list[tuple[str, Path]]:
    """Every entry under data/matters as (department code from the file name, path); the reader checks what it is."""
    return [(path.stem, path) for path in visible_entries(data_dir / settings.MATTERS_FOLDER)]


def load_matter_types(data_dir: Path, needed: bool) -> dict[str, Term]:
    """The seven kinds (data/vocab/matter-types.csv); missing is fatal only when there are matter lists."""
    path = data_dir / "vocab" / TYPES_FILE
    if not path.exists() and not needed:
        return {}
    return read_terms(operator_file(data_dir, path))


def load_matters(data_dir: Path, departments: dict[str, Department], files_read: FilesRead | None = None) -> MatterLists:
    """Check every matter list; one file per registered department."""
    files = matter_files(data_dir)
    files_read = files_read or FilesRead(data_dir)
    lists = MatterLists(types=load_matter_types(data_dir, needed=bool(files)))
    first_file: dict[str, str] = {}
    for department, path in files:
        shown = shown_path(data_dir, path)
        report = FileReport(path=shown, department=department)
        unsafe = files_read.problem(path)
        if unsafe:
            report.add(unsafe)
        elif department not in departments:
            report.add(problem("unknown-department", department=department))
        elif department in first_file:
            report.add(problem("duplicate-department-file", department=department, where=" data/matters/ ", first=first_file[department]))
        else:
            first_file[department] = shown
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
