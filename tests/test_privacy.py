"""Nothing leaked: no full ID number from any input, nor a region code with its
birth date, appears anywhere under output/; only reports/ may hold them."""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from credit_rows import AS_OF, DEPARTMENTS_CSV, PERSON_ID, ROOT, black_org, id_number, red_person, write_csv, write_xlsx
from creditlists.intake.reading import decode_submission
from creditlists.publish.build import build_site
from tests.browser.harness import build_once

ID_PATTERN = re.compile(r"(?<!\d)\d{17}[\dXx](?![\dA-Za-z])")


def input_texts(data: Path) -> list[str]:
    """Every cell of every submission, read without the project's reader."""
    texts = []
    for path in sorted((data / "submissions").rglob("*")):
        if path.suffix == ".csv":
            decoded = decode_submission(path.read_bytes())
            if decoded:
                texts += [cell for row in csv.reader(io.StringIO(decoded[0], newline="")) for cell in row]
        elif path.suffix == ".xlsx":
            import openpyxl

            book = openpyxl.load_workbook(path, read_only=True)
            texts += [str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
            book.close()
    return texts


def id_numbers_in_inputs(data: Path) -> set[str]:
    found = {m.upper() for text in input_texts(data) for m in ID_PATTERN.findall(text)}
    return {n for n in found if n[6:8] in ("19", "20")}  # a birth year: not a USCC made of digits


def readable(path: Path) -> str:
    """A file's text; for a zip (xlsx) the text of every member, so that a workbook hides nothing."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return path.read_bytes().decode("utf-8", "replace")


def leaks(folder: Path, numbers: set[str]) -> dict[str, list[str]]:
    """Files that contain a number whole, or its region code and birth date (first 14 characters)."""
    found = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        content = readable(path).upper()
        hits = sorted(n for n in numbers if n[:14] in content)
        if hits:
            found[path.relative_to(folder).as_posix()] = hits
    return found


def test_sample_site_holds_no_id_number_of_its_inputs(tmp_path_factory):
    output = build_once(tmp_path_factory.mktemp("site"))
    numbers = id_numbers_in_inputs(ROOT / "data")
    assert len(numbers) >= 20  # the sample data do carry persons' numbers
    assert leaks(output, numbers) == {}
    found_in_inputs = set().union(*leaks(ROOT / "data" / "submissions", numbers).values())
    assert found_in_inputs == numbers, "the same scan finds every one of them in the inputs"


OTHER_ID = id_number("42010219800101001")
REJECTED_ID = id_number("42010319900202002")
WANG_ID = id_number("42011119851231003")


@pytest.fixture
def hostile_data(tmp_path: Path) -> Path:
    """ID numbers in every place a clerk might put one: rejected rows, names, reasons, an xlsx number cell."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "vocab", data / "vocab")
    (data / "departments.csv").write_text(DEPARTMENTS_CSV, encoding="utf-8")
    other, rejected = OTHER_ID, REJECTED_ID
    write_csv(data / "submissions" / "rsj" / "2024-01-01-红名单.csv", [
        red_person(),
        red_person(主体名称=f"李示例{other}", 决定文书号="武昌人社〔2024〕2号"),
        red_person(身份证件号码=rejected, 认定日期="2024-13-01", 决定文书号="武昌人社〔2024〕3号"),
        black_org(列入事由=f"法定代表人身份证 {other}"),
    ])
    write_xlsx(data / "submissions" / "scjgj" / "2024-01-01-黑名单.xlsx", [
        black_org(身份证件号码=float(PERSON_ID[:-1] + "0"), 决定文书号="武昌市监罚〔2024〕5号"),
        black_org(主体类型="自然人", 统一社会信用代码="", 主体名称="王示例", 身份证件号码=WANG_ID,
                  决定文书号="武昌市监罚〔2024〕6号"),
    ])
    return data


def test_numbers_planted_anywhere_never_reach_the_output(hostile_data, tmp_path):
    output = tmp_path / "output"
    build_site(hostile_data, output, tmp_path / "reports", AS_OF)
    numbers = id_numbers_in_inputs(hostile_data)
    # every planted number is what the scan looks for (the xlsx number cell PERSON_ID[:-1] + "0" reads 4.2…e+17)
    assert numbers == {PERSON_ID, OTHER_ID, REJECTED_ID, WANG_ID}
    assert leaks(output, numbers | {PERSON_ID[:-1] + "0"}) == {}
    published = (output / "data" / "entries.csv").read_text(encoding="utf-8-sig")
    assert "王示例" in published and "420111***********" in published


def test_an_all_digit_code_that_reads_as_an_id_number_does_not_stop_the_build(tmp_path):
    """914201068205200011 is a valid USCC and, digit for digit, a valid ID number: it is published as a code."""
    from creditlists.intake.identifiers import id_checksum_ok, uscc_checksum_ok

    code = "914201068205200011"
    assert uscc_checksum_ok(code) and id_checksum_ok(code)
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "vocab", data / "vocab")
    (data / "departments.csv").write_text(DEPARTMENTS_CSV, encoding="utf-8")
    write_csv(data / "submissions" / "scjgj" / "2024-01-01-黑名单.csv", [black_org(统一社会信用代码=code)])
    output = tmp_path / "output"
    build_site(data, output, tmp_path / "reports", AS_OF)
    assert code in (output / "data" / "entries.csv").read_text(encoding="utf-8-sig")
