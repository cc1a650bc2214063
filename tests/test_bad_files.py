"""Bad files never crash the build: each named bad file gives its coded problems,
random and mangled bytes give coded problems or rows, never a traceback."""

from __future__ import annotations

import csv
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from credit_rows import AS_OF, DEPARTMENTS_CSV, PERSON_ID, ROOT, black_org, write_csv
from creditlists import settings
from creditlists.intake.departments import load_departments
from creditlists.intake.files import submission_files, validate_files
from creditlists.intake.problems import CODES
from creditlists.intake.submissions import Context, read_and_validate
from creditlists.intake.vocab import load_vocabulary
from creditlists.pipeline import compile_dataset
from creditlists.schema import TEMPLATE_COLUMNS

BAD = ROOT / "tests" / "fixtures" / "bad"
EXPECTED = json.loads((BAD / "expected.json").read_text(encoding="utf-8"))
CONTEXT = Context(load_vocabulary(ROOT / "data"), AS_OF)
FUZZ = hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def outcome(path: Path) -> dict:
    report = read_and_validate(path, "scjgj", path.name, CONTEXT)
    return {"rows": report.rows_read, "accepted": len(report.accepted),
            "problems": [[p.row, p.code] for p in report.ordered_problems]}


def test_every_fixture_is_listed():
    on_disk = {p.name for p in BAD.iterdir() if p.suffix in (".csv", ".xlsx", ".txt")}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_gives_its_coded_problems(name):
    assert outcome(BAD / name) == EXPECTED[name]


def test_file_over_the_size_limit_is_refused_unread(tmp_path):
    path = tmp_path / "too-large.csv"
    with path.open("wb") as handle:
        handle.truncate(settings.MAX_FILE_BYTES + 1)
    assert outcome(path) == {"rows": 0, "accepted": 0, "problems": [[None, "file-too-large"]]}


def test_zip_bomb_is_refused_before_unpacking(tmp_path):
    path = tmp_path / "zip-bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(settings.MAX_XLSX_UNCOMPRESSED_BYTES // len(chunk) + 1):
                member.write(chunk)
    assert path.stat().st_size < 2_000_000
    result = outcome(path)
    assert result["problems"] == [[None, "xlsx-too-large"]]
    message = read_and_validate(path, "scjgj", path.name, CONTEXT).problems[0].message
    declared = settings.MAX_XLSX_UNCOMPRESSED_BYTES + (1 << 20) + len("<workbook/>")  # refused by the sizes the zip declares
    assert f"未读取：解压后共 {declared} 字节，超过上限 {settings.MAX_XLSX_UNCOMPRESSED_BYTES} 字节。" in message


@pytest.fixture
def data_folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "vocab", data / "vocab")
    (data / "departments.csv").write_text(DEPARTMENTS_CSV, encoding="utf-8")
    return data


