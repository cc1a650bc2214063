"""Text that cannot disguise itself, and a length limit for every column (issue 12).

A character nobody sees (a control character such as ESC, a right-to-left
override, a zero-width space …) is an error in names, codes and numbers, named by
column, position and code point; in free text it is removed with a warning, and
a line break becomes one space. Every cell is NFKC-normalised except for the
full-width punctuation clerks type, and no cell is longer than its limit.
Assertions are on the flattened report ``[(row, column, code)]`` as in
test_rules.py.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from credit_rows import AS_OF, ORG_USCC, PERSON_ID, accepted_rows, black_org, csv_bytes, flat, make_data_dir, red_person, uscc, write_csv
from creditlists import schema as s
from creditlists import settings
from creditlists.intake import table
from creditlists.intake.matters import load_matter_types, validate_matter_file
from creditlists.intake.normalize import HALF_WIDTH, HIDDEN, KEPT_PUNCTUATION, clean_text, nfkc
from creditlists.intake.text import limit_of
from creditlists.intake.usage import validate_usage_file
from creditlists.publish.build import build_site
from policy_rows import matter, usage, write_matters, write_usage

# (character, its Chinese name in the message, error code in a name, warning code in free text)
CONTROLS = [("\x1b", "ESC 控制符"), ("\x08", "退格符"), ("\x7f", "删除符（DEL）"), ("\x9b", "CSI 控制符"), ("\x01", "C0 控制字符"),
            ("\x90", "C1 控制字符")]
BIDI = [("\u202e", "从右到左强制符"), ("\u202a", "从左到右嵌入符"), ("\u2067", "从右到左隔离符"), ("\u200f", "从右到左标记"),
        ("\u061c", "阿拉伯文字母标记")]
INVISIBLE = [("\u200b", "零宽空格"), ("\u200c", "零宽不连字"), ("\u200d", "零宽连字"), ("\u2060", "零宽词连接符"),
             ("\ufeff", "零宽不换行空格（BOM）"), ("\u00ad", "软连字符"), ("\U000e0041", "格式控制字符"), ("\u3164", "韩文填充符")]
HIDDEN_CHARACTERS = ([(c, n, "control-character", "control-character-removed") for c, n in CONTROLS]
                     + [(c, n, "bidi-control", "bidi-control-removed") for c, n in BIDI]
                     + [(c, n, "invisible-character", "invisible-character-removed") for c, n in INVISIBLE])


def code_point(character: str) -> str:
    return f"U+{ord(character):04X}"


# (column, a valid row with ``character`` at position ``position`` of that column)
def identity_cases(character: str) -> list[tuple[str, dict[str, object], int]]:
    return [
        (s.NAME, black_org(主体名称=f"甲示例{character}商贸有限公司"), 4),
        (s.USCC, black_org(统一社会信用代码=ORG_USCC[:9] + character + ORG_USCC[9:]), 10),
        (s.ID_NUMBER, red_person(身份证件号码=PERSON_ID[:6] + character + PERSON_ID[6:]), 7),
        (s.LEGAL_REP, black_org(法定代表人=f"张{character}示例"), 2),
        (s.DECISION, black_org(决定文书号=f"武昌市监罚〔2024〕{character}1号"), 12),
        (s.CATEGORY, black_org(类别=f"虚假{character}广告"), 3),
        (s.START, black_org(认定日期=f"2024-03{character}-05"), 8),
    ]


IDENTITY = [pytest.param(column, row, position, character, name, error, id=f"{column}-{code_point(character)}")
            for character, name, error, _ in HIDDEN_CHARACTERS for column, row, position in identity_cases(character)]


@pytest.mark.parametrize(("column", "submitted", "position", "character", "name", "code"), IDENTITY)
def test_hidden_character_in_a_name_code_or_number_rejects_the_row(validate_csv, column, submitted, position, character, name, code):
    report = validate_csv([submitted])
    assert flat(report) == [(2, column, code)]
    assert accepted_rows(report) == []
    message = report.problems[0].message
    assert (f"“{column}”的第 {position} 个字符" in message, code_point(character) in message, name in message) == (True, True, True)
    assert character not in message


LINE_BREAKS = [("\n", "U+000A"), ("\r\n", "U+000D U+000A"), ("\r", "U+000D"), ("\u2028", "U+2028")]


@pytest.mark.parametrize(("brk", "shown"), LINE_BREAKS, ids=[shown for _, shown in LINE_BREAKS])
@pytest.mark.parametrize("column", [s.NAME, s.LEGAL_REP, s.DECISION])
def test_line_break_and_tab_in_a_name_are_control_characters(validate_csv, column, brk, shown):
    report = validate_csv([black_org(**{column: f"甲{brk}示例"}), black_org(**{column: "甲\t示例"})])
    assert flat(report) == [(2, column, "control-character"), (3, column, "control-character")]
    assert (shown in report.problems[0].message, "U+0009" in report.problems[1].message) == (True, True)


def test_white_space_that_trimming_removes_is_not_reported(validate_csv):
    report = validate_csv([black_org(主体名称="\t甲示例商贸有限公司\r\n", 列入事由="\n发布虚假广告\n")])
    assert flat(report) == []
    assert (report.accepted[0].values[s.NAME], report.accepted[0].values[s.REASON]) == ("甲示例商贸有限公司", "发布虚假广告")


FREE_TEXT = [pytest.param(column, character, warning, id=f"{column}-{code_point(character)}")
             for character, _, _, warning in HIDDEN_CHARACTERS for column in s.FREE_TEXT_COLUMNS]


@pytest.mark.parametrize(("column", "character", "code"), FREE_TEXT)
def test_hidden_character_in_free_text_is_removed_with_a_warning(validate_csv, column, character, code):
    report = validate_csv([black_org(**{column: f"发布{character}虚假广告"})])
    assert flat(report) == [(2, column, code)]
    assert accepted_rows(report) == [2]
    assert report.accepted[0].values[column] == "发布虚假广告"
    assert "第 3 个字符" in report.problems[0].message and code_point(character) in report.problems[0].message


@pytest.mark.parametrize(("brk", "shown"), LINE_BREAKS, ids=[shown for _, shown in LINE_BREAKS])
def test_line_break_in_free_text_becomes_one_space(validate_csv, brk, shown):
    report = validate_csv([black_org(列入事由=f"第一句{brk}第二句{brk}{brk}第三句")])
    assert flat(report) == [(2, s.REASON, "line-break-replaced")]
    assert report.accepted[0].values[s.REASON] == "第一句 第二句  第三句"
    assert "第 4 个字符" in report.problems[0].message and "共有 3 处" in report.problems[0].message


def test_tab_in_free_text_stays(validate_csv):
    report = validate_csv([black_org(列入事由="罚款\t5000 元")])
    assert flat(report) == []
    assert report.accepted[0].values[s.REASON] == "罚款\t5000 元"


def test_one_problem_per_kind_names_the_first_and_counts_the_rest(validate_csv):
    report = validate_csv([black_org(主体名称="甲\u200b示\u200b例\u202e公司", 列入事由="a\x1bb\x1bc\u200bd")])
    assert flat(report) == [(2, s.NAME, "invisible-character"), (2, s.NAME, "bidi-control"),
                            (2, s.REASON, "control-character-removed"), (2, s.REASON, "invisible-character-removed")]
    messages = [p.message for p in report.problems]
    assert ("第 2 个字符" in messages[0], "共有 2 个" in messages[0], "第 6 个字符" in messages[1], "共有 2 处，均已删除" in messages[2]) == (True,) * 4


def test_the_hazard_is_real_and_the_check_is_what_stops_it(validate_csv, monkeypatch):
    """The bytes really carry the character; the old cleaning kept U+202E and ESC; without the check the row is published."""
    name = "甲示例\u202e司公限有"
    assert "\u202e".encode() in csv_bytes([black_org(主体名称=name)])

    def old_clean_text(value: str) -> str:  # before issue 12: half-width, five zero-width characters removed, trimmed
        return re.sub("[\u200b\u200c\u200d\u2060\ufeff]", "", value.translate(HALF_WIDTH)).strip()

    assert (old_clean_text(name), old_clean_text("张\x1b[31m示例")) == (name, "张\x1b[31m示例")
    monkeypatch.setattr(table, "text_problems", lambda *args: [])
    unguarded = validate_csv([black_org(主体名称=name)])
    assert (flat(unguarded), accepted_rows(unguarded)) == ([], [2])
    monkeypatch.undo()
    guarded = validate_csv([black_org(主体名称=name)])
    assert (flat(guarded), accepted_rows(guarded)) == ([(2, s.NAME, "bidi-control")], [])


def test_a_zero_width_space_no_longer_makes_a_second_look_alike_entry(validate_csv):
    report = validate_csv([black_org(), black_org(主体名称="甲示例\u200b商贸有限公司", 统一社会信用代码=uscc("91420106MA4K00009"))])
    assert flat(report) == [(3, s.NAME, "invisible-character")]
    assert accepted_rows(report) == [2]


def test_hidden_character_in_an_xlsx_cell_is_found_too(validate_xlsx):
    report = validate_xlsx([black_org(主体名称="甲示例\u202e司公限有", 列入事由="发布\u200b虚假广告")])
    assert flat(report) == [(2, s.NAME, "bidi-control"), (2, s.REASON, "invisible-character-removed")]


# --- matter lists and usage reports ---------------------------------------------------

def test_matter_list_names_are_guarded_and_its_free_text_cleaned(data_dir):
    rows = [matter(事项名称="企业登记\u202e注册"), matter(事项名称="食品经营许可", 使用方式="查询信用记录\u200b"),
            matter(事项名称="排污许可", 设定依据="《排污许可\u200b管理条例》\n第二条", 备注="内部\x1b说明")]
    path = write_matters(data_dir, "scjgj", rows)
    report, matters = validate_matter_file(path, "scjgj", "matters/scjgj.csv", load_matter_types(data_dir, needed=True))
    assert flat(report) == [(2, "事项名称", "bidi-control"), (3, "使用方式", "invisible-character"),
                            (4, "设定依据", "invisible-character-removed"), (4, "设定依据", "line-break-replaced"),
                            (4, "备注", "control-character-removed")]
    assert [(m.name, m.basis) for m in matters] == [("排污许可", "《排污许可管理条例》 第二条")]


def test_usage_report_names_and_counts_are_guarded_and_its_remark_cleaned(data_dir):
    rows = [usage(事项名称="企业登记\u200d注册"), usage(事项名称="食品经营许可", 查询信用记录次数="1\u200b2"),
            usage(事项名称="排污许可", 备注="含\u202e容缺受理")]
    path = write_usage(data_dir, "2026Q3", "scjgj", rows)
    report, _, kept = validate_usage_file(path, "scjgj", "usage/2026Q3/scjgj.csv", "2026Q3", None, AS_OF)
    assert flat(report) == [(None, None, "no-matter-list"), (2, "事项名称", "invisible-character"),
                            (3, "查询信用记录次数", "invisible-character"), (4, "备注", "bidi-control-removed")]
    assert [row.matter for row in kept] == ["排污许可"]


# --- a whole build: nothing hidden anywhere in the published bytes -----------------------

PLANTED = [c for c, _, _, _ in HIDDEN_CHARACTERS] + ["\u2028", "\u2029", "\x85"]


def published_traces(output: Path) -> list[tuple[str, str]]:
    """(file, code point) of every planted character in any output file: raw UTF-8, \\u escape or HTML reference.

    A workbook is read as the XML inside it: its compressed bytes hold any byte by chance.
    """
    found = []
    for path in sorted(p for p in output.rglob("*") if p.is_file()):
        content = path.read_bytes()
        if path.suffix == ".gz":  # the server's copy of a text file: what a reader gets is what it holds
            content = gzip.decompress(content)
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as workbook:
                content = b"".join(workbook.read(name) for name in workbook.namelist())
        content = content[3:] if content.startswith(b"\xef\xbb\xbf") else content  # the CSV files' BOM
        lowered = content.lower()
        for character in PLANTED:
            n = ord(character)
            forms = [character.encode(), f"\\u{n:04x}".encode(), f"&#x{n:x};".encode(), f"&#{n};".encode()]
            if n > 0xFFFF:
                forms.append(json.dumps(character).strip('"').lower().encode())
            if any(form in (content if form == forms[0] else lowered) for form in forms):
                found.append((path.relative_to(output).as_posix(), code_point(character)))
    return found


@pytest.fixture(scope="module")
def hidden_site(tmp_path_factory) -> tuple[Path, Path]:
    """(the site of rows with every planted character, the site of one clean row)."""
    data = make_data_dir(tmp_path_factory.mktemp("hidden") / "data")
    rows = [black_org(主体名称=f"乙示例{c}伪装公司", 统一社会信用代码=uscc(f"91420106MA4K1{n:04d}"), 决定文书号=f"武昌市监罚〔2024〕{n}号")
            for n, c in enumerate(PLANTED, start=100)]
    rows += [black_org(主体名称=f"丙示例{n}号公司", 统一社会信用代码=uscc(f"91420106MA4K2{n:04d}"), 决定文书号=f"武昌市监罚〔2024〕{n}号",
                       列入事由=f"发布{c}虚假广告{c}甲", 认定依据=f"《广告法》{c}第五十五条", 备注=f"内部{c}")
             for n, c in enumerate(PLANTED, start=200)]
    write_csv(data / "submissions" / "scjgj" / "2024-04-01-黑名单.csv", rows)
    write_matters(data, "scjgj", [matter(设定依据="《市场主体登记\u202e管理条例》\u200b"), matter(事项名称="食品\u200b经营许可")])
    write_usage(data, "2026Q3", "scjgj", [usage(备注="\x1b[31m红字")])
    output = data.parent / "output"
    build_site(data, output, data.parent / "reports", AS_OF)
    clean = make_data_dir(tmp_path_factory.mktemp("clean") / "data")
    write_csv(clean / "submissions" / "scjgj" / "2024-04-01-黑名单.csv", [black_org()])
    build_site(clean, clean.parent / "output", clean.parent / "reports", AS_OF)
    return output, clean.parent / "output"


def test_a_build_publishes_no_hidden_character_in_any_file(hidden_site):
    """Every output byte is scanned; a file may hold such a byte only if a build of clean data writes it identically
    (software shipped with every site, such as a binary runtime), never because of what was submitted."""
    output, clean = hidden_site
    traces = published_traces(output)
    shipped = {name for name, _ in traces if (clean / name).is_file() and (clean / name).read_bytes() == (output / name).read_bytes()}
    assert [(name, point) for name, point in traces if name not in shipped] == []
    assert not any(name.endswith((".html", ".json", ".csv", ".xml", ".atom", ".rss")) for name in shipped)


def test_the_scan_can_fail_and_the_cleaned_rows_are_published(hidden_site, tmp_path):
    output, _ = hidden_site
    entries = json.loads((output / "data" / "entries.json").read_text(encoding="utf-8"))["entries"]
    names = sorted(e[s.NAME] for e in entries)
    assert names == sorted(f"丙示例{n}号公司" for n in range(200, 200 + len(PLANTED)))  # every 乙 (hidden in the name) rejected
    assert {e[s.REASON] for e in entries} == {"发布虚假广告甲", "发布 虚假广告 甲"}  # line breaks became spaces
    planted = tmp_path / "page.html"
    planted.write_text("<td>甲\u202e公司</td><td>&#x200B;</td>", encoding="utf-8")
    assert published_traces(tmp_path) == [("page.html", "U+202E"), ("page.html", "U+200B")]


# --- NFKC ------------------------------------------------------------------------------------

def test_nfkc_folds_full_width_letters_digits_and_spaces_but_keeps_chinese_punctuation(validate_csv):
    name = "ＡＢＣ示例（武昌）１号店\u3000分店"
    reason = "发布虚假广告：“最佳”……；情节严重！是否整改？否，罚款５０００元㎡"
    report = validate_csv([black_org(主体名称=name, 列入事由=reason)])
    assert flat(report) == []
    values = report.accepted[0].values
    assert values[s.NAME] == "ABC示例（武昌）1号店 分店"
    assert values[s.REASON] == "发布虚假广告：“最佳”……；情节严重！是否整改？否，罚款5000元m2"


def test_every_kept_punctuation_mark_survives_and_nothing_else_is_left_unnormalised():
    kept = "".join(chr(c) for r in ((0xFF01, 0xFF0F), (0xFF1A, 0xFF20), (0xFF3B, 0xFF40), (0xFF5B, 0xFF65)) for c in range(r[0], r[1] + 1))
    assert nfkc(kept + "…") == kept + "…"
    assert nfkc("０９ＡＺａｚ\u3000ｶﾞ①") == "09AZaz ガ1"


TEXT_WITH_PUNCTUATION = st.text(st.one_of(st.characters(), st.sampled_from("（）：；，！？…＝＜\u0338\u0301ＡＢ１ｶﾞ\u3000")))


@hypothesis_settings(max_examples=300, deadline=None)
@given(TEXT_WITH_PUNCTUATION)
def test_nfkc_keeps_the_punctuation_as_typed_and_normalises_everything_between(text):
    """The kept characters stay in place; every piece between them is NFKC-normal; a second pass changes nothing."""
    done = nfkc(text)
    assert KEPT_PUNCTUATION.split(done)[1::2] == KEPT_PUNCTUATION.split(text)[1::2]
    assert all(unicodedata.is_normalized("NFKC", piece) for piece in KEPT_PUNCTUATION.split(done)[0::2])
    assert nfkc(done) == done


def test_nfkc_equals_plain_nfkc_where_no_punctuation_is_kept():
    assert nfkc("甲\u3000ＡＢ１ｶﾞ①e\u0301") == unicodedata.normalize("NFKC", "甲\u3000ＡＢ１ｶﾞ①e\u0301") == "甲 AB1ガ1é"
    # Only a combining mark typed after a kept character stays apart: ＝ with U+0338 is not folded into ≠.
    assert (nfkc("＝\u0338"), unicodedata.normalize("NFKC", "＝\u0338")) == ("＝\u0338", "≠")


def test_clean_text_removes_what_it_cannot_show():
    assert clean_text(" 甲\u200b乙\x1b[31m丙\n丁\t戊 ") == "甲乙[31m丙 丁\t戊"


def test_every_control_and_format_character_is_hidden():
    missing = [f"U+{c:04X}" for c in range(0x110000) if unicodedata.category(chr(c)) in ("Cc", "Cf") and not HIDDEN.fullmatch(chr(c))]
    assert missing == []
    assert [c for c in "甲a1 （）\u3000\u00a0、。《》" if HIDDEN.fullmatch(c)] == []


# --- length limits -----------------------------------------------------------------------------

LIMITED = [(s.REASON, 2000), (s.BASIS, 2000), (s.REMARK, 2000), (s.LEGAL_REP, 50), (s.DECISION, 100)]


@pytest.mark.parametrize(("column", "limit"), LIMITED)
def test_text_at_its_limit_passes_and_one_more_is_rejected(validate_csv, column, limit):
    assert limit_of(column) == limit
    report = validate_csv([black_org(**{column: "甲" * limit}), black_org(**{column: "甲" * (limit + 1)}, 统一社会信用代码=uscc("91420106MA4K00009"))])
    assert flat(report) == [(3, column, "text-too-long")]
    assert accepted_rows(report) == [2]
    assert (f"有 {limit + 1} 个字" in report.problems[0].message, f"上限 {limit} 字" in report.problems[0].message) == (True, True)


def test_the_limit_counts_the_text_as_published(validate_csv):
    report = validate_csv([black_org(法定代表人="\u3000 " + "Ａ" * 50 + " "), black_org(法定代表人="张" * 49 + "\u200b\u200b", 决定文书号="2号")])
    assert flat(report) == [(3, s.LEGAL_REP, "invisible-character")]  # 49 characters once the two hidden ones are gone


def test_a_40000_character_reason_is_rejected(validate_csv):
    report = validate_csv([black_org(列入事由="发布虚假广告" * 6667)])
    assert (2, s.REASON, "text-too-long") in flat(report)  # (beyond Excel's 32,767 a cell may draw a reading problem too)
    assert accepted_rows(report) == []
    assert [p.message for p in report.problems if p.code == "text-too-long"] == [
        "“列入事由”有 40002 个字，超过上限 2000 字，本行未公示。请精简到 2000 字以内后重新报送；详细材料请留在本部门存档。"]


def test_other_columns_have_the_default_limit(data_dir, validate_csv):
    assert settings.MAX_TEXT_CHARS_DEFAULT == 200
    path = write_matters(data_dir, "scjgj", [matter(事项名称="甲" * 200), matter(事项名称="乙" * 201), matter(事项名称="丙", 设定依据="丁" * 1001)])
    report, matters = validate_matter_file(path, "scjgj", "matters/scjgj.csv", load_matter_types(data_dir, needed=True))
    assert flat(report) == [(3, "事项名称", "text-too-long"), (4, "设定依据", "text-too-long")]
    assert [m.name for m in matters] == ["甲" * 200]
    assert flat(validate_csv([black_org(类别="虚假广告" + "甲" * 197)])) == [(2, s.CATEGORY, "text-too-long"), (2, s.CATEGORY, "unknown-category")]


def test_the_limits_are_read_from_settings_when_checking(validate_csv, monkeypatch):
    monkeypatch.setitem(settings.MAX_TEXT_CHARS, s.LEGAL_REP, 2)
    assert flat(validate_csv([black_org(法定代表人="张示例")])) == [(2, s.LEGAL_REP, "text-too-long")]


def test_the_name_keeps_its_own_rule_and_is_not_reported_twice(validate_csv):
    assert flat(validate_csv([black_org(主体名称="甲" * 300)])) == [(2, s.NAME, "name-too-long")]


def test_the_guide_states_the_limits_of_the_settings():
    rules = {column: rule for column, _, rule in s.COLUMN_RULES}
    assert [column for column, limit in LIMITED if column != s.REMARK and f"不超过 {limit} 字" not in rules[column]] == []
