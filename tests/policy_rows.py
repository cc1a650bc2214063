"""Matter lists and usage reports for the tests: rows, files, a small data folder.

Plain functions (like credit_rows.py), imported by test_matters.py,
test_usage.py and test_policy_pages.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

from credit_rows import Row, write_csv, write_xlsx
from creditlists.intake.matters import SPEC as MATTER_SPEC
from creditlists.intake.usage import SPEC as USAGE_SPEC

MATTER_HEADER = MATTER_SPEC.columns
USAGE_HEADER = USAGE_SPEC.columns
AS_OF = dt.date(2026, 11, 29)


def matter(**changes: object) -> dict[str, object]:
    """A complete, valid matter-list row."""
    base = {"事项名称": "企业登记注册", "事项类型": "准入审批", "使用方式": "查询信用记录、信用承诺",
            "设定依据": "《中华人民共和国市场主体登记管理条例》", "备注": ""}
    return {**base, **changes}


def usage(**changes: object) -> dict[str, object]:
    """A complete, valid usage-report row for the matter of ``matter()``."""
    base = {"事项名称": "企业登记注册", "查询信用记录次数": "120", "使用信用报告份数": "8", "失信约束次数": "3",
            "守信激励次数": "5", "备注": ""}
    return {**base, **changes}


def write_matters(data_dir: Path, department: str, rows: Iterable[Row], header: Sequence[str] = MATTER_HEADER,
                  suffix: str = ".csv", encoding: str = "utf-8") -> Path:
    path = data_dir / "matters" / f"{department}{suffix}"
    return write_xlsx(path, rows, header) if suffix == ".xlsx" else write_csv(path, rows, header, encoding)


def write_usage(data_dir: Path, quarter: str, department: str, rows: Iterable[Row], header: Sequence[str] = USAGE_HEADER,
                suffix: str = ".csv", encoding: str = "utf-8") -> Path:
    path = data_dir / "usage" / quarter / f"{department}{suffix}"
    return write_xlsx(path, rows, header) if suffix == ".xlsx" else write_csv(path, rows, header, encoding)