def test_a_folder_of_bad_files_still_publishes_the_good_ones(data_folder, tmp_path):
    """Every bad file in one department folder, beside a good file of each department.

    The good rows of the bad files are make_bad_files.py's ``good_row(n)``: bom-in-the-middle
    holds good rows 1, 2 and 3 (rows 2, 3, 5), formula-in-cell good row 2 (row 3), several-sheets
    good rows 1 and 2 (rows 2, 3), utf8-cell-in-gbk good row 1 (row 2; its row 3 is mojibake).
    bom-in-the-middle is read first (files by name), so it adds the three entries and the later
    copies of the same entries repeat them (already-published: warnings, nothing changes).
    """
    folder = data_folder / "submissions" / "scjgj"
    folder.mkdir(parents=True)
    for name in EXPECTED:
        shutil.copy(BAD / name, folder / f"2024-05-01-{name}")
    write_csv(folder / "2024-01-01-好文件.csv", [black_org(决定文书号="武昌市监罚〔2024〕100号")])
    write_csv(data_folder / "submissions" / "rsj" / "2024-02-01-好文件.csv", [black_org(决定文书号="武昌人社罚〔2024〕1号")])
    dataset = compile_dataset(data_folder, AS_OF)
    published = [(e.version.file.rsplit("/", 1)[-1], e.version.row, e.values["决定文书号"]) for e in dataset.merged.entries]
    assert sorted(published) == [
        ("2024-01-01-好文件.csv", 2, "武昌市监罚〔2024〕100号"),
        ("2024-02-01-好文件.csv", 2, "武昌人社罚〔2024〕1号"),
        ("2024-05-01-bom-in-the-middle.csv", 2, "武昌市监罚〔2024〕1号"),
        ("2024-05-01-bom-in-the-middle.csv", 3, "武昌市监罚〔2024〕2号"),
        ("2024-05-01-bom-in-the-middle.csv", 5, "武昌市监罚〔2024〕3号"),
    ]
    assert dataset.merged.rejections == []
    assert [(r.path.rsplit("/", 1)[-1], r.problem.row, r.problem.code) for r in dataset.merged.repeats] == [
        ("2024-05-01-formula-in-cell.xlsx", 3, "already-published"),
        ("2024-05-01-several-sheets.xlsx", 2, "already-published"),
        ("2024-05-01-several-sheets.xlsx", 3, "already-published"),
        ("2024-05-01-utf8-cell-in-gbk.csv", 2, "already-published"),
    ]
    read = 1 + sum(EXPECTED[n]["rows"] for n in EXPECTED)  # 13: the good file and the 12 rows of the bad files
    assert dict(dataset.department_states("scjgj")) == {
        "read": read, "published": 4, "rejected": read - 8, "withdrawn": 0, "superseded": 0, "expired": 0, "repeated": 4}
    assert dict(dataset.department_states("rsj")) == {
        "read": 1, "published": 1, "rejected": 0, "withdrawn": 0, "superseded": 0, "expired": 0, "repeated": 0}

    from creditlists.publish.build import build_site

    build_site(data_folder, tmp_path / "output", tmp_path / "reports", AS_OF)
    with (tmp_path / "output" / "data" / "entries.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert sorted(r["决定文书号"] for r in csv.DictReader(handle)) == sorted(decision for _, _, decision in published)
    # the department report lists each bad file's own problems, then the merge's repeats
    report = json.loads((tmp_path / "reports" / "scjgj.json").read_text(encoding="utf-8"))
    merged = {"formula-in-cell.xlsx": [[3, "already-published"]], "several-sheets.xlsx": [[2, "already-published"], [3, "already-published"]],
              "utf8-cell-in-gbk.csv": [[2, "already-published"]]}
    expected_files = {f"submissions/scjgj/2024-05-01-{name}": sorted(EXPECTED[name]["problems"] + merged.get(name, []),
                                                                     key=lambda p: -1 if p[0] is None else p[0])
                      for name in EXPECTED} | {"submissions/scjgj/2024-01-01-好文件.csv": []}
    assert {f["path"]: [[p["row"], p["code"]] for p in sorted(f["errors"] + f["warnings"], key=lambda p: -1 if p["row"] is None else p["row"])]
            for f in report["files"]} == expected_files


# --- paths and names ---------------------------------------------------------

def reports_for(data: Path) -> dict[str, list[str]]:
    reports = validate_files(submission_files(data), data, load_departments(data), CONTEXT)
    return {r.path.rsplit("/", 1)[-1]: [p.code for p in r.problems] for r in reports}


def test_links_out_of_the_data_folder_odd_names_and_folders_are_reported_not_followed(data_folder, tmp_path):
    folder = data_folder / "submissions" / "scjgj"
    write_csv(folder / "2024-01-01-好文件.csv", [black_org()])
    secret = tmp_path / "secret.csv"
    write_csv(secret, [black_org(决定文书号="武昌市监罚〔2024〕99号")])
    (folder / "2024-02-01-链接.csv").symlink_to(secret)
    write_csv(folder / "2024-03-01-a..b.csv", [black_org(决定文书号="武昌市监罚〔2024〕98号")])
    (folder / "子文件夹").mkdir()
    odd = os.fsdecode(b"2024-04-01-\xff\xfe.csv")
    write_csv(folder / odd, [black_org(决定文书号="武昌市监罚〔2024〕97号")])
    write_csv(data_folder / "submissions" / "nobody" / "2024-01-01.csv", [black_org()])
    found = reports_for(data_folder)
    assert found["2024-01-01-好文件.csv"] == []
    assert found["2024-02-01-链接.csv"] == ["unsafe-path"]
    assert found["2024-03-01-a..b.csv"] == ["unsafe-path"]
    assert found["子文件夹"] == ["nested-folder"]
    assert found["2024-04-01-\ufffd\ufffd.csv"] == ["bad-file-name"]
    assert found["2024-01-01.csv"] == ["unknown-department"]
    dataset = compile_dataset(data_folder, AS_OF)
    assert [e.values["决定文书号"] for e in dataset.merged.entries] == ["武昌市监罚〔2024〕1号"]
    json.dumps([r.to_dict() for r in dataset.reports], ensure_ascii=False)  # every name is printable


# --- random and mangled input ------------------------------------------------

# Codes a list submission read on its own can never get: those of matter lists and usage
# reports, of the merge (it needs the department's history) and of the data folder's layout.
NOT_FROM_READING_A_LIST = {
    "duplicate-department-file", "bad-quarter-folder", "quarter-not-over", "duplicate-matter", "bad-matter-type",
    "bad-usage-method", "bad-count", "no-matter-list", "unknown-matter",
    "duplicate-key", "unknown-key",
    "unsafe-path", "same-file-twice", "bad-file-name", "nested-folder", "unknown-department",
}
LIST_FILE_CODES = set(CODES) - NOT_FROM_READING_A_LIST


def assert_coded(path: Path) -> None:
    """What any file, however broken, must give: codes of list checking, filled-in messages, and rows
    that are either accepted without an error or rejected with one listed."""
    report = read_and_validate(path, "scjgj", path.name, CONTEXT)
    assert [p.code for p in report.problems if p.code not in LIST_FILE_CODES] == []
    if b"None" not in path.read_bytes():  # a message field left unfilled reads "第 None 列"
        assert [p.message for p in report.problems if "None" in p.message] == []
    assert [p.row for p in report.problems if p.row is not None and p.row < 2] == []  # row 1 is the header
    accepted = [r.row for r in report.accepted]
    assert len(accepted) == len(set(accepted)) and report.rejected + len(accepted) == report.rows_read
    error_rows = {p.row for p in report.problems if p.is_error and p.row is not None}
    assert sorted(error_rows & set(accepted)) == []  # no row with an error is accepted
    if report.file_rejected:
        assert accepted == [] and any(p.is_error and p.row is None for p in report.problems)
    elif report.problem_count == len(report.problems):  # every problem listed
        assert report.rejected_rows == error_rows
    assert report.valid == (report.error_count == 0 and not any(p.is_error for p in report.problems))
    json.dumps(report.to_dict(), ensure_ascii=False)


@FUZZ
@given(content=st.binary(max_size=4000), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_random_bytes_give_coded_problems(tmp_path, content, suffix):
    path = tmp_path / f"random{suffix}"
    path.write_bytes(content)
    assert_coded(path)


@FUZZ
@given(rows=st.lists(st.lists(st.text(max_size=30), max_size=20), max_size=15),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_random_csv_text_gives_coded_problems(tmp_path, rows, encoding):
    import csv
    import io

    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    path = tmp_path / "random.csv"
    try:
        path.write_bytes(buffer.getvalue().encode(encoding))
    except UnicodeEncodeError:
        path.write_bytes(buffer.getvalue().encode("utf-8"))
    assert_coded(path)


# Cells a clerk might type in any column: the valid row's own values, blanks, stray text,
# an ID number (whole, or glued), formulas, numbers Excel made of codes.
CELLS = st.one_of(
    st.sampled_from(sorted(set(black_org().values()) | {"", "红名单", "自然人", "更新", "移出", "信用修复", "2024/13/01",
                                                        PERSON_ID, f"ID{PERSON_ID}", "=1+1", "9.14201E+17", "2099-01-01"})),
    st.text(max_size=12),
)


@FUZZ
@given(rows=st.lists(st.lists(CELLS, min_size=0, max_size=len(TEMPLATE_COLUMNS) + 3), max_size=12))
def test_random_rows_under_the_template_header_give_coded_problems(tmp_path, rows):
    """Rows that reach the row checks: any cells, too few or too many, under the template's header."""
    assert_coded(write_csv(tmp_path / "rows.csv", rows))


TEMPLATES = [ROOT / "data" / "templates" / "报送模板.xlsx", ROOT / "data" / "templates" / "报送模板.csv",
             next((ROOT / "data" / "submissions" / "scjgj").glob("*.csv"))]


@FUZZ
@given(template=st.sampled_from(TEMPLATES), data=st.data())
def test_mangled_templates_give_coded_problems(tmp_path, template, data):
    content = bytearray(template.read_bytes())
    for _ in range(data.draw(st.integers(1, 8))):
        action = data.draw(st.sampled_from(["flip", "cut", "insert"]))
        at = data.draw(st.integers(0, max(0, len(content) - 1)))
        if action == "flip" and content:
            content[at] ^= data.draw(st.integers(1, 255))
        elif action == "cut":
            del content[at:at + data.draw(st.integers(1, 200))]
        else:
            content[at:at] = data.draw(st.binary(min_size=1, max_size=20))
    path = tmp_path / f"mangled{template.suffix}"
    path.write_bytes(bytes(content))
    assert_coded(path)
