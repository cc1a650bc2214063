"""The register of departments (data/departments.csv)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from creditlists.intake.datafiles import DataFolderError, operator_file
from creditlists.intake.reading import decode_submission

CODE_PATTERN = re.compile(r"^[a-z][a-z0-9-]{1,31}$")
COLUMNS = ("部门代码", "部门名称", "联系电话")


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    phone: str


def load_departments(data_dir: Path) -> dict[str, Department]:
    """Read the register; anything wrong with it stops the build with a reason.

    An empty or unreadable register would otherwise publish an empty site.
    """
    path = data_dir / "departments.csv"
    if not path.exists():
        raise DataFolderError(f"找不到部门登记表 {path.name}")
    operator_file(data_dir, path)
    decoded = decode_submission(path.read_bytes())
    if decoded is None:
        raise DataFolderError(f"部门登记表 {path.name} 的编码无法识别")
    rows = list(csv.DictReader(io.StringIO(decoded[0], newline="")))
    missing = [c for c in COLUMNS if rows and c not in rows[0]] or ([] if rows else list(COLUMNS))
    if missing:
        raise DataFolderError(f"部门登记表 {path.name} 为空或缺少列：{'、'.join(missing)}")
    departments: dict[str, Department] = {}
    for number, row in enumerate(rows, start=2):
        code = (row["部门代码"] or "").strip()
        if not CODE_PATTERN.match(code) or code in departments:
            raise DataFolderError(f"部门登记表第 {number} 行：部门代码“{code}”无效或重复（须为小写字母开头的 2–32 位字母、数字或连字符）")
        departments[code] = Department(code, (row["部门名称"] or "").strip(), (row["联系电话"] or "").strip())
    return departments
