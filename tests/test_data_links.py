"""Links in the data folder: nothing outside it is read or published, nothing is read twice.

Every file the build reads under data/ must be a regular file inside data/
once links are resolved. A department's file that breaks this is reported as
``unsafe-path`` and not read; a file of the office (register, vocabulary,
template) that breaks it stops the build. A file reached twice is read once.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from credit_rows import AS_OF, DEPARTMENTS_CSV, ROOT, black_org, red_person, write_csv
from creditlists.cli import main

SECRET = "机密内容，不得公开\n"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "vocab", folder / "vocab")
    shutil.copytree(ROOT / "data" / "templates", folder / "templates")
    (folder / "departments.csv").write_text(DEPARTMENTS_CSV, encoding="utf-8")
    write_csv(folder / "submissions" / "scjgj" / "2024-01-01-黑名单.csv", [black_org()])
    write_csv(folder / "submissions" / "rsj" / "2024-01-01-红名单.csv", [red_person()])
    (tmp_path / "outside.csv").write_text(SECRET, encoding="utf-8")
    return folder


def build(data: Path, tmp_path: Path) -> int:
    return main(["build", "--data", str(data), "--output", str(tmp_path / "site"), "--reports", str(tmp_path / "reports"),
                 "--as-of", AS_OF.isoformat()])


def report_codes(tmp_path: Path, department: str) -> list[tuple[str, str]]:
    report = json.loads((tmp_path / "reports" / f"{department}.json").read_text(encoding="utf-8"))
    return [(f["path"], e["code"]) for f in report["files"] for e in f["errors"]]


def published(tmp_path: Path) -> str:
    return "".join(p.read_bytes().decode("utf-8", "replace") for p in (tmp_path / "site").rglob("*") if p.is_file())


@pytest.mark.parametrize("place", ["templates/报送模板副本.csv", "vocab/domains.csv", "departments.csv", "vocab/matter-types.csv"])
def test_an_office_file_linked_out_of_the_data_folder_stops_the_build(data, tmp_path, capsys, place):
    target = data / place
    target.unlink(missing_ok=True)
    target.symlink_to(tmp_path / "outside.csv")
    (data / "matters").mkdir()
    write_csv(data / "matters" / "scjgj.csv", [], header=("事项名称", "事项类型", "使用方式", "设定依据"))
    assert build(data, tmp_path) == 1
    message = capsys.readouterr().err
    assert message.startswith("构建失败：") and place in message and "数据文件夹以外" in message and "Traceback" not in message
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("place", ["matters/scjgj.csv", "usage/2026Q1/scjgj.csv", "submissions/scjgj/2024-06-01-黑名单.csv"])
def test_a_department_file_linked_out_is_reported_and_not_read(data, tmp_path, place):
    target = data / place
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(tmp_path / "outside.csv")
    assert build(data, tmp_path) == 0
    assert report_codes(tmp_path, "scjgj") == [(place, "unsafe-path")]  # and nothing else of the department
    assert "机密内容" not in published(tmp_path)


def test_a_linked_folder_outside_is_not_read(data, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    shutil.copyfile(tmp_path / "outside.csv", tmp_path / "elsewhere" / "scjgj.csv")
    (data / "usage").mkdir()
    (data / "usage" / "2026Q1").symlink_to(tmp_path / "elsewhere")
    assert build(data, tmp_path) == 0
    assert report_codes(tmp_path, "scjgj") == [("usage/2026Q1/scjgj.csv", "unsafe-path")]
    assert "机密内容" not in published(tmp_path)


@pytest.mark.parametrize("how", ["symbolic link", "hard link"])
def test_the_same_file_reached_twice_is_read_once_and_reported(data, tmp_path, how):
    first = data / "submissions" / "scjgj" / "2024-01-01-黑名单.csv"
    second = data / "submissions" / "scjgj" / "2024-06-01-又一份.csv"
    if how == "symbolic link":
        second.symlink_to(first.name)
    else:
        os.link(first, second)
    assert build(data, tmp_path) == 0
    assert report_codes(tmp_path, "scjgj") == [("submissions/scjgj/2024-06-01-又一份.csv", "same-file-twice")]
    states = json.loads((tmp_path / "reports" / "scjgj.json").read_text(encoding="utf-8"))["states"]
    assert (states["read"], states["published"]) == (1, 1)
    assert (tmp_path / "site" / "data" / "entries.csv").read_text(encoding="utf-8-sig").count("甲示例商贸有限公司") == 1


def test_a_link_inside_the_data_folder_to_a_single_file_is_read(data, tmp_path):
    """Links that stay inside the data folder and reach a file once are ordinary files."""
    (data / "shared").mkdir()
    write_csv(data / "shared" / "hand-in.csv", [black_org(决定文书号="武昌市监罚〔2024〕7号")])
    (data / "submissions" / "scjgj" / "2024-06-01-黑名单.csv").symlink_to(data / "shared" / "hand-in.csv")
    assert build(data, tmp_path) == 0
    assert report_codes(tmp_path, "scjgj") == []
    assert "武昌市监罚〔2024〕7号" in (tmp_path / "site" / "data" / "entries.csv").read_text(encoding="utf-8-sig")
