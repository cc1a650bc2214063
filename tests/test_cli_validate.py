"""``build_lists.py validate``: JSON report, exit codes, department, replay of earlier files."""

from __future__ import annotations

import json

import pytest

from credit_rows import PERSON_ID, black_org, red_person, withdrawal, write_csv
from creditlists.cli import main


@pytest.fixture
def run_validate(data_dir, capsys):
    """Run ``validate --json`` against ``data_dir`` as of 2026-11-29; return (exit code, JSON)."""

    def run(*args: str) -> tuple[int, dict]:
        code = main(["validate", "--json", "--data", str(data_dir), "--as-of", "2026-11-29", *map(str, args)])
        return code, json.loads(capsys.readouterr().out)

    return run


def problems(document: dict, kind: str = "errors") -> list[tuple]:
    return [(p["row"], p["column"], p["code"]) for f in document["files"] for p in f[kind]]


def test_reports_each_error_on_its_row(run_validate, tmp_path):
    path = write_csv(tmp_path / "inbox" / "scjgj" / "2026-11-01-黑名单.csv", [
        black_org(),
        black_org(统一社会信用代码="9.14201E+17", 决定文书号="2号"),
        ["", ""],
        black_org(认定日期="2024/13/01", 决定文书号="3号"),
        black_org(列入事由="重复", 决定文书号="武昌市监罚〔2024〕1号"),
    ])
    code, document = run_validate(path)
    assert code == 1 and document["valid"] is False
    assert problems(document) == [
        (3, "统一社会信用代码", "identifier-as-number"),
        (5, "认定日期", "bad-date"),
        (6, "决定文书号", "duplicate-key"),
    ]
    assert problems(document, "warnings") == [(4, None, "blank-row")]
    (report,) = document["files"]
    assert (report["department"], report["encoding"], report["rows"], report["accepted"], report["rejected"]) == ("scjgj", "utf-8", 4, 1, 3)
    assert [(p["row"], p["column_number"], p["message"]) for p in report["errors"] + report["warnings"]] == [
        (3, 4, "“统一社会信用代码”被 Excel 存成了数字（9.14201E+17），后几位已经丢失。"
               "请把该列单元格格式设为“文本”后重新输入完整号码，或在号码前加英文单引号 '。"),
        (5, 12, "“认定日期”的“2024/13/01”不是有效日期。请写成 2024-03-05、2024/3/5 或 2024年3月5日。"),
        (6, 11, f"该条目已经存在（同一部门、决定文书号和代码，首次见于 {path} 第 2 行），本行的“列入事由”与它不同。"
                "要把它改成本行的内容，请把“操作”填为“更新”；若本行是另一个条目，请核对决定文书号和代码。"),
        (4, None, "空行，已跳过。"),
    ]
    assert document["stats"] == {"files": 1, "rows": 4, "accepted": 1, "rejected": 3, "errors": 3, "warnings": 1}


def test_warnings_only_exit_zero(run_validate, tmp_path):
    path = write_csv(tmp_path / "scjgj" / "2024-06-01-a.csv", [black_org(移出原因="撤销"), ["", ""]])
    code, document = run_validate(path)
    assert code == 0 and document["valid"] is True
    assert problems(document, "warnings") == [(2, "移出原因", "withdrawal-reason-not-needed"), (3, None, "blank-row")]


def test_clean_file_exits_zero(run_validate, tmp_path):
    code, document = run_validate(write_csv(tmp_path / "rsj" / "2024-06-01-a.csv", [red_person()]))
    assert (code, problems(document), problems(document, "warnings")) == (0, [], [])


def test_one_bad_file_among_several_exits_one(run_validate, tmp_path):
    good = write_csv(tmp_path / "rsj" / "2024-06-01-a.csv", [red_person()])
    bad = write_csv(tmp_path / "scjgj" / "2024-06-01-b.csv", [black_org(名单类型="白名单")])
    code, document = run_validate(good, bad)
    assert (code, document["valid"]) == (1, False)
    assert [(f["department"], f["rejected"], [(p["row"], p["column"], p["code"]) for p in f["errors"]]) for f in document["files"]] == [
        ("rsj", 0, []), ("scjgj", 1, [(2, "名单类型", "bad-list-type")])]
    assert document["stats"] == {"files": 2, "rows": 2, "accepted": 1, "rejected": 1, "errors": 1, "warnings": 0}


def test_missing_file_exits_two(data_dir, tmp_path, capsys):
    code = main(["validate", "--data", str(data_dir), str(tmp_path / "scjgj" / "nowhere.csv")])
    assert code == 2
    assert capsys.readouterr() == ("", f"找不到文件：{tmp_path / 'scjgj' / 'nowhere.csv'}\n")


@pytest.mark.parametrize("argv", [
    pytest.param(["validate"], id="no-path"),
    pytest.param(["validate", "--as-of", "2026-13-01", "x.csv"], id="bad-date"),
    pytest.param(["check", "x.csv"], id="unknown-command"),
])
def test_bad_usage_exits_two(argv):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2


def test_unusable_data_folder_exits_two(tmp_path, capsys):
    path = write_csv(tmp_path / "scjgj" / "a.csv", [black_org()])
    assert main(["validate", "--data", str(tmp_path / "no-data"), str(path)]) == 2
    assert capsys.readouterr() == ("", "数据文件夹有问题：找不到部门登记表 departments.csv\n")


def test_department_is_the_folder_name(run_validate, tmp_path):
    code, document = run_validate(write_csv(tmp_path / "rsj" / "2024-06-01-a.csv", [red_person()]))
    assert (code, document["files"][0]["department"]) == (0, "rsj")


