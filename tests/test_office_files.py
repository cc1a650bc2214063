"""The office's files (the department register, the vocabularies) never give a traceback.

Whatever they hold (random bytes, GBK, a missing 标识 column, a short or a
long row, an empty file, a repeated key) a loader either succeeds or raises
DataFolderError naming the file and, for a problem of a row, the row; the
build then prints "构建失败：…" and exits 1.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from credit_rows import AS_OF, DEPARTMENTS_CSV, ROOT, black_org, write_csv
from creditlists.cli import main
from creditlists.intake.datafiles import DataFolderError
from creditlists.intake.departments import load_departments
from creditlists.intake.matters import load_matter_types
from creditlists.intake.vocab import load_vocabulary

# file -> (loader of a data folder, the file's name in messages)
LOADERS: dict[str, tuple[Callable[[Path], object], str]] = {
    "departments.csv": (load_departments, "部门登记表 departments.csv"),
    "vocab/red-categories.csv": (load_vocabulary, "词表文件 vocab/red-categories.csv"),
    "vocab/black-categories.csv": (load_vocabulary, "词表文件 vocab/black-categories.csv"),
    "vocab/domains.csv": (load_vocabulary, "词表文件 vocab/domains.csv"),
    "vocab/measures.csv": (load_vocabulary, "词表文件 vocab/measures.csv"),
    "vocab/matter-types.csv": (lambda data: load_matter_types(data, needed=True), "词表文件 vocab/matter-types.csv"),
}
# Problems of a file as a whole, which have no row.
WHOLE_FILE = ("的编码无法识别", "为空或缺少列", "含有二进制内容", "没有词条", "没有登记任何部门", "各列出至少一项措施")


def office_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "data" / "vocab", folder / "vocab", dirs_exist_ok=True)
    (folder / "departments.csv").write_text(DEPARTMENTS_CSV, encoding="utf-8")
    return folder


@pytest.fixture
def office(tmp_path: Path) -> Path:
    return office_folder(tmp_path / "data")


def load(data: Path, place: str) -> str | None:
    """The loader of ``place`` over ``data``: None when it succeeds, else its message (only DataFolderError may escape)."""
    loader, _ = LOADERS[place]
    try:
        loader(data)
    except DataFolderError as exc:
        return str(exc)
    return None


def assert_located(message: str | None, place: str) -> None:
    """A message names the file, and the row unless the whole file is the problem."""
    if message is None:
        return
    assert LOADERS[place][1] in message, message
    assert re.search(r"第 \d+ 行", message) or any(reason in message for reason in WHOLE_FILE), message


def test_the_repository_files_load(office):
    assert [load(office, place) for place in LOADERS] == [None] * len(LOADERS)


@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(place=st.sampled_from(sorted(LOADERS)), content=st.binary(max_size=400))
def test_random_bytes_give_a_message_never_a_traceback(tmp_path_factory, place, content):
    data = office_folder(tmp_path_factory.mktemp("office"))
    (data / place).write_bytes(content)
    assert_located(load(data, place), place)


def mangle(text: str, line: int, how: str, cell: str) -> str:
    """``text`` with one line changed: a cell dropped, added or replaced, the line repeated or removed."""
    lines = text.splitlines()
    if not lines:
        return text
    line %= len(lines)
    cells = lines[line].split(",")
    if how == "drop-cell":
        cells = cells[:-1]
    elif how == "add-cell":
        cells.append(cell or "多余")
    elif how == "replace-cell":
        cells[len(cell) % len(cells)] = cell
    elif how == "repeat-line":
        lines.insert(line, lines[line])
    elif how == "remove-line":
        del lines[line]
    if how in ("drop-cell", "add-cell", "replace-cell"):
        lines[line] = ",".join(cells)
    return "\r\n".join(lines) + "\r\n"


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(place=st.sampled_from(sorted(LOADERS)), line=st.integers(0, 40),
       how=st.sampled_from(["drop-cell", "add-cell", "replace-cell", "repeat-line", "remove-line"]),
       cell=st.text(max_size=12), encoding=st.sampled_from(["utf-8", "utf-8-sig", "gbk"]))
def test_mangled_rows_give_a_message_never_a_traceback(tmp_path_factory, place, line, how, cell, encoding):
    data = office_folder(tmp_path_factory.mktemp("office"))
    text = mangle((data / place).read_text(encoding="utf-8"), line, how, cell)
    try:
        content = text.encode(encoding)
    except UnicodeEncodeError:
        content = text.encode("utf-8")
    (data / place).write_bytes(content)
    assert_located(load(data, place), place)


def write(data: Path, place: str, text: str, encoding: str = "utf-8") -> None:
    (data / place).write_bytes(text.encode(encoding))


# 有履行能力… is the category measures.csv scopes the six 限制高消费-type measures to: a category file without it stops the build.
REFUSING = "有履行能力但拒不履行、逃避执行,youlvxingnenglidanjubulvxing-taobizhixing,二（五）1,原文\r\n"
TERMS = "名称,标识,政策条款,政策原文\r\n虚假广告,xujiaguanggao,二（五）1,原文\r\n"
BLACK = "vocab/black-categories.csv"


@pytest.mark.parametrize(("place", "text", "expected"), [
    pytest.param(BLACK, "名称,政策条款,政策原文\r\n虚假广告,二（五）1,原文\r\n",
                 "词表文件 vocab/black-categories.csv 第 1 行（表头）缺少列：标识。列名须为 名称,标识,政策条款,政策原文", id="no-slug-column"),
    pytest.param(BLACK, TERMS + "欺诈,qizha,二（五）1\r\n",
                 "词表文件 vocab/black-categories.csv 第 3 行“政策原文”：本行只有 3 个单元格，表头有 4 列，多半是少了逗号。请补齐该行", id="short-row"),
    pytest.param(BLACK, TERMS + "欺诈,qizha,二（五）1,原文,多出来的\r\n",
                 "词表文件 vocab/black-categories.csv 第 3 行第 5 列：有内容“多出来的”但没有列名，多半是多了逗号。请删除多余的单元格", id="extra-cell"),
    pytest.param(BLACK, TERMS + "虚假广告,xujiaguanggao2,二（五）1,原文\r\n",
                 "词表文件 vocab/black-categories.csv 第 3 行“名称”：“虚假广告”与第 2 行重复。每个值只能出现一次", id="repeated-name"),
    pytest.param(BLACK, TERMS + "欺诈,xujiaguanggao,二（五）1,原文\r\n",
                 "词表文件 vocab/black-categories.csv 第 3 行“标识”：“xujiaguanggao”与第 2 行重复。每个值只能出现一次", id="repeated-slug"),
    pytest.param(BLACK, TERMS + "欺诈,欺诈,二（五）1,原文\r\n",
                 "词表文件 vocab/black-categories.csv 第 3 行“标识”：“欺诈”无效，须为小写字母或数字开头的小写字母、数字或连字符（至多 80 个）", id="bad-slug"),
    pytest.param(BLACK, TERMS + ",qizha,二（五）1,原文\r\n",
                 "词表文件 vocab/black-categories.csv 第 3 行“名称”为空。请填写名称或删除该行", id="no-name"),
    pytest.param(BLACK, "", "词表文件 vocab/black-categories.csv 为空或缺少列：名称、标识、政策条款、政策原文", id="empty"),
    pytest.param(BLACK, "名称,标识,政策条款,政策原文\r\n", "词表文件 vocab/black-categories.csv 没有词条", id="header-only"),
    pytest.param(BLACK, '名称,标识,政策条款,政策原文\r\n"虚假广告,xu\r\n',
                 "词表文件 vocab/black-categories.csv 第 2 行附近的引号或分隔符不成对（unexpected end of data）", id="open-quote"),
    pytest.param("vocab/measures.csv", "名称,标识,名单类型,政策条款,适用情形,适用类别,适用主体类型\r\n优先办理,youxian,白名单,二（四）2,对象,全部,全部\r\n",
                 "词表文件 vocab/measures.csv 第 2 行“名单类型”：“白名单”无效，须为红名单或黑名单", id="measure-list-type"),
    pytest.param("departments.csv", DEPARTMENTS_CSV + "scjgj,又一个,027-3\r\n",
                 "部门登记表 departments.csv 第 4 行“部门代码”：“scjgj”与第 2 行重复。每个值只能出现一次", id="repeated-department"),
    pytest.param("departments.csv", DEPARTMENTS_CSV + "市场局,市场局,027-3\r\n",
                 "部门登记表 departments.csv 第 4 行“部门代码”：“市场局”无效（须为小写字母开头的 2–32 位小写字母、数字或连字符）", id="bad-code"),
    pytest.param("departments.csv", DEPARTMENTS_CSV + "gaj,公安\r\n",
                 "部门登记表 departments.csv 第 4 行“联系电话”：本行只有 2 个单元格，表头有 3 列，多半是少了逗号。请补齐该行", id="short-register-row"),
    pytest.param("departments.csv", "部门代码,部门名称,联系电话\r\n", "部门登记表 departments.csv 没有登记任何部门（只有表头）", id="no-department"),
    pytest.param("departments.csv", "部门代码,部门名称,部门名称,联系电话\r\n",
                 "部门登记表 departments.csv 第 1 行（表头）：列名“部门名称”出现了不止一次。请删除重复的列", id="repeated-column"),
])
def test_each_broken_file_is_named_with_its_row_and_column(office, place, text, expected):
    write(office, place, text)
    assert load(office, place) == expected


def test_a_vocabulary_saved_as_gbk_is_read(office):
    """Excel on a Chinese Windows saves GBK: read like a department's CSV, not a traceback."""
    write(office, BLACK, TERMS + REFUSING, encoding="gbk")
    assert load(office, BLACK) is None
    assert list(load_vocabulary(office).categories["黑名单"]) == ["虚假广告", "有履行能力但拒不履行、逃避执行"]


