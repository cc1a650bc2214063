"""Rows, submissions and data folders for the validator and merge tests.

Plain functions, imported by the tests; the fixtures that use them are in
conftest.py. (A module of its own, with a name no other test folder uses, so
that ``import`` finds it whichever conftest.py pytest loaded last.)
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from creditlists.intake.identifiers import id_check_char, uscc_check_char
from creditlists.intake.problems import Problem
from creditlists.intake.report import FileReport
from creditlists.schema import TEMPLATE_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 29)
DEPARTMENTS_CSV = "部门代码,部门名称,联系电话\nscjgj,市场监管（示例）,027-00000001\nrsj,人社（示例）,027-00000002\n"

# The subject key of every test build of data that are not the bundled sample (tests/conftest.py).
TEST_SUBJECT_KEY = "test-only-key-for-fictional-test-data-0123456789"

Row = Mapping[str, object] | Sequence[object]


def uscc(body: str) -> str:
    """A valid unified social credit code from its first 17 characters."""
    return body + uscc_check_char(body)


def id_number(body: str) -> str:
    """A valid resident ID number from its first 17 digits."""
    return body + id_check_char(body)


ORG_USCC = uscc("91420106MA4K00001")
OTHER_USCC = uscc("91420106MA4K00002")
# 420106 武昌区, born 1975-03-15: valid, although python-stdnum rejects it.
PERSON_ID = "420106197503151235"


def id_that_is_a_uscc(body: str = "42010619800101") -> str:
    """A resident ID number (born 1980-01-01) that also passes the USCC check: about 1 in 31 do."""
    for sequence in range(1000):
        number = id_number(f"{body}{sequence:03d}")
        if number.isdigit() and uscc_check_char(number[:17]) == number[17]:
            return number
    raise AssertionError("no ID number of that body passes the USCC check")


ID_AS_USCC = id_that_is_a_uscc()


def row(**values: object) -> dict[str, object]:
    """A template row: every column, empty unless given."""
    return {column: values.get(column, "") for column in TEMPLATE_COLUMNS}


def black_org(**changes: object) -> dict[str, object]:
    """A complete, valid 黑名单 row for an organisation."""
    base = dict(
        名单类型="黑名单", 主体类型="法人及非法人组织", 主体名称="甲示例商贸有限公司", 统一社会信用代码=ORG_USCC,
        法定代表人="张示例", 类别="虚假广告", 领域="食品药品", 列入事由="发布虚假广告",
        认定依据="《中华人民共和国广告法》第五十五条", 决定文书号="武昌市监罚〔2024〕1号",
        认定日期="2024-03-05", 公示截止日期="2027-03-04",
    )
    return row(**{**base, **changes})


def red_person(**changes: object) -> dict[str, object]:
    """A complete, valid 红名单 row for a natural person, without 公示截止日期."""
    base = dict(
        名单类型="红名单", 主体类型="自然人", 主体名称="李示例", 身份证件号码=PERSON_ID,
        类别="优秀青年志愿者", 列入事由="志愿服务满 1000 小时", 决定文书号="武昌人社〔2025〕1号", 认定日期="2025-01-01",
    )
    return row(**{**base, **changes})


def withdrawal(**changes: object) -> dict[str, object]:
    """A valid 移出 row for the organisation of ``black_org``."""
    base = dict(主体类型="法人及非法人组织", 统一社会信用代码=ORG_USCC, 决定文书号="武昌市监罚〔2024〕1号", 操作="移出", 移出原因="信用修复")
    return row(**{**base, **changes})


def cells(record: Row, header: Sequence[str]) -> list[object]:
    """A row as a list of cells in header order (lists pass through unchanged)."""
    if isinstance(record, Mapping):
        return [record.get(column, "") for column in header]
    return list(record)


def write_csv(path: Path, rows: Iterable[Row], header: Sequence[str] = TEMPLATE_COLUMNS, encoding: str = "utf-8") -> Path:
    """A CSV submission as Excel would save it (CRLF line ends)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(csv_bytes(rows, header, encoding))
    return path


def write_xlsx(path: Path, rows: Iterable[Row], header: Sequence[str] = TEMPLATE_COLUMNS) -> Path:
    """An xlsx submission; cells keep their Python types (str, int, float, date). ``[]`` is a blank row."""
    import openpyxl

    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for record in rows:
        sheet.append([None if c == "" else c for c in cells(record, header)])
    workbook.save(path)
    return path


def flat(report: FileReport | Sequence[Problem]) -> list[tuple[object, ...]]:
    """Problems as (row, column, code), file problems first, then by row: the library's ``FileReport.flatten``."""
    if not isinstance(report, FileReport):
        report = FileReport(path="", department="", problems=list(report))
    return report.flatten(("row", "column", "code"))


def accepted_rows(report: FileReport) -> list[int]:
    return [r.row for r in report.accepted]


def make_data_dir(folder: Path) -> Path:
    """A data folder: two departments, the repository's vocabulary, no submissions yet."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "departments.csv").write_text(DEPARTMENTS_CSV, encoding="utf-8")
    shutil.copytree(ROOT / "data" / "vocab", folder / "vocab")
    return folder


def csv_bytes(rows: Iterable[Row], header: Sequence[str] = TEMPLATE_COLUMNS, encoding: str = "utf-8") -> bytes:
    """A header and rows as CSV bytes, CRLF line ends, in ``encoding``."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for record in rows:
        writer.writerow(cells(record, header))
    return buffer.getvalue().encode(encoding)
