"""No formula from data runs: every published CSV is safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

from credit_rows import AS_OF, DEPARTMENTS_CSV, ROOT, black_org, uscc, write_csv
from creditlists.publish.build import build_site
from creditlists.publish.opendata import FORMULA_STARTS

FORMULAS = ["=1+1", "+1+1", "-1+1", "@SUM(1,1)", "=HYPERLINK(\"http://example.invalid\",\"点我\")", "=cmd|' /C calc'!A0"]


@pytest.fixture(scope="module")
def formula_site(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("formulas") / "data"
    shutil.copytree(ROOT / "data" / "vocab", data / "vocab")
    (data / "departments.csv").write_text(DEPARTMENTS_CSV, encoding="utf-8")
    rows = [black_org(主体名称=f"{text}示例", 统一社会信用代码=uscc(f"91420106MA4K0{n:04d}"), 决定文书号=f"武昌市监罚〔2024〕{n}号",
                      列入事由=text, 认定依据=text, 法定代表人=text)
            for n, text in enumerate(FORMULAS, start=1)]
    write_csv(data / "submissions" / "scjgj" / "2024-01-01-黑名单.csv", rows)
    output = data.parent / "output"
    build_site(data, output, data.parent / "reports", AS_OF)
    return output


def published_csvs(site: Path) -> list[Path]:
    return sorted(site.rglob("*.csv"))


def test_no_text_cell_of_any_published_csv_starts_a_formula(formula_site):
    paths = published_csvs(formula_site)
    assert {"data/changes.csv", "data/entries.csv", "data/matters.csv", "data/usage.csv"} <= {p.relative_to(formula_site).as_posix() for p in paths}
    dangerous = []
    for path in paths:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for number, row in enumerate(csv.reader(handle), start=1):
                dangerous += [(path.name, number, cell) for cell in row if cell.startswith(FORMULA_STARTS)]
    assert dangerous == []
    with (formula_site / "data" / "entries.csv").open(encoding="utf-8-sig", newline="") as handle:
        cells = [(r["主体名称"], r["法定代表人"], r["列入事由"], r["认定依据"]) for r in csv.DictReader(handle)]
    assert cells == [(f"'{text}示例", f"'{text}", f"'{text}", f"'{text}") for text in FORMULAS]  # each kept, one ' before it


def test_json_and_pages_keep_the_text_as_submitted(formula_site):
    import json

    names = {r["主体名称"] for r in json.loads((formula_site / "data" / "entries.json").read_text(encoding="utf-8"))["entries"]}
    assert names == {f"{text}示例" for text in FORMULAS}
    assert "=1+1示例" in (formula_site / "black" / "index.html").read_text(encoding="utf-8")


def test_libreoffice_shows_the_cells_as_text(formula_site, tmp_path):
    """Convert entries.csv with LibreOffice (as a spreadsheet user would open it) and read the cells back."""
    import openpyxl

    assert shutil.which("soffice"), "LibreOffice Calc is missing: make setup installs Debian's libreoffice-calc-nogui"
    control = tmp_path / "control.csv"
    control.write_bytes("\ufeff名称\r\n=1+1\r\n".encode("utf-8"))  # not neutralised: must become a formula
    shutil.copy(formula_site / "data" / "entries.csv", tmp_path / "entries.csv")
    for name in ("entries.csv", "control.csv"):
        subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                        "--convert-to", "xlsx", "--infilter=CSV:44,34,76,1", "--outdir", str(tmp_path), str(tmp_path / name)],
                       check=True, capture_output=True, timeout=120)
    control_cell = openpyxl.load_workbook(tmp_path / "control.xlsx").active["A2"]
    assert control_cell.data_type == "f"  # the check can fail: an unprotected cell is a formula
    sheet = openpyxl.load_workbook(tmp_path / "entries.xlsx").active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    names = sorted(c.value for c in sheet["D"][1:])  # after 条目编号, 名单类型, 主体类型
    assert names == sorted(f"'{text}示例" for text in FORMULAS)


def test_workbooks_hold_the_text_as_submitted_in_text_cells(formula_site):
    """In entries.xlsx and changes.xlsx a formula-like text is a string cell: shown as submitted, never run, no ' needed."""
    import openpyxl

    for name in ("entries.xlsx", "changes.xlsx"):
        sheet = openpyxl.load_workbook(formula_site / "data" / name)["数据"]
        cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value is not None]
        assert [c.coordinate for c in cells if c.data_type != "s"] == [], name
        header = [c.value for c in sheet[1]]
        names = sorted(c.value for c in sheet[chr(ord("A") + header.index("主体名称"))][1:])
        assert names == sorted(f"{text}示例" for text in FORMULAS), name
