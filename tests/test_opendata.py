"""The open-data files: masked ID numbers, neutralised formulas (CSV only), BOM and CRLF."""

from __future__ import annotations

import csv
import io
import json

import pytest

from credit_rows import AS_OF, OTHER_USCC, PERSON_ID, black_org, red_person, uscc, write_csv
from creditlists.pipeline import compile_dataset
from creditlists.publish.opendata import neutralise_formula, write_open_data


@pytest.fixture
def open_data(data_dir, tmp_path):
    """Write the given rows as one scjgj submission, build, and return the open-data folder."""

    def run(rows: list) -> dict[str, bytes]:
        write_csv(data_dir / "submissions" / "scjgj" / "2025-01-01-a.csv", rows)
        write_open_data(compile_dataset(data_dir, AS_OF), tmp_path / "output")
        folder = tmp_path / "output" / "data"
        return {p.name: p.read_bytes() for p in folder.iterdir()}

    return run


def csv_records(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def json_records(content: bytes) -> list[dict[str, str]]:
    return json.loads(content.decode("utf-8"))["entries"]


def test_id_number_is_never_published_in_full(open_data):
    files = open_data([red_person(), black_org()])
    masked = "420106" + "*" * 11 + PERSON_ID[-1]
    for name in ("entries.csv", "entries.json", "datapackage.json"):
        assert PERSON_ID.encode() not in files[name]
        assert PERSON_ID[6:14].encode() not in files[name]  # not even the birth date
    assert [r["身份证件号码"] for r in csv_records(files["entries.csv"])] == [masked, ""]
    assert [r["身份证件号码"] for r in json_records(files["entries.json"])] == [masked, ""]


FORMULA_NAMES = ["=HYPERLINK(\"http://example.com\")示例", "+86示例公司", "-示例公司", "@SUM(A1)示例"]


def test_formula_like_names_are_neutralised_in_csv_only(open_data):
    rows = [
        black_org(主体名称=name, 统一社会信用代码=uscc(f"91420106MA4K0001{n}"), 决定文书号=f"{n}号")
        for n, name in enumerate(FORMULA_NAMES)
    ]
    files = open_data(rows + [black_org(统一社会信用代码=OTHER_USCC, 主体名称="普通示例公司", 决定文书号="9号")])
    in_csv = sorted(r["主体名称"] for r in csv_records(files["entries.csv"]))
    in_json = sorted(r["主体名称"] for r in json_records(files["entries.json"]))
    assert in_csv == sorted(["'" + name for name in FORMULA_NAMES] + ["普通示例公司"])
    assert in_json == sorted(FORMULA_NAMES + ["普通示例公司"])


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_neutralise_formula_prefixes_each_dangerous_start(text):
    assert neutralise_formula(text) == "'" + text


@pytest.mark.parametrize("text", ["示例公司", "", "1=1", " =1", "'=1"])
def test_neutralise_formula_leaves_other_text(text):
    assert neutralise_formula(text) == text


def test_leading_tab_in_a_submitted_name_is_trimmed_before_publishing(open_data):
    files = open_data([black_org(主体名称="\t=示例公司")])
    assert [r["主体名称"] for r in csv_records(files["entries.csv"])] == ["'=示例公司"]
    assert [r["主体名称"] for r in json_records(files["entries.json"])] == ["=示例公司"]


def test_entries_csv_has_bom_and_crlf_line_ends(open_data):
    content = open_data([red_person(), black_org()])["entries.csv"]
    assert content.startswith(b"\xef\xbb\xbf")
    assert content.endswith(b"\r\n")
    assert content.count(b"\n") == content.count(b"\r\n") == 3


def test_a_line_break_inside_a_cell_is_published_as_one_space(open_data):
    """Excel's Alt+Enter in free text becomes a space at intake (line-break-replaced), so no published row spans two lines."""
    content = open_data([black_org(列入事由="第一句\n第二句")])["entries.csv"]
    assert [r["列入事由"] for r in csv_records(content)] == ["第一句 第二句"]
    assert content.count(b"\n") == content.count(b"\r\n") == 2


def test_published_end_of_red_entry_without_one_is_filled_in(open_data):
    files = open_data([red_person(认定日期="2025-01-01")])
    assert [r["公示截止日期"] for r in json_records(files["entries.json"])] == ["2027-12-31"]


def test_datapackage_describes_the_csv_bytes(open_data):
    import hashlib

    files = open_data([red_person()])
    resource = json.loads(files["datapackage.json"])["resources"][0]
    assert resource["bytes"] == len(files["entries.csv"])
    assert resource["hash"] == "sha256:" + hashlib.sha256(files["entries.csv"]).hexdigest()
