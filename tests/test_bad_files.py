"""Bad files never crash the build: each named bad file gives its coded problems,
random and mangled bytes give coded problems or rows, never a traceback."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from creditlists import settings
from creditlists.intake.files import submission_files, validate_files
from creditlists.pipeline import compile_dataset
from creditlists.intake.departments import load_departments
from creditlists.intake.problems import CODES
from creditlists.intake.submissions import Context, read_and_validate
from creditlists.intake.vocab import load_vocabulary

from credit_rows import AS_OF, DEPARTMENTS_CSV, ROOT, black_org, write_csv

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
    assert result["problems"] == [[None, "format-error"]]
    assert "解压后大小" in read_and_validate(path, "scjgj", path.name, CONTEXT).problems[0].message


@pytest.fixture
def data_folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "vocab", data / "vocab")
    (data / "departments.csv").write_text(DEPARTMENTS_CSV, encoding="utf-8")
    return data


def test_a_folder_of_bad_files_still_publishes_the_good_ones(data_folder, tmp_path):
    folder = data_folder / "submissions" / "scjgj"
    folder.mkdir(parents=True)
    for name in EXPECTED:
        shutil.copy(BAD / name, folder / f"2024-05-01-{name}")
    write_csv(folder / "2024-01-01-好文件.csv", [black_org()])
    write_csv(data_folder / "submissions" / "rsj" / "2024-02-01-好文件.csv", [black_org(决定文书号="武昌人社罚〔2024〕1号")])
    dataset = compile_dataset(data_folder, AS_OF)
    published = sorted((e.department, e.values["决定文书号"]) for e in dataset.merged.entries)
    # the good files, and the good rows inside bad files, are all on the list
    good_in_bad = sum(EXPECTED[name]["accepted"] for name in EXPECTED)
    assert ("scjgj", "武昌市监罚〔2024〕1号") in published and ("rsj", "武昌人社罚〔2024〕1号") in published
    assert dataset.department_states("scjgj")["read"] == 1 + sum(EXPECTED[n]["rows"] for n in EXPECTED)
    assert len(published) >= 2 and good_in_bad > 0

    from creditlists.publish.build import build_site

    build_site(data_folder, tmp_path / "output", tmp_path / "reports", AS_OF, ROOT / "pelicanconf.py")
    assert (tmp_path / "output" / "index.html").is_file()


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

def assert_coded(path: Path) -> None:
    report = read_and_validate(path, "scjgj", path.name, CONTEXT)
    assert all(p.code in CODES for p in report.problems)
    assert report.rejected + len(report.accepted) == report.rows_read
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
