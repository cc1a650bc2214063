"""Reading at a bounded cost, with a message that says what the file is (issue 12).

Every hazard is made here in tmp_path (none is committed at its real size) and
answered with its code, row and message: a header of a great many blank labels
(now checked in one pass; the old check asked every blank label about every
row), an xlsx that unpacks to far more than its size, UTF-8 text pasted into a
GBK file, cells longer than Excel allows, UTF-16 text, encrypted workbooks and
old .xls files. Time is the benchmark's business: these tests count instead.
"""

from __future__ import annotations

import csv
import json
import random
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from credit_rows import ROOT, black_org, cells, csv_bytes, flat, write_xlsx
from creditlists import settings
from creditlists.cli import main
from creditlists.intake.reading import read_table, utf8_lines
from creditlists.intake.report import FileReport
from creditlists.intake.submissions import SPEC
from creditlists.intake.table import check_header
from creditlists.schema import TEMPLATE_COLUMNS

BAD = ROOT / "tests" / "fixtures" / "bad"


@pytest.fixture
def run_validate(data_dir, capsys):
    """``build_lists.py validate --json`` of files as department scjgj on 2026-11-29: (exit code, {file name: report})."""

    def run(*paths: Path) -> tuple[int, dict[str, dict]]:
        code = main(["validate", "--json", "--data", str(data_dir), "--department", "scjgj", "--as-of", "2026-11-29",
                     *map(str, paths)])
        return code, {Path(f["path"]).name: f for f in json.loads(capsys.readouterr().out)["files"]}

    return run


def found(report: dict) -> list[tuple[object, str]]:
    """(row, code) of every problem of a file's JSON report, file problems first."""
    problems = report["errors"] + report["warnings"]
    return sorted(((p["row"], p["code"]) for p in problems), key=lambda p: (-1 if p[0] is None else p[0], p[1]))


# --- a header of many blank labels -------------------------------------------

class CountingRows(list):
    """Rows that count how often they are gone through."""

    passes = 0

    def __iter__(self):
        self.passes += 1
        return super().__iter__()


def test_blank_labels_are_checked_in_one_pass_over_the_rows():
    header = [""] * 1000 + ["备注"]
    rows = CountingRows([(n, ["x"]) for n in range(2, 102)] + [(102, [""] * 500 + ["y"])])
    report = FileReport(path="", department="")
    check_header(header, rows, SPEC, report)
    assert rows.passes == 1  # the old check went through the rows once for each blank label: 1000 times
    assert [(p.code, p.column_number) for p in report.problems if p.code == "blank-header"] == [
        ("blank-header", 1), ("blank-header", 501)]


def test_a_million_blank_labels_over_ten_thousand_rows_are_answered(run_validate, tmp_path):
    """1,000,000 blank labels over 10,000 rows: 10¹⁰ steps of the old check, over 5 minutes at the
    33 ns a step measured here (the attacker's file, over 200,000 rows, took hours); in one pass
    the whole validate takes about a second. The answer is bounded: one blank-header and the
    missing columns, never a problem per label."""
    path = tmp_path / "2026-11-01-空表头.csv"
    path.write_bytes(b"," * 1_000_000 + "备注".encode("gbk") + b"\r\n" + b"x\r\n" * 10_000)
    code, reports = run_validate(path)
    report = reports[path.name]
    assert code == 1 and report["rows"] == 10_000 and report["accepted"] == 0
    assert found(report) == [(None, "blank-header")] + [(None, "missing-column")] * len(SPEC.required)
    assert report["errors"][0]["message"] == "第 1 列的表头是空的，但该列有内容。请填写列名或删除该列。"


# --- UTF-8 text inside a GBK file ----------------------------------------------

def gbk_with_utf8(rows: list[dict[str, object]], utf8_text: str) -> bytes:
    """The rows as GBK CSV, with ``utf8_text`` (wherever it stands) in UTF-8 bytes."""
    content = csv_bytes(rows, encoding="gbk")
    assert utf8_text.encode("gbk") in content
    return content.replace(utf8_text.encode("gbk"), utf8_text.encode("utf-8"))


