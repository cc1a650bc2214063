"""Matter lists (事项清单): where each department checks credit records or reports.

武昌信用办〔2018〕3号 二（二） asks every department to publish the administrative
and public-service matters in which it uses credit records or reports; 二（三）
1–7 name the kinds of matter. A department hands in one file,
``data/matters/<部门代码>.csv`` (or .xlsx), one row per matter, checked with the
same problem codes and row numbers as the list submissions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from creditlists import settings
from creditlists.intake.datafiles import operator_file, visible_entries
from creditlists.intake.problems import Problem, problem
from creditlists.intake.reading import Cell, read_table
from creditlists.intake.report import FileReport
from creditlists.intake.table import TableSpec, check_table, require, row_values
from creditlists.intake.vocab import Term, read_terms

NAME = "事项名称"
KIND = "事项类型"
METHODS = "使用方式"
BASIS = "设定依据"
REMARK = "备注"
SPEC = TableSpec(columns=(NAME, KIND, METHODS, BASIS, REMARK), required=(NAME, KIND, METHODS, BASIS), free_text=(BASIS, REMARK))

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


def split_methods(text: str) -> list[str]:
    """The parts of a 使用方式 cell, in order, without empty parts or repeats."""
    return list(dict.fromkeys(part.strip() for part in METHOD_SEPARATORS.split(text) if part.strip()))


class MatterChecker:
    """The rules of a matter list's rows; remembers names to find repeats."""

    def __init__(self, department: str, types: dict[str, Term]):
        self.department = department
        self.types = types
        self.first_row: dict[str, int] = {}

    def __call__(self, number: int, cells: dict[str, Cell], problems: list[Problem]) -> Matter:
        values = row_values(cells)
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
    report = FileReport(path=shown, department=department)
    matters = check_table(read_table(path), SPEC, report, MatterChecker(department, types))
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