def test_a_vocabulary_pasted_together_from_gbk_and_utf8_is_refused(office):
    content = TERMS.encode("gbk") + "欺诈行为示例,qizha,二（五）1,原文\r\n".encode()
    (office / BLACK).write_bytes(content)
    assert load(office, BLACK) == ("词表文件 vocab/black-categories.csv 第 1 行不是 UTF-8，第 3 行是：文件混用了两种编码。"
                                   "请另存为“CSV UTF-8（逗号分隔）”")


def test_blank_rows_and_other_columns_are_ignored(office):
    write(office, BLACK, "名称,标识,政策条款,政策原文,说明\r\n\r\n 虚假广告 ,xujiaguanggao,二（五）1,原文,内部\r\n,,,,\r\n" + REFUSING.replace("\r\n", ",\r\n"))
    assert list(load_vocabulary(office).categories["黑名单"]) == ["虚假广告", "有履行能力但拒不履行、逃避执行"]


@pytest.mark.parametrize("place", sorted(LOADERS))
def test_the_build_exits_1_with_the_message(office, tmp_path, capsys, place):
    write_csv(office / "submissions" / "scjgj" / "2024-01-01-黑名单.csv", [black_org()])
    (office / "matters").mkdir()
    write_csv(office / "matters" / "scjgj.csv", [], header=("事项名称", "事项类型", "使用方式", "设定依据"))
    (office / place).write_bytes(b"\xff\xfe\x00\x81" * 10)
    code = main(["build", "--data", str(office), "--output", str(tmp_path / "site"), "--reports", str(tmp_path / "reports"),
                 "--as-of", AS_OF.isoformat()])
    assert code == 1
    assert capsys.readouterr().err == f"构建失败：{LOADERS[place][1]} 的编码无法识别\n"
    assert not (tmp_path / "site").exists()