def test_department_option_overrides_the_folder(run_validate, tmp_path):
    code, document = run_validate("--department", "scjgj", write_csv(tmp_path / "downloads" / "2024-06-01-a.csv", [black_org()]))
    assert (code, document["files"][0]["department"]) == (0, "scjgj")


def test_unregistered_folder_is_an_unknown_department(run_validate, tmp_path):
    code, document = run_validate(write_csv(tmp_path / "downloads" / "a.csv", [black_org()]))
    assert code == 1
    assert problems(document) == [(None, None, "unknown-department")]


def submit(data_dir, name: str, rows: list, department: str = "scjgj"):
    return write_csv(data_dir / "submissions" / department / name, rows)


def test_update_of_an_entry_from_an_earlier_file_is_accepted(run_validate, data_dir, tmp_path):
    submit(data_dir, "2024-04-01-黑名单.csv", [black_org()])
    path = write_csv(tmp_path / "scjgj" / "2024-06-01-更新.csv", [black_org(操作="更新", 列入事由="新事由"), withdrawal(决定文书号="9号")])
    code, document = run_validate(path)
    assert (code, problems(document)) == (1, [(3, "决定文书号", "unknown-key")])
    assert document["files"][0]["accepted"] == 1


def test_withdrawal_of_a_person_from_an_earlier_file_is_accepted(run_validate, data_dir, tmp_path):
    submit(data_dir, "2025-01-01-红名单.csv", [red_person()], department="rsj")
    path = write_csv(tmp_path / "rsj" / "2025-06-01-移出.csv", [
        {"主体类型": "自然人", "身份证件号码": PERSON_ID, "决定文书号": "武昌人社〔2025〕1号", "操作": "移出", "移出原因": "信用修复"},
    ])
    code, document = run_validate(path)
    assert (code, problems(document)) == (0, [])


def test_later_files_are_not_replayed(run_validate, data_dir, tmp_path):
    submit(data_dir, "2024-09-01-黑名单.csv", [black_org()])
    path = write_csv(tmp_path / "scjgj" / "2024-06-01-更新.csv", [black_org(操作="更新")])
    code, document = run_validate(path)
    assert (code, problems(document)) == (1, [(2, "决定文书号", "unknown-key")])


def test_other_departments_files_are_not_replayed(run_validate, data_dir, tmp_path):
    submit(data_dir, "2024-04-01-黑名单.csv", [black_org()], department="rsj")
    path = write_csv(tmp_path / "scjgj" / "2024-06-01-更新.csv", [black_org(操作="更新")])
    code, document = run_validate(path)
    assert (code, problems(document)) == (1, [(2, "决定文书号", "unknown-key")])


def test_checking_a_file_already_in_the_data_folder_does_not_clash_with_itself(run_validate, data_dir):
    submit(data_dir, "2024-04-01-黑名单.csv", [black_org()])
    path = submit(data_dir, "2024-06-01-更新.csv", [black_org(操作="更新", 列入事由="新事由")])
    code, document = run_validate(path)
    assert (code, problems(document)) == (0, [])
    assert document["files"][0]["path"] == "submissions/scjgj/2024-06-01-更新.csv"


def test_earlier_file_with_a_broken_quote_does_not_crash_validate(run_validate, data_dir, tmp_path):
    broken = data_dir / "submissions" / "scjgj" / "2024-01-01-坏.csv"
    broken.parent.mkdir(parents=True)
    broken.write_bytes("名单类型,主体名称\r\n黑名单,\"未闭合\r\n".encode())
    code, document = run_validate(write_csv(tmp_path / "scjgj" / "2024-06-01-a.csv", [black_org()]))
    assert (code, problems(document)) == (0, [])


def test_plain_output_names_the_row(data_dir, tmp_path, capsys):
    path = write_csv(tmp_path / "scjgj" / "2024-06-01-a.csv", [black_org(), black_org(名单类型="白名单", 决定文书号="2号")])
    code = main(["validate", "--data", str(data_dir), "--as-of", "2026-11-29", str(path)])
    out = capsys.readouterr().out
    assert code == 1
    assert [line.split() for line in out.splitlines()] == [
        [f"{path}（部门", "scjgj，编码", "UTF-8）：数据行", "2，接受", "1，拒绝", "1"],
        ["第", "3", "行", "错误", "bad-list-type", "［名单类型］“白名单”不是有效的名单类型。请填写“红名单”或“黑名单”。"],
    ]


def test_several_checked_files_are_replayed_in_name_order(tmp_path, capsys):
    """An 更新 file checked together with the file that adds the entry, given in the wrong order."""
    import json as json_module
    import shutil

    from credit_rows import DEPARTMENTS_CSV, ROOT, black_org, write_csv
    from creditlists.cli import main

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "vocab", data / "vocab")
    (data / "departments.csv").write_text(DEPARTMENTS_CSV, encoding="utf-8")
    folder = data / "submissions" / "scjgj"
    write_csv(folder / "2024-01-01-新增.csv", [black_org()])
    write_csv(folder / "2024-02-01-更新.csv", [black_org(操作="更新", 列入事由="更正后的事由")])
    code = main(["validate", "--json", "--data", str(data), "--as-of", "2026-11-29",
                 str(folder / "2024-02-01-更新.csv"), str(folder / "2024-01-01-新增.csv")])
    result = json_module.loads(capsys.readouterr().out)
    assert code == 0, result
    assert [(f["path"].rsplit("/", 1)[-1], f["accepted"], f["errors"]) for f in result["files"]] == [
        ("2024-02-01-更新.csv", 1, []), ("2024-01-01-新增.csv", 1, [])]