def test_a_utf8_cell_in_a_gbk_file_rejects_its_row_by_its_excel_number(validate_bytes):
    """Row 3 stands on lines 4 and 5 (row 2's 列入事由 holds a line break): the problem names row 4,
    where the UTF-8 name is, as Excel numbers it; the rows around it are published."""
    name = "示例二号商贸有限公司"  # 30 bytes of UTF-8, which GB18030 decodes without complaint: as mojibake
    report = validate_bytes(gbk_with_utf8([
        black_org(),
        black_org(列入事由="发布虚假广告\r\n且拒不改正", 决定文书号="2号"),
        black_org(主体名称=name, 决定文书号="3号"),
        black_org(决定文书号="4号"),
    ], name))
    assert report.encoding == "gb18030"
    assert [(p.row, p.code) for p in report.problems if p.is_error] == [(4, "mixed-encoding")]
    assert [r.row for r in report.accepted] == [2, 3, 5]
    assert not any("姝" in value or name in value for r in report.accepted for value in r.values.values())
    (mixed,) = [p for p in report.problems if p.code == "mixed-encoding"]
    assert mixed.message.startswith("文件混用了两种编码：本行的文字是 UTF-8 编码，文件的其余部分是 GBK 编码，按 GBK 读出来是乱码")
    assert "本行未公示" in mixed.message and "另存为“CSV UTF-8（逗号分隔）”" in mixed.message


def test_a_utf8_header_in_a_gbk_file_stops_the_file(validate_bytes, tmp_path):
    content = csv_bytes([black_org()], encoding="gbk")
    header, body = content.split(b"\r\n", 1)
    report = validate_bytes(header.decode("gbk").encode("utf-8") + b"\r\n" + body)  # 法定代表人: 15 bytes, GB18030 fails
    assert flat(report) == [(None, None, "mixed-encoding")]
    assert "第 1 行等处的文字是 UTF-8 编码" in report.problems[0].message and "整个文件未处理" in report.problems[0].message
    path = tmp_path / "even.csv"  # labels of an even number of UTF-8 bytes: GB18030 decodes the header, as mojibake
    path.write_bytes("名单类型,主体类型\r\n".encode() + "黑名单,自然人\r\n".encode("gbk"))
    table = read_table(path)
    assert [(p.row, p.code) for p in table.problems] == [(None, "mixed-encoding")]
    assert "第 1 行（表头）的文字是 UTF-8 编码" in table.problems[0].message and "整个文件未处理" in table.problems[0].message


def test_a_file_gb18030_cannot_decode_for_its_utf8_part_names_the_line():
    table = read_table(BAD / "mixed-encodings.csv")  # GBK header and row 2, then a UTF-8 row 3 of odd runs
    assert [(p.row, p.code) for p in table.problems] == [(None, "mixed-encoding")]
    assert "第 3 行等处的文字是 UTF-8 编码" in table.problems[0].message


def test_the_gbk_sample_files_hold_no_utf8_text():
    gbk = []
    for path in sorted((ROOT / "data" / "submissions").glob("*/*.csv")):
        data = path.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            gbk.append(path.name)
            assert utf8_lines(data) == [], path
            table = read_table(path)
            assert (table.encoding, [p.code for p in table.problems]) == ("gb18030", []), path
    assert len(gbk) == 3  # rsj's three files, as Excel's plain "CSV" writes them on Chinese Windows


