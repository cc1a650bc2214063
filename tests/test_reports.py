"""Re-sending a file, and department reports a department can act on (issue 13).

- a 新增 identical to the entry in force is a warning (``already-published``) and
  counts as repeated; a changed one is ``duplicate-key`` naming the columns;
- the report puts this build's files on top with what to do next, and folds the
  earlier ones, newest first;
- ``build_lists.py report`` writes what the build writes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from test_site_build import report_page

from credit_rows import AS_OF, ORG_USCC, OTHER_USCC, black_org, flat, red_person, withdrawal, write_csv
from creditlists.cli import main as cli_main
from creditlists.pipeline import compile_dataset
from creditlists.publish import reports
from creditlists.publish.build import build_site
from creditlists.publish.next_steps import next_steps

FIRST = "2024-05-01-黑名单.csv"
AGAIN = "2026-11-20-黑名单（重报）.csv"


def first_file() -> list[dict[str, object]]:
    """Three entries: two organisations and a person (a 红名单 without 公示截止日期)."""
    return [black_org(), black_org(统一社会信用代码=OTHER_USCC, 决定文书号="武昌市监罚〔2024〕2号", 主体名称="乙示例公司"), red_person()]


def folder(data_dir: Path) -> Path:
    return data_dir / "submissions" / "scjgj"


def json_report(reports_dir: Path, code: str = "scjgj") -> dict:
    return json.loads((reports_dir / f"{code}.json").read_text(encoding="utf-8"))


# --- re-sending -----------------------------------------------------------------

def test_a_published_file_sent_again_under_a_later_date_gives_warnings_only(data_dir: Path, tmp_path: Path) -> None:
    write_csv(folder(data_dir) / FIRST, first_file())
    build_site(data_dir, tmp_path / "output", tmp_path / "reports", AS_OF)
    shutil.copyfile(folder(data_dir) / FIRST, folder(data_dir) / AGAIN)
    summary = build_site(data_dir, tmp_path / "output", tmp_path / "reports", AS_OF)
    assert [line.split() for line in summary.splitlines()[1:]] == [
        ["部门", "读取", "公示", "拒绝", "移出", "取代", "到期", "重复"], ["scjgj", "6", "3", "0", "0", "0", "0", "3"]]
    report = json_report(tmp_path / "reports")
    assert report["states"] == {"read": 6, "published": 3, "rejected": 0, "withdrawn": 0, "superseded": 0, "expired": 0, "repeated": 3}
    again = report["files"][0]
    assert (again["name"], again["new"], again["errors"], again["rejected"]) == (AGAIN, True, [], 0)
    assert [(p["row"], p["column"], p["code"]) for p in again["warnings"]] == [(n, "决定文书号", "already-published") for n in (2, 3, 4)]
    assert again["warnings"][0]["message"].startswith("该条目已公示，无需重复报送")
    assert f"submissions/scjgj/{FIRST} 第 2 行" in again["warnings"][0]["message"]
    assert again["next_steps"] == ["第 2、3、4 行与已公示的条目完全相同，无需处理；以后只需报送新增或有改动的条目。"]
    assert again["states"]["repeated"] == 3 and report["files"][1]["states"]["published"] == 3  # the first file's rows stay the versions


def test_a_changed_row_sent_again_is_a_duplicate_key_naming_the_columns(data_dir: Path) -> None:
    write_csv(folder(data_dir) / FIRST, first_file())
    write_csv(folder(data_dir) / AGAIN, [
        black_org(列入事由="发布虚假广告（更正）", 公示截止日期="2027-01-31"),  # changed in two columns
        black_org(统一社会信用代码=OTHER_USCC, 决定文书号="武昌市监罚〔2024〕2号", 主体名称="乙示例公司", 备注="内部备注不同"),  # 备注 is not published
        red_person(公示截止日期="2027-12-31"),  # the 红名单's default end written out: the same end in force
        red_person(决定文书号="武昌人社〔2025〕1号", 主体名称="李示例（更名）"),
    ])
    dataset = compile_dataset(data_dir, AS_OF)
    again = next(r for r in dataset.reports if r.path.endswith(AGAIN))
    assert flat(again) == [(2, "决定文书号", "duplicate-key"), (3, "决定文书号", "already-published"),
                           (4, "决定文书号", "already-published"), (5, "决定文书号", "duplicate-key")]
    messages = [p.message for p in again.errors]
    assert "本行的“列入事由”、“公示截止日期”与它不同" in messages[0] and "请把“操作”填为“更新”" in messages[0]
    assert "本行的“主体名称”与它不同" in messages[1]
    assert dataset.department_states("scjgj")["repeated"] == 2 and dataset.department_states("scjgj")["rejected"] == 2


def test_an_update_after_a_repeat_supersedes_the_entry_once(data_dir: Path) -> None:
    write_csv(folder(data_dir) / FIRST, [black_org()])
    write_csv(folder(data_dir) / "2025-01-01-重报.csv", [black_org()])
    write_csv(folder(data_dir) / "2025-06-01-更新.csv", [black_org(操作="更新", 列入事由="更新后的事由")])
    dataset = compile_dataset(data_dir, AS_OF)
    assert [dict(dataset.merged.states[f"submissions/scjgj/{name}"]) for name in (FIRST, "2025-01-01-重报.csv", "2025-06-01-更新.csv")] == [
        {"published": 0, "rejected": 0, "withdrawn": 0, "superseded": 1, "expired": 0, "repeated": 0},
        {"published": 0, "rejected": 0, "withdrawn": 0, "superseded": 0, "expired": 0, "repeated": 1},
        {"published": 1, "rejected": 0, "withdrawn": 0, "superseded": 0, "expired": 0, "repeated": 0},
    ]
    assert [e.values["列入事由"] for e in dataset.merged.entries] == ["更新后的事由"]


# --- what the report shows first ------------------------------------------------

def test_the_newest_file_is_on_top_and_earlier_ones_are_folded_newest_first(data_dir: Path, tmp_path: Path) -> None:
    write_csv(folder(data_dir) / "2024-9-1-黑名单.csv", [black_org()])  # 2024-9-1 before 2024-10-01
    write_csv(folder(data_dir) / "2024-10-01-黑名单.csv", [black_org(统一社会信用代码=OTHER_USCC, 决定文书号="武昌市监罚〔2024〕2号")])
    write_csv(folder(data_dir) / "2025-02-01-红名单.csv", [red_person(认定日期="2025-13-01")])
    reports.write_reports(compile_dataset(data_dir, AS_OF), tmp_path / "reports")
    report = json_report(tmp_path / "reports")
    assert [(f["name"], f["new"]) for f in report["files"]] == [
        ("2025-02-01-红名单.csv", True), ("2024-10-01-黑名单.csv", False), ("2024-9-1-黑名单.csv", False)]
    page = report_page(tmp_path / "reports" / "scjgj.html")
    headings = [(tag, text) for tag, text in page if tag in ("h2", "h3", "summary")]
    assert headings == [
        ("h2", "最新报送的文件"), ("h3", "2025-02-01-红名单.csv"),
        ("h2", "以前报送的文件（只列行数）"), ("summary", "2024-10-01-黑名单.csv：数据行 1，接受 1，拒绝 0"),
        ("summary", "2024-9-1-黑名单.csv：数据行 1，接受 1，拒绝 0"), ("h2", "全部文件合计（历年）")]
    steps = page.index(("p", "下一步："))
    assert page[steps + 1:steps + 4] == [("li", FIX_ROWS.format(rows="第 2 行")), ("tr", ["行", "列", "类型", "代码", "说明"]), page[steps + 3]]
    assert page[steps + 3][1][:4] == ["2", "认定日期", "错误", "bad-date"]


def test_after_an_earlier_report_only_the_files_it_did_not_list_are_on_top(data_dir: Path, tmp_path: Path) -> None:
    write_csv(folder(data_dir) / "2024-01-01-黑名单.csv", [black_org(认定日期="2023-12-01")])
    write_csv(folder(data_dir) / "2024-02-01-黑名单.csv", [black_org(统一社会信用代码=OTHER_USCC, 决定文书号="武昌市监罚〔2024〕2号", 认定日期="2024-01-05")])
    reports_dir = tmp_path / "reports"
    first_day = dt.date(2024, 3, 1)
    reports.write_reports(compile_dataset(data_dir, first_day), reports_dir)
    assert [(f["name"], f["new"]) for f in json_report(reports_dir)["files"]] == [("2024-02-01-黑名单.csv", True), ("2024-01-01-黑名单.csv", False)]
    write_csv(folder(data_dir) / "2024-03-01-晚到.csv", [withdrawal(决定文书号="武昌市监罚〔2024〕2号", 统一社会信用代码=OTHER_USCC)])  # same day, after that build
    write_csv(folder(data_dir) / "2024-05-01-黑名单.csv", [black_org(操作="更新", 列入事由="更正")])
    reports.write_reports(compile_dataset(data_dir, AS_OF), reports_dir)
    later = json_report(reports_dir)
    assert later["previous_as_of"] == "2024-03-01"
    assert [(f["name"], f["new"]) for f in later["files"]] == [
        ("2024-05-01-黑名单.csv", True), ("2024-03-01-晚到.csv", True), ("2024-02-01-黑名单.csv", False), ("2024-01-01-黑名单.csv", False)]
    assert ("h2", "本次报送（2024-03-01 的报告之后收到的文件）") in report_page(reports_dir / "scjgj.html")
    reports.write_reports(compile_dataset(data_dir, AS_OF), reports_dir)  # built again the same day: the same report
    assert json_report(reports_dir) == later
    reports.write_reports(compile_dataset(data_dir, AS_OF + dt.timedelta(days=1)), reports_dir)  # the next day, nothing new
    assert [f["new"] for f in json_report(reports_dir)["files"]] == [False] * 4
    assert ("p", f"自 {AS_OF} 的报告以来，没有收到本部门新的红黑名单报送文件。") in report_page(reports_dir / "scjgj.html")


def test_a_broken_previous_report_counts_as_none(data_dir: Path, tmp_path: Path) -> None:
    write_csv(folder(data_dir) / "2024-01-01-黑名单.csv", [black_org()])
    write_csv(folder(data_dir) / "2024-02-01-黑名单.csv", [black_org(统一社会信用代码=OTHER_USCC, 决定文书号="武昌市监罚〔2024〕2号")])
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "scjgj.json").write_text("{not json", encoding="utf-8")
    reports.write_reports(compile_dataset(data_dir, AS_OF), tmp_path / "reports")
    assert [f["new"] for f in json_report(tmp_path / "reports")["files"]] == [True, False]


# --- the next step, by kind of problem ----------------------------------------------

FIX_ROWS = ("{rows}被拒绝，没有公示：请只把以下被拒绝的行按下表的说明改正后，另存为一个新文件报送（文件名以报送日期开头），"
            "“操作”照原样填写（原来是“新增”的仍填“新增”）。其余的行已经处理，不必再报送。")


@pytest.mark.parametrize(("rows", "expected"), [
    pytest.param([black_org(统一社会信用代码=OTHER_USCC, 决定文书号="5号")], ["全部 1 行已处理，无需再做什么。"], id="all-done"),
    pytest.param([black_org(统一社会信用代码=OTHER_USCC, 决定文书号="5号", 认定日期="2024/13/01"), black_org(决定文书号="6号", 认定日期="2099-01-01")],
                 [FIX_ROWS.format(rows="第 2、3 行")], id="rows-to-fix"),
    pytest.param([black_org(列入事由="改过")], ["第 2 行：该条目已经公示，但这些行的内容与它不同（不同的列见下表）。要改成这些行的内容，请把“操作”改用“更新”，"
                                          "另存为一个新文件报送这些行；若是另一个条目，请核对决定文书号和代码。"], id="duplicate-key"),
    pytest.param([withdrawal(决定文书号="9号")], ["第 2 行：找不到要更新或移出的条目。请核对决定文书号和统一社会信用代码（自然人为身份证件号码）与当初报送的一字不差，"
                                             "改正后另存为一个新文件报送这些行；若该条目从未公示过，请把“操作”改为“新增”。"], id="unknown-key"),
    pytest.param([black_org(), black_org(统一社会信用代码=OTHER_USCC, 决定文书号="5号", 领域="")] + [["", ""]],
                 ["第 2 行与已公示的条目完全相同，无需处理；以后只需报送新增或有改动的条目。", "另有 1 条提示，不影响公示，下次报送时请留意。"], id="repeat-and-warning"),
])
def test_each_kind_of_problem_gets_its_next_step(data_dir: Path, rows: list, expected: list[str]) -> None:
    write_csv(folder(data_dir) / FIRST, [black_org()])
    write_csv(folder(data_dir) / "2026-11-01-新.csv", rows)
    dataset = compile_dataset(data_dir, AS_OF)
    assert next_steps(next(r for r in dataset.reports if r.path.endswith("2026-11-01-新.csv"))) == expected


@pytest.mark.parametrize(("name", "header", "expected"), [
    pytest.param("2026-11-01-缺列.csv", ("名单类型", "主体名称"),
                 "整个文件未处理，其中的行一行也没有公示：请按下表“整个文件”一行的说明改正后，把整个文件重新报送（文件名以新的报送日期开头，“操作”照原样填写）。",
                 id="whole-file"),
    pytest.param("黑名单.csv", None, "整个文件未处理：文件名没有以报送日期开头。请把文件改名为“报送日期-内容”（如 2026-11-30-黑名单.csv）后，把整个文件重新报送。",
                 id="no-date-in-name"),
])
def test_a_file_not_processed_is_to_be_sent_again_whole(data_dir: Path, name: str, header: tuple | None, expected: str) -> None:
    write_csv(folder(data_dir) / FIRST, [black_org()])
    write_csv(folder(data_dir) / name, [black_org(统一社会信用代码=OTHER_USCC, 决定文书号="5号")], *((header,) if header else ()))
    dataset = compile_dataset(data_dir, AS_OF)
    refused = next(r for r in dataset.reports if r.path.endswith(f"/{name}"))
    assert next_steps(refused) == [expected]
    first = reports.department_report(dataset, "scjgj")["files"][0]
    assert (first["name"], first["new"]) == (name, True)  # a refused file is on top


# --- build_lists.py report ------------------------------------------------------

def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def built(data_dir: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Two files built as of AS_OF (the later with a rejected row and a repeat), then the reports folder."""
    write_csv(folder(data_dir) / FIRST, first_file())
    write_csv(folder(data_dir) / "2026-11-20-补充.csv", [black_org(), black_org(统一社会信用代码=ORG_USCC, 决定文书号="3号", 认定日期="2024/13/01")])
    build_site(data_dir, tmp_path / "output", tmp_path / "reports", AS_OF)
    return data_dir, tmp_path / "reports"


