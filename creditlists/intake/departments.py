"""The register of departments (data/departments.csv)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from creditlists.intake.datafiles import DataFolderError, operator_file
from creditlists.intake.officefiles import read_office_csv, unique

CODE_PATTERN = re.compile(r"^[a-z][a-z0-9-]{1,31}$")
COLUMNS = ("部门代码", "部门名称", "联系电话")


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    phone: str


def load_departments(data_dir: Path) -> dict[str, Department]:
    """Read the register; anything wrong with it stops the build with the row and column (``officefiles``).

    An empty or unreadable register would otherwise publish an empty site.
    """
    path = data_dir / "departments.csv"
    if not path.exists():
        raise DataFolderError(f"找不到部门登记表 {path.name}")
    operator_file(data_dir, path)
    what = f"部门登记表 {path.name}"
    rows = read_office_csv(path, what, COLUMNS)
    if not rows:
        raise DataFolderError(f"{what} 没有登记任何部门（只有表头）")
    departments: dict[str, Department] = {}
    seen: dict[str, int] = {}
    for row in rows:
        code = row.values["部门代码"]
        if not CODE_PATTERN.match(code):
            raise DataFolderError(f"{what} 第 {row.number} 行“部门代码”：“{code[:40]}”无效（须为小写字母开头的 2–32 位小写字母、数字或连字符）")
        unique(row, "部门代码", seen, what)
        departments[code] = Department(code, row.values["部门名称"], row.values["联系电话"])
    return departments