def gb2312(first_lead: int, last_lead: int) -> list[str]:
    """The characters of GB2312 rows ``first_lead``–``last_lead`` (B0–D7: the 3,755 common ones; D8–F7: 3,008 rarer)."""
    found = []
    for lead in range(first_lead, last_lead + 1):
        for trail in range(0xA1, 0xFF):
            try:
                found.append(bytes([lead, trail]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return found


COMMON = gb2312(0xB0, 0xD7)
RARER = gb2312(0xD8, 0xF7)
NAME_TEXT = st.text(alphabet=st.sampled_from(COMMON + list("（）〔〕《》“”、，。：；·") + list("ABCXYZ0123456789-")),
                    min_size=1, max_size=30)


@hypothesis_settings(max_examples=300, deadline=None)
@given(names=st.lists(NAME_TEXT, min_size=1, max_size=12))
def test_gbk_rows_of_common_characters_are_never_taken_for_utf8_and_the_same_rows_in_utf8_always_are(names):
    """Common characters' GBK lead bytes (B0–D7) can only start two-byte UTF-8 sequences, never an
    ideograph: no false alarm can come from them. Typed in UTF-8, every row with an ideograph is found."""
    line = ",".join(names)
    assert utf8_lines(line.encode("gbk")) == []
    has_ideograph = any("\u4e00" <= c <= "\u9fff" for c in line)
    assert utf8_lines(line.encode("utf-8")) == ([1] if has_ideograph else [])


def test_rarer_gbk_text_is_taken_for_utf8_a_few_times_in_a_hundred_thousand():
    """The false alarms there are: short names whose GBK bytes happen to be valid UTF-8 with an
    ideograph. Measured over all 6,763 GB2312 characters drawn evenly (so far rarer ones than real
    text uses): 3 of 50,000 three-character names, 1 of 50,000 of four, none of two, six or more;
    over GBK's 21,000 characters with its rarest 14,000 drawn as often as the rest, 0.25 % of
    two-character names. Such a row is rejected with mixed-encoding; saving the file as CSV UTF-8,
    as the message says, ends the guess."""
    rng = random.Random(2026)
    alphabet = COMMON + RARER
    names = ["".join(rng.choice(alphabet) for _ in range(length)) for length in (2, 3, 4, 6, 10) for _ in range(10_000)]
    flagged = [name for name in names if utf8_lines(f",{name},".encode("gbk"))]
    assert len(flagged) <= 3  # of 50,000 names: under 0.01 %
    assert all(len(name) in (3, 4) for name in flagged)


# --- cells longer than Excel allows ------------------------------------------

@pytest.fixture
def default_csv_field_limit():
    """Python's own limit, 131,072 characters (a library such as frictionless may have raised it for the process)."""
    before = csv.field_size_limit(131_072)
    yield
    csv.field_size_limit(before)


def test_a_cell_over_the_csv_field_limit_is_too_long_not_a_quote_left_open(validate_bytes, default_csv_field_limit):
    """Python's csv stops at 131,072 characters a field, which used to be reported as quotes that do not pair."""
    header = (*TEMPLATE_COLUMNS, "附件")
    rows = [cells(black_org(), TEMPLATE_COLUMNS) + [""], cells(black_org(决定文书号="2号"), TEMPLATE_COLUMNS) + ["长" * 200_000],
            cells(black_org(决定文书号="3号"), TEMPLATE_COLUMNS) + [""]]
    report = validate_bytes(csv_bytes(rows, header=header))
    assert [(p.row, p.column_number, p.code) for p in report.problems if p.is_error] == [(3, 17, "cell-too-long")]
    assert [r.row for r in report.accepted] == [2, 4]
    (long_cell,) = [p for p in report.problems if p.code == "cell-too-long"]
    assert long_cell.message.startswith("第 17 列的单元格有 200000 个字符，超过上限 32767 个字符（Excel 的一个单元格最多 32767 个字符），本行未公示。")
    assert csv.field_size_limit() == 131_072  # lifted while reading, restored after


def test_a_quote_left_open_is_still_reported_as_such():
    table = read_table(BAD / "quote-left-open.csv")
    assert [p.code for p in table.problems] == ["format-error"] and "引号或分隔符不成对" in table.problems[0].message


def test_an_xlsx_cell_longer_than_excel_allows_rejects_its_row(tmp_path, validate_bytes):
    """openpyxl (like Excel) cuts what it writes at 32,767 characters; other writers need not: the sheet is patched."""
    path = write_xlsx(tmp_path / "long.xlsx", [cells(black_org(), TEMPLATE_COLUMNS) + ["占位"], black_org(决定文书号="2号")],
                      header=(*TEMPLATE_COLUMNS, "附件"))
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace("占位".encode(), ("长" * 40_000).encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    report = validate_bytes(path.read_bytes(), name="long.xlsx")
    assert [(p.row, p.column_number, p.code) for p in report.problems if p.is_error] == [(2, 17, "cell-too-long")]
    assert [r.row for r in report.accepted] == [3]


# --- xlsx that unpack to far more than their size -----------------------------

SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def with_part(source: Path, target: Path, name: str, content: bytes, content_type: str | None = SST_TYPE) -> Path:
    """``source`` with the part ``name`` added, registered as shared strings (openpyxl reads it at load)."""
    with zipfile.ZipFile(source) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    if content_type:
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>", f'<Override PartName="/{name}" ContentType="{content_type}"/></Types>'.encode())
        parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
            b"</Relationships>", f'<Relationship Id="rIdS" Type="{SST_REL}" Target="/{name}"/></Relationships>'.encode())
    parts[name] = content
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    return target


def shared_strings(count: int, text: str = "示例", declared: int | None = None) -> bytes:
    items = f"<si><t>{text}</t></si>" * count
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main" count="{declared or count}" uniqueCount="{declared or count}">{items}</sst>').encode()


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "plain.xlsx", [black_org(), black_org(决定文书号="2号")])


@pytest.fixture
def no_openpyxl(monkeypatch):
    """openpyxl may not open the file: the refusal must come before it parses anything."""
    import openpyxl

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl was asked to open a workbook that should have been refused")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_a_shared_string_bomb_is_refused_before_openpyxl_parses_it(workbook, tmp_path, no_openpyxl):
    path = with_part(workbook, tmp_path / "bomb.xlsx", "xl/sharedStrings.xml", shared_strings(1_000_000, "A" * 40))
    assert path.stat().st_size < 200_000  # ~50 MB of shared strings
    table = read_table(path)
    assert [(p.row, p.code) for p in table.problems] == [(None, "xlsx-too-large")]
    assert table.problems[0].message.startswith("Excel 工作簿解压后过大，未读取：其中“xl/sharedStrings.xml”解压后超过压缩前")
    assert "的 100 倍" in table.problems[0].message and "压缩炸弹" in table.problems[0].message


def test_shared_strings_are_counted_not_taken_from_the_count_they_declare(workbook, tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "MAX_XLSX_SHARED_STRINGS", 5)
    within = read_table(with_part(workbook, tmp_path / "five.xlsx", "xl/sharedStrings.xml", shared_strings(5, declared=1)))
    assert within.problems == [] and len(within.rows) == 2
    over = read_table(with_part(workbook, tmp_path / "six.xlsx", "xl/sharedStrings.xml", shared_strings(6, declared=1)))
    assert [p.code for p in over.problems] == ["xlsx-too-large"] and "共享字符串超过上限 5 个" in over.problems[0].message


def test_a_part_that_declares_fewer_bytes_than_it_holds_is_not_believed(workbook, tmp_path, no_openpyxl):
    """Python's zipfile inflates no more than the declared size and then finds the checksum wrong: damaged, not read."""
    path = with_part(workbook, tmp_path / "lies.xlsx", "xl/sharedStrings.xml", shared_strings(100_000))
    data = bytearray(path.read_bytes())
    central = data.index(b"PK\x01\x02")  # the central directory's entries: the sizes Python believes
    while not data[central + 46:].startswith(b"xl/sharedStrings.xml"):
        central = data.index(b"PK\x01\x02", central + 4)
    data[central + 24:central + 28] = (1000).to_bytes(4, "little")  # its uncompressed size
    path.write_bytes(bytes(data))
    table = read_table(path)
    assert [(p.code, p.message.split("。")[0]) for p in table.problems] == [("format-error", "无法读取文件：压缩结构已损坏")]


@pytest.mark.parametrize(("content", "says"), [
    (b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "AAAA">]><sst xmlns="x"><si><t>&a;</t></si></sst>', "含有文档类型定义"),
    ("\ufeff<?xml version=\"1.0\" encoding=\"UTF-16\"?><sst><si><t>a</t></si></sst>".encode("utf-16-le"), "不是 UTF-8 编码的 XML"),
    (b'<?xml version="1.0" encoding="cp037"?><sst/>', "不是 UTF-8 编码的 XML"),
], ids=["dtd", "utf-16", "ebcdic"])
def test_a_part_whose_strings_could_not_be_counted_is_refused(workbook, tmp_path, no_openpyxl, content, says):
    table = read_table(with_part(workbook, tmp_path / "odd.xlsx", "xl/sharedStrings.xml", content))
    assert [p.code for p in table.problems] == ["format-error"] and says in table.problems[0].message


def test_cells_far_right_count_with_the_empty_ones_openpyxl_adds(tmp_path, monkeypatch):
    """A row whose one cell is in column 10,000 is 10,000 cells once read: a few bytes of XML each."""
    import openpyxl

    monkeypatch.setattr(settings, "MAX_XLSX_CELLS", 50_000)
    book = openpyxl.Workbook()
    book.active.append(list(TEMPLATE_COLUMNS))
    for row in range(2, 12):
        book.active.cell(row=row, column=10_000, value="远")
    book.save(tmp_path / "far.xlsx")
    table = read_table(tmp_path / "far.xlsx")
    assert [p.code for p in table.problems] == ["xlsx-too-large"] and "第一个工作表超过 50000 个单元格" in table.problems[0].message


def test_rows_stop_at_the_limit_however_far_the_last_row_number(tmp_path, monkeypatch):
    """openpyxl yields an empty row for every missing row number: a cell in row 1,000,000 is a million rows."""
    import openpyxl

    monkeypatch.setattr(settings, "MAX_ROWS", 5)
    book = openpyxl.Workbook()
    book.active.append(list(TEMPLATE_COLUMNS))
    book.active.cell(row=1_000_000, column=1, value="远")
    book.save(tmp_path / "deep.xlsx")
    assert [p.code for p in read_table(tmp_path / "deep.xlsx").problems] == ["too-many-rows"]
    (tmp_path / "blank-lines.csv").write_bytes(csv_bytes([black_org()]) + b"\r\n" * 100)
    table = read_table(tmp_path / "blank-lines.csv")
    assert [p.code for p in table.problems] == ["too-many-rows"] and table.rows == []
    assert table.problems[0].message == "文件的数据超过上限 5 行，整个文件未处理。请把数据拆成几个文件分别报送。"


def test_real_workbooks_inflate_far_less_than_the_bomb_rule():
    """The template and the sample workbooks' parts inflate at most 10 times (a 200,000-row workbook
    of the template measured 9.2 for its sheet and 18.5 for its shared strings): far from 100."""
    paths = [ROOT / "data" / "templates" / "报送模板.xlsx", *sorted((ROOT / "data" / "submissions").glob("*/*.xlsx"))]
    assert len(paths) == 4
    for path in paths:
        with zipfile.ZipFile(path) as archive:
            assert max(info.file_size / info.compress_size for info in archive.infolist() if info.compress_size) < 10, path
        assert [p.code for p in read_table(path).problems if p.is_error] == [], path


# --- what the file really is ---------------------------------------------------

def test_each_kind_of_file_is_named_for_what_it_is(run_validate, tmp_path, workbook):
    """UTF-16 text in three forms, an encrypted workbook, an .xls under either suffix, a shared-string
    bomb and a GBK file with a UTF-8 cell, all in one validate: each with its own code and message."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    tsv = csv_bytes([black_org()]).decode("utf-8").replace(",", "\t")
    files = {
        "2026-11-01-unicode.csv": b"\xff\xfe" + tsv.encode("utf-16-le"),
        "2026-11-02-utf16-big-endian.csv": b"\xfe\xff" + tsv.encode("utf-16-be"),
        "2026-11-03-utf16-no-bom.csv": tsv.encode("utf-16-le"),
        "2026-11-04-password.xlsx": (BAD / "password-protected.xlsx").read_bytes(),
        "2026-11-05-old.xlsx": (BAD / "xls-renamed.xlsx").read_bytes(),
        "2026-11-06-old.csv": (BAD / "xls-renamed.xlsx").read_bytes(),
        "2026-11-07-bomb.xlsx": with_part(workbook, tmp_path / "bomb.xlsx", "xl/sharedStrings.xml",
                                          shared_strings(1_000_000, "A" * 40)).read_bytes(),
        "2026-11-08-gbk.csv": (BAD / "utf8-cell-in-gbk.csv").read_bytes(),
    }
    for name, content in files.items():
        (folder / name).write_bytes(content)
    code, reports = run_validate(*sorted(folder.iterdir()))
    assert code == 1
    assert {name: found(report) for name, report in reports.items()} == {
        "2026-11-01-unicode.csv": [(None, "utf-16-text")],
        "2026-11-02-utf16-big-endian.csv": [(None, "utf-16-text")],
        "2026-11-03-utf16-no-bom.csv": [(None, "utf-16-text")],
        "2026-11-04-password.xlsx": [(None, "encrypted-workbook")],
        "2026-11-05-old.xlsx": [(None, "legacy-workbook")],
        "2026-11-06-old.csv": [(None, "legacy-workbook")],
        "2026-11-07-bomb.xlsx": [(None, "xlsx-too-large")],
        "2026-11-08-gbk.csv": [(3, "mixed-encoding")],
    }
    messages = {name: report["errors"][0]["message"] for name, report in reports.items()}
    assert messages["2026-11-01-unicode.csv"].startswith("文件是 UTF-16 编码的文本（Excel 另存为“Unicode 文本”时得到的文件")
    assert "“CSV UTF-8（逗号分隔）(*.csv)”或“Excel 工作簿 (*.xlsx)”" in messages["2026-11-03-utf16-no-bom.csv"]
    assert messages["2026-11-04-password.xlsx"].startswith("文件是设置了打开密码（已加密）的 Excel 工作簿，无法读取。")
    assert "删除密码" in messages["2026-11-04-password.xlsx"]
    assert messages["2026-11-05-old.xlsx"].startswith("文件是旧版 Excel 97-2003 工作簿（.xls）")
    assert messages["2026-11-06-old.csv"] == messages["2026-11-05-old.xlsx"]
    assert all("binary" not in m and "二进制" not in m and "zip" not in m for m in messages.values())


def test_binary_bytes_are_still_binary_not_utf16():
    assert [p.code for p in read_table(BAD / "binary-data.csv").problems] == ["format-error"]
