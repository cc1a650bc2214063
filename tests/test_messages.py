"""What a clerk reads (issue 13): messages without repository paths, the register and the nearest terms
named, usage errors in Chinese, encodings as people know them, a template that draws no warning and
offers drop-downs, and check-character messages that never give the character away.
"""

from __future__ import annotations

import importlib.util
import json
import random
import re
import shutil
import string
import sys
from pathlib import Path

import openpyxl
import pytest

from credit_rows import AS_OF, ROOT, black_org, red_person, write_csv, write_xlsx
from creditlists import schema as s
from creditlists.cli import main
from creditlists.intake.identifiers import USCC_ALPHABET, id_check_char, is_resident_id, uscc_check_char
from creditlists.intake.problems import CODES
from creditlists.intake.vocab import closest_terms, load_vocabulary
from creditlists.pipeline import check_files

TEMPLATE = ROOT / "data" / "templates" / "报送模板.xlsx"
# What gives a message away as written for someone with the checkout open.
PATH_MARKERS = ("data/", "templates/", "submissions/", "vocab/", "matters/", "usage/", "departments.csv", "creditlists/", ".py")
REPOSITORY_FILES = sorted({p.name for p in (ROOT / "data").rglob("*") if p.is_file() and p.suffix in (".csv", ".xlsx")})


def repository_paths(text: str) -> list[str]:
    """The folders and file names of the repository that ``text`` mentions."""
    return [marker for marker in dict.fromkeys((*PATH_MARKERS, *REPOSITORY_FILES)) if marker in text]


def test_the_scan_finds_the_paths_the_old_messages_had():
    """Before issue 13, empty-file, missing-column and unknown-department sent the clerk to the checkout."""
    old_empty_file = "文件是空的，没有表头也没有数据。请使用 data/templates/ 中的报送模板填写后重新报送。"
    old_unknown_department = "部门代码“{department}”不在 data/departments.csv 中。请先登记部门，或把文件放到正确的部门文件夹。"
    assert repository_paths(old_empty_file) == ["data/", "templates/"]
    assert repository_paths(old_unknown_department) == ["data/", "departments.csv"]
    assert "departments.csv" in REPOSITORY_FILES and "red-categories.csv" in REPOSITORY_FILES


def test_no_message_names_a_repository_path():
    assert {code: repository_paths(template) for code, (_, template) in CODES.items() if repository_paths(template)} == {}


def test_the_template_is_named_as_the_clerk_finds_it():
    for code in ("empty-file", "missing-column"):
        assert "本站“报送指南”页的报送模板" in CODES[code][1]


# --- unknown department --------------------------------------------------------------------