def test_the_report_command_writes_what_the_build_wrote(built: tuple[Path, Path], tmp_path: Path) -> None:
    data_dir, reports_dir = built
    common = ("--data", str(data_dir), "--as-of", AS_OF.isoformat(), "--reports", str(reports_dir))
    for suffix in (".html", ".json"):
        target = tmp_path / "handed" / f"scjgj{suffix}"
        code, out, _ = run_cli("report", "scjgj", *common, "--output", str(target))
        assert (code, out.strip()) == (0, f"已写入 {target}（内部文件，含身份证件号码，不得公开）")
        assert target.read_bytes() == (reports_dir / f"scjgj{suffix}").read_bytes()
    code, out, _ = run_cli("report", "scjgj", *common)
    content = json_report(reports_dir)
    assert (code, out) == (0, reports.render_text(content, "市场监管（示例）") + "\n")
    lines = out.splitlines()
    assert lines[1:4] == ["最新报送的文件：", "  2026-11-20-补充.csv（红黑名单报送，编码 UTF-8）：数据行 2，接受 1，拒绝 1",
                          f"    下一步：{FIX_ROWS.format(rows='第 3 行')}"]
    assert lines[-3:] == ["以前报送的文件（只列行数）：", f"  {FIRST}（红黑名单报送，编码 UTF-8）：数据行 3，接受 3，拒绝 0",
                          "全部文件合计（历年）：读取行数 5，公示中 3，被拒绝 1，已移出 0，被更新取代 0，已到期 0，重复报送（无需改动） 1"]


