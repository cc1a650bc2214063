"""A mistyped --output or --reports cannot destroy anything.

Each refused shape is tried through the command line (exit 2, a message, not
one byte under the test folder changed) where that is safe to try; the shapes
whose failure would delete this machine's files (/, the home folder, this
checkout) are tried on the checking function alone.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from credit_rows import AS_OF, DEPARTMENTS_CSV, ROOT, black_org, red_person, write_csv
from creditlists import settings
from creditlists.cli import main
from creditlists.publish.output_paths import UnsafeOutputError, check_output_paths


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "work" / "data"
    shutil.copytree(ROOT / "data" / "vocab", folder / "vocab")
    (folder / "departments.csv").write_text(DEPARTMENTS_CSV, encoding="utf-8")
    write_csv(folder / "submissions" / "scjgj" / "2024-01-01-黑名单.csv", [black_org()])
    write_csv(folder / "submissions" / "rsj" / "2024-01-01-红名单.csv", [red_person()])
    return folder


def everything(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder below ``folder`` (folders as None), to show nothing was touched."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))}


def build(data: Path, output: Path, reports: Path) -> int:
    return main(["build", "--data", str(data), "--output", str(output), "--reports", str(reports), "--as-of", AS_OF.isoformat()])


def git_checkout(folder: Path) -> Path:
    folder.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    (folder / "README").write_text("a checkout\n", encoding="utf-8")
    return folder


# (id, output relative to the test folder, reports relative to it, the message, {t} the test folder)
CONTAINS_DATA = "是数据文件夹或包含数据文件夹，写入会毁掉其中的文件。请另选一个专用的空文件夹。"
INSIDE_DATA = "位于数据文件夹 {t}/work/data 之内。请把输出放在数据文件夹以外。"
NESTED = "不能相同或互相包含：报告含身份证件号码，不得进入公开网站。"
REFUSED = [
    ("output is the data folder", "work/data", "reports", "--output {t}/work/data " + CONTAINS_DATA),
    ("output contains the data folder", "work", "reports", "--output {t}/work " + CONTAINS_DATA),
    ("output lies inside the data folder", "work/data/site", "reports", "--output {t}/work/data/site " + INSIDE_DATA),
    ("reports is the data folder", "site", "work/data", "--reports {t}/work/data " + CONTAINS_DATA),
    ("reports lies inside the data folder", "site", "work/data/submissions", "--reports {t}/work/data/submissions " + INSIDE_DATA),
    ("reports inside output", "site", "site/reports", "--output {t}/site 与 --reports {t}/site/reports " + NESTED),
    ("output inside reports", "reports/site", "reports", "--output {t}/reports/site 与 --reports {t}/reports " + NESTED),
    ("output equals reports", "same", "same", "--output {t}/same 与 --reports {t}/same " + NESTED),
    ("output holds a .git", "repo", "reports", "--output {t}/repo 含有 .git（是一个代码仓库）。请另选一个专用的空文件夹。"),
    ("output is a folder a build did not write", "documents", "reports",
     f"--output {{t}}/documents 已有内容，但不是由本程序构建的（缺少 {settings.OUTPUT_MARKER}），为免误删未替换。"
     "请指定一个空文件夹或不存在的文件夹；确认其中内容可以删除时，请先手动清空它。"),
    ("output is a file", "notes.txt", "reports", "--output {t}/notes.txt 是一个文件，不是文件夹。"),
]


@pytest.mark.parametrize(("output", "reports", "message"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_an_unsafe_folder_is_refused_and_nothing_is_touched(data, tmp_path, capsys, output, reports, message):
    git_checkout(tmp_path / "repo")
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "letter.txt").write_text("keep me\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("keep me too\n", encoding="utf-8")
    before = everything(tmp_path)
    assert build(data, tmp_path / output, tmp_path / reports) == 2
    assert capsys.readouterr().err == "构建未开始：" + message.format(t=tmp_path.resolve()) + "\n"
    assert everything(tmp_path) == before


@pytest.mark.parametrize("place", ["/", "home", "checkout", "this checkout", "inside the home folder's parent"])
def test_root_home_and_checkout_are_refused_by_the_check(data, tmp_path, monkeypatch, place):
    """Tried on the check alone: a guard that failed here through the CLI would delete this machine's files."""
    home = tmp_path / "home" / "clerk"
    home.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    checkout = git_checkout(tmp_path / "checkout")
    target = {"/": Path("/"), "home": home, "checkout": checkout, "this checkout": ROOT, "inside the home folder's parent": home.parent}[place]
    with pytest.raises(UnsafeOutputError):
        check_output_paths(data, target, tmp_path / "reports", checkout=checkout if place != "this checkout" else ROOT)
    with pytest.raises(UnsafeOutputError):
        check_output_paths(data, tmp_path / "site", target, checkout=checkout if place != "this checkout" else ROOT)


def test_the_default_folders_of_a_checkout_are_allowed(tmp_path):
    """output/ and reports/ inside the checkout are what make site uses: only the checkout itself is refused."""
    check_output_paths(ROOT / "data", ROOT / "output-never-written", ROOT / "reports-never-written")


def test_a_rebuild_replaces_its_own_output_and_nothing_beside_it(data, tmp_path):
    output, reports = tmp_path / "site", tmp_path / "reports"
    beside = tmp_path / "site.previous"  # a folder of the user's that an older publish() would have deleted
    beside.mkdir()
    (beside / "keep.txt").write_text("mine\n", encoding="utf-8")
    assert build(data, output, reports) == 0
    assert (output / settings.OUTPUT_MARKER).is_file()
    (output / "stale.html").write_text("from an older build\n", encoding="utf-8")
    write_csv(data / "submissions" / "scjgj" / "2024-06-01-更多.csv", [black_org(决定文书号="武昌市监罚〔2024〕2号")])
    assert build(data, output, reports) == 0
    assert not (output / "stale.html").exists()  # replaced as a whole
    assert "武昌市监罚〔2024〕2号" in (output / "data" / "entries.csv").read_text(encoding="utf-8-sig")
    assert (beside / "keep.txt").read_text(encoding="utf-8") == "mine\n"
    # beside the site only its lock file (creditlists/publish/lock.py), no staging or previous-site folder
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "reports", "site", "site.previous", "work"]


def test_an_empty_or_missing_output_folder_is_written(data, tmp_path):
    (tmp_path / "empty").mkdir()
    assert build(data, tmp_path / "empty", tmp_path / "r1") == 0
    assert build(data, tmp_path / "new" / "site", tmp_path / "r2") == 0
    assert (tmp_path / "empty" / "index.html").is_file() and (tmp_path / "new" / "site" / "index.html").is_file()


def test_without_the_guard_a_mistyped_output_deletes_the_data(data, tmp_path, monkeypatch):
    """The hazard is real: with the check bypassed, ``--output data`` replaces the submissions with the site."""
    monkeypatch.setattr("creditlists.publish.build.check_output_paths", lambda *args, **kwargs: None)
    assert build(data, data, tmp_path / "reports") == 0
    assert not (data / "submissions").exists() and (data / "index.html").is_file()