def validate_json(data_dir: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    code = main(["validate", "--json", "--data", str(data_dir), "--as-of", AS_OF.isoformat(), *args])
    return code, json.loads(capsys.readouterr().out)


def test_an_unknown_department_lists_the_registered_codes_and_names(data_dir, tmp_path, capsys):
    path = write_csv(tmp_path / "桌面" / "2026-11-01-黑名单.csv", [black_org()])
    code, document = validate_json(data_dir, str(path), capsys=capsys)
    (found,) = document["files"][0]["errors"]
    assert (code, found["code"]) == (1, "unknown-department")
    assert found["message"] == (
        "“桌面”不是已登记的部门代码，文件未处理。部门代码取自文件所在文件夹的名称（事项清单和使用情况季报取自文件名）。"
        "已登记的部门：scjgj（市场监管（示例））、rsj（人社（示例））。"
        "请把文件放在以本部门代码命名的文件夹中，或校验时用 --department 指定部门代码；不在其中的部门请先请区信用办登记。")
    assert repository_paths(found["message"]) == []


# --- the command line in Chinese -------------------------------------------------------------

ENGLISH = re.compile(r"usage|error|required|invalid|unrecognized|argument|choose|expected", re.IGNORECASE)


@pytest.mark.parametrize(("argv", "said"), [
    pytest.param(["validate"], "build_lists.py validate：错误：缺少必须给出的参数：文件", id="validate-without-a-file"),
    pytest.param(["validate", "--json"], "build_lists.py validate：错误：缺少必须给出的参数：文件", id="validate-json-without-a-file"),
    pytest.param([], "build_lists.py：错误：缺少必须给出的参数：命令", id="no-command"),
    pytest.param(["check", "x.csv"], "build_lists.py：错误：命令：没有“check”，可选：validate、build", id="unknown-command"),
    pytest.param(["validate", "x.csv", "--foo"], "build_lists.py：错误：无法识别的参数：--foo", id="unknown-option"),
    pytest.param(["build", "--data"], "build_lists.py build：错误：--data 后面须跟一个值", id="option-without-its-value"),
    pytest.param(["validate", "--as-of", "2026-13-01", "x.csv"], "build_lists.py validate：错误：--as-of：日期须为 YYYY-MM-DD：2026-13-01",
                 id="bad-date"),
])
def test_usage_errors_are_in_chinese_and_exit_two(argv, said, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    out, err = capsys.readouterr()
    assert (exit_info.value.code, out) == (2, "")
    assert err.startswith("用法：build_lists.py") and said in err and err.endswith("\n")
    assert ENGLISH.findall(err) == []


def test_help_is_in_chinese(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", "-h"])
    out = capsys.readouterr().out
    assert exit_info.value.code == 0
    assert out.startswith("用法：build_lists.py validate") and "显示本帮助并退出" in out and "--department 部门代码" in out
    assert re.findall(r"usage|positional arguments|options:|show this help", out) == []


# --- encodings --------------------------------------------------------------------------------

def test_encodings_are_named_as_a_clerk_knows_them(data_dir, tmp_path, capsys):
    folder = tmp_path / "scjgj"
    files = [write_csv(folder / "2026-11-01-a.csv", [black_org()], encoding="utf-8-sig"),
             write_csv(folder / "2026-11-02-b.csv", [black_org(决定文书号="2号")], encoding="gb18030"),
             write_xlsx(folder / "2026-11-03-c.xlsx", [black_org(决定文书号="3号")])]
    (folder / "2026-11-04-d.csv").write_bytes(b"\xff\xfe\x00\xd8 broken")  # UTF-16's BOM: Excel's "Unicode 文本"
    _, document = validate_json(data_dir, *map(str, files), str(folder / "2026-11-04-d.csv"), capsys=capsys)
    labels = [(f["encoding"], f["encoding_label"]) for f in document["files"]]
    assert labels == [("utf-8-sig", "UTF-8（带 BOM）"), ("gb18030", "GBK/GB18030"), ("xlsx", "Excel 工作簿（.xlsx）"), (None, "UTF-16（不能读取）")]
    main(["validate", "--data", str(data_dir), "--as-of", AS_OF.isoformat(), *map(str, files)])
    text = capsys.readouterr().out
    assert "编码 UTF-8（带 BOM））" in text and "编码 GBK/GB18030）" in text and "gb18030" not in text and "utf-8-sig" not in text


def test_a_file_never_read_has_no_encoding_rather_than_an_unrecognised_one(data_dir, tmp_path, capsys):
    path = write_csv(tmp_path / "桌面" / "2026-11-01-黑名单.csv", [black_org()])
    main(["validate", "--data", str(data_dir), "--as-of", AS_OF.isoformat(), str(path)])
    first = capsys.readouterr().out.splitlines()[0]
    assert first == f"{path}（部门 桌面，编码 —）：数据行 0，接受 0，拒绝 0"


def test_an_undecodable_file_says_so(data_dir, tmp_path, capsys):
    path = tmp_path / "scjgj" / "2026-11-01-a.csv"
    path.parent.mkdir()
    path.write_bytes(b"a,b\r\n\xff\xff,\x81\r\n")  # neither UTF-8 nor GB18030
    _, document = validate_json(data_dir, str(path), capsys=capsys)
    assert [(f["encoding"], f["encoding_label"], [p["code"] for p in f["errors"]]) for f in document["files"]] == [
        (None, "无法识别", ["encoding-error"])]


# --- the official template ------------------------------------------------------------------

def filled_template(folder: Path, name: str = "2026-11-01-黑名单.xlsx", extra_sheet: str | None = None) -> Path:
    """A copy of data/templates/报送模板.xlsx with one valid row written into its data sheet, as a clerk fills it."""
    path = folder / "scjgj" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(TEMPLATE, path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[s.TEMPLATE_SHEET]
    header = [c.value for c in sheet[1]]
    values = black_org()
    for index, column in enumerate(header, start=1):
        sheet.cell(row=2, column=index, value=values[column] or None)
    if extra_sheet:
        workbook.create_sheet(extra_sheet)
    workbook.save(path)
    return path


def test_the_template_has_the_sheets_reading_recognises():
    assert openpyxl.load_workbook(TEMPLATE).sheetnames == [s.TEMPLATE_SHEET, *s.TEMPLATE_EXTRA_SHEETS] == ["报送模板", "填写说明", "可选值"]


def test_the_filled_in_template_validates_without_any_warning(data_dir, tmp_path):
    path = filled_template(tmp_path)
    run = check_files([path], data_dir, AS_OF)
    assert (run.flatten(), run.stats()["accepted"], run.valid) == ([], 1, True)


def test_an_unknown_extra_sheet_still_warns_and_names_only_itself(data_dir, tmp_path):
    path = filled_template(tmp_path, extra_sheet="Sheet2")
    run = check_files([path], data_dir, AS_OF)
    assert run.flatten() == [(str(path), None, None, "extra-sheets")]
    assert run.files[0].problems[0].message.startswith("工作簿有多个工作表，只读取了第一个“报送模板”，其余（Sheet2）未读取。")


def validation_of(sheet, column: str):
    """The data validation covering row 2 of ``column`` (a template column name)."""
    letter = openpyxl.utils.get_column_letter(s.TEMPLATE_COLUMNS.index(column) + 1)
    found = [v for v in sheet.data_validations.dataValidation if f"{letter}2" in v.sqref]
    assert len(found) == 1, column
    return found[0]


def range_values(workbook, reference: str) -> list[str]:
    """The values of a reference such as '可选值'!$A$2:$A$9."""
    sheet, cells = re.fullmatch(r"'([^']+)'!(\$[A-Z]+\$\d+:\$[A-Z]+\$\d+)", reference).groups()
    return [c.value for (c,) in workbook[sheet][cells.replace("$", "")]]


def test_category_and_domain_have_drop_downs_from_the_vocabulary():
    """类别 offers the red or the black categories by the row's 名单类型; 领域 the key domains."""
    vocabulary = load_vocabulary(ROOT / "data")
    workbook = openpyxl.load_workbook(TEMPLATE)
    sheet = workbook[s.TEMPLATE_SHEET]
    category = validation_of(sheet, s.CATEGORY)
    match = re.fullmatch(r'IF\(\$A2="红名单",([^,]+),([^,]+)\)', category.formula1)
    assert category.type == "list" and match, category.formula1
    red, black = (range_values(workbook, reference) for reference in match.groups())
    assert (red, black) == (list(vocabulary.categories[s.RED]), list(vocabulary.categories[s.BLACK]))
    assert "名单类型" in category.prompt and category.showInputMessage
    domain = validation_of(sheet, s.DOMAIN)
    assert domain.type == "list" and range_values(workbook, domain.formula1) == list(vocabulary.domains)
    assert validation_of(sheet, s.LIST_TYPE).formula1 == '"红名单,黑名单"'


def test_the_committed_template_is_what_the_tool_writes(tmp_path, monkeypatch):
    """data/templates/报送模板.xlsx is regenerated by ``make_sample_data.py --templates-only``: no hand edits, no stale rules."""
    spec = importlib.util.spec_from_file_location("make_sample_data", ROOT / "tools" / "make_sample_data.py")
    tool = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "make_sample_data", tool)  # its dataclasses look their module up
    spec.loader.exec_module(tool)
    tool.write_templates(tmp_path, ROOT / "data" / "vocab")
    assert (tmp_path / "报送模板.xlsx").read_bytes() == TEMPLATE.read_bytes()


# --- did you mean -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def words():
    return load_vocabulary(ROOT / "data")


@pytest.mark.parametrize(("value", "kind", "first"), [
    ("食品安全", s.BLACK, "食品药品"),
    ("虚假宣传", s.BLACK, "虚假广告"),
    ("无照经营", s.BLACK, "无证照经营"),
    ("拖欠工资", s.BLACK, "拖欠农民工工资"),
    ("诚信纳税人", s.RED, "诚信纳税"),
    ("环保", "领域", "环境保护"),
    ("食品药品安全", "领域", "食品药品"),
])
def test_the_closest_terms_come_first(words, value, kind, first):
    names = words.domains if kind == "领域" else words.categories[kind]
    found = closest_terms(value, names)
    assert found[0] == first and 1 <= len(found) <= 3


def test_nothing_is_offered_when_nothing_is_close(words):
    assert (closest_terms("体育", words.domains), closest_terms("优秀企业", words.categories[s.RED])) == ([], [])


def test_an_unknown_category_asks_did_you_mean(validate_csv, words):
    report = validate_csv([black_org(类别="食品安全"), black_org(类别="诚信纳税", 决定文书号="2号"), black_org(领域="体育", 决定文书号="3号")])
    messages = [p.message for p in report.ordered_problems]
    options = "、".join(words.categories[s.BLACK])
    assert messages[0] == f"“食品安全”不是黑名单的类别。是否为：食品药品、安全生产、消防安全？可选：{options}。"
    assert messages[1] == f"“诚信纳税”不是黑名单的类别。“诚信纳税”是红名单的类别，请核对“名单类型”。可选：{options}。"
    assert messages[2] == f"“体育”不是重点领域。可选：{'、'.join(words.domains)}；不属于重点领域请留空。"


# --- check characters -----------------------------------------------------------------------

def template_fields(code: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(CODES[code][1]) if name}


def wrong_usccs(rng: random.Random, count: int) -> list[str]:
    """Well-formed codes whose 18th character is wrong (and that are not ID numbers, which get their own code)."""
    found = []
    while len(found) < count:
        body = "9142" + "".join(rng.choice(USCC_ALPHABET) for _ in range(13))
        code = body + rng.choice([c for c in USCC_ALPHABET if c != uscc_check_char(body)])
        if not is_resident_id(code):
            found.append(code)
    return found


def wrong_ids(rng: random.Random, count: int) -> list[str]:
    found = []
    for _ in range(count):
        body = f"420106{rng.randint(1940, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
        found.append(body + rng.choice([c for c in "0123456789X" if c != id_check_char(body)]))
    return found


def test_the_check_character_messages_have_no_field_for_the_expected_character():
    assert (template_fields("bad-uscc-checksum"), template_fields("bad-id-checksum")) == ({"value"}, set())


def test_a_wrong_check_character_is_never_given_away(validate_csv):
    """A clerk told the right character changes the last one only, and a mistyped code becomes some other company's valid code."""
    rng = random.Random(13)
    codes, numbers = wrong_usccs(rng, 150), wrong_ids(rng, 150)
    rows = [black_org(统一社会信用代码=code, 决定文书号=f"{n}号") for n, code in enumerate(codes)]
    rows += [red_person(身份证件号码=number, 决定文书号=f"人{n}号") for n, number in enumerate(numbers)]
    report = validate_csv(rows)
    found = [(p.row, p.code, p.message) for p in report.ordered_problems]
    uscc_message, id_message = CODES["bad-uscc-checksum"][1], CODES["bad-id-checksum"][1]
    assert found == [(n + 2, "bad-uscc-checksum", uscc_message.format(value=code)) for n, code in enumerate(codes)] + [
        (n + 2 + len(codes), "bad-id-checksum", id_message) for n in range(len(numbers))]
    assert "不要只改最后一位" in uscc_message and "不要只改最后一位" in id_message
    assert set(report.to_dict()["errors"][0]) == {"row", "column", "column_number", "code", "message"}  # nothing else rides along