def test_the_report_command_keeps_the_notices_of_the_build_of_that_day(built: tuple[Path, Path], tmp_path: Path) -> None:
    data_dir, reports_dir = built
    dataset = compile_dataset(data_dir, AS_OF)
    reports.write_reports(dataset, reports_dir, {"scjgj": ["本次构建照常发布了本部门条目的减少（--accept-shrink scjgj）。"]})
    target = tmp_path / "scjgj.html"
    assert run_cli("report", "scjgj", "--data", str(data_dir), "--as-of", AS_OF.isoformat(), "--reports", str(reports_dir),
                   "--output", str(target))[0] == 0
    assert target.read_bytes() == (reports_dir / "scjgj.html").read_bytes()
    assert report_page(target)[2] == ("p", "本次构建照常发布了本部门条目的减少（--accept-shrink scjgj）。")  # at the top


def test_the_report_command_refuses_what_it_must_not_write(built: tuple[Path, Path], tmp_path: Path) -> None:
    data_dir, reports_dir = built
    common = ("--data", str(data_dir), "--as-of", AS_OF.isoformat(), "--reports", str(reports_dir))
    site_file = tmp_path / "output" / "scjgj.html"
    refused = {
        "txt": (tmp_path / "scjgj.txt", "须以 .html（网页，交给部门）或 .json（给程序读）结尾"),
        "data": (data_dir / "scjgj.html", "位于数据文件夹"),
        "site": (site_file, "位于构建生成的公开网站文件夹中"),
    }
    for target, message in refused.values():
        code, _, err = run_cli("report", "scjgj", *common, "--output", str(target))
        assert (code, message in err, target.exists()) == (2, True, False), target
    code, _, err = run_cli("report", "nosuch", *common)
    assert (code, err.strip()) == (2, "报告未生成：“nosuch”不是已登记的部门代码，也没有这个名称的文件夹的文件。")
