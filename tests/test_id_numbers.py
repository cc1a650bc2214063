"""ID numbers found however they are written, by the validator first and the leak check too.

One detector (``identifiers.id_numbers_in``) serves both. The property tests
write a valid ID number with any of the separators a clerk or an attacker may
use, in either width, glued to letters or digits, into any published text: the
validator must reject the row naming the column, and the leak check must find
the number in a published file. Decision numbers, amounts and phone numbers
must pass both.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credit_rows import AS_OF, DEPARTMENTS_CSV, PERSON_ID, ROOT, black_org, flat, red_person, write_csv
from creditlists.cli import main
from creditlists.intake.identifiers import id_check_char, id_numbers_in, mask_id_number
from creditlists.publish import leaks
from creditlists.schema import ID_NUMBER

SEPARATORS = [" ", "  ", "-", "--", ".", "/", "\\", "\u00a0", "\u3000", "\u202f", "\u2009", "\u200b", "\u2060", "\ufeff",
              "\uff0d", "\uff0e", "\uff0f", "\u2014", "\u00b7", " - ", "\t", "\u200b \u200b"]
TEXT_COLUMNS = ["主体名称", "法定代表人", "列入事由", "认定依据", "决定文书号"]


@st.composite
def id_numbers(draw: st.DrawFn) -> str:
    """A valid resident ID number: region, birth date from 1900 to the build date, sequence, check character."""
    region = draw(st.integers(110000, 829999))
    born = draw(st.dates(dt.date(1900, 1, 1), AS_OF))
    body = f"{region}{born:%Y%m%d}{draw(st.integers(0, 999)):03d}"
    return body + id_check_char(body)


@st.composite
def written(draw: st.DrawFn, number: str) -> str:
    """``number`` as someone might type it: groups, separators, full-width digits, a lower-case x, glued neighbours."""
    cuts = sorted(draw(st.sets(st.integers(1, 17), max_size=6)))
    parts = [number[i:j] for i, j in zip([0, *cuts], [*cuts, 18])]
    text = parts[0] + "".join(draw(st.sampled_from(SEPARATORS)) + part for part in parts[1:])
    if draw(st.booleans()):
        text = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() and draw(st.booleans()) else c for c in text)
    if draw(st.booleans()):
        text = text.replace("X", "x")
    before = draw(st.sampled_from(["", "ID", "No.", "1", "身份证", "编号A"]))
    after = draw(st.sampled_from(["", "x", "X", "7", "号", "ab"]))
    return before + text + after


@st.composite
def planted(draw: st.DrawFn) -> tuple[str, str, str]:
    """(the number, the column, the column's text with the number written inside)."""
    number = draw(id_numbers())
    text = draw(st.sampled_from(["", "甲示例", "发布虚假广告，"])) + draw(written(number)) + draw(st.sampled_from(["", "公司", "。"]))
    return number, draw(st.sampled_from(TEXT_COLUMNS)), text


ORDINARY = st.one_of(
    st.builds(lambda y, n: f"武昌市监罚〔{y}〕{n}号", st.integers(2000, 2026), st.integers(1, 99999)),
    st.builds(lambda y, n: f"（{y}）鄂0106执{n}号", st.integers(2000, 2026), st.integers(1, 9999)),
    st.builds(lambda a, c: f"罚款 {a:,}.{c:02d} 元", st.integers(0, 10**12), st.integers(0, 99)),
    st.builds(lambda a: f"金额{a}元", st.integers(0, 10**13)),
    st.builds(lambda n: f"027-{n:08d}", st.integers(0, 10**8 - 1)),
    st.builds(lambda n: f"1{n:010d}", st.integers(3 * 10**9, 10**10 - 1)),
    st.builds(lambda d: f"{d:%Y-%m-%d}", st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1))),
)

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY
@given(planted())
def test_any_written_id_number_is_found_by_the_detector(case):
    number, _, text = case
    assert number in id_numbers_in([text])


@PROPERTY
@given(planted())
def test_any_written_id_number_in_published_text_rejects_the_row(validate_csv, case):
    _, column, text = case
    changes = {column: text}
    if column == "决定文书号":
        changes[column] = "武昌市监罚〔2024〕" + text
    report = validate_csv([black_org(**changes)])
    assert (2, column, "id-number-in-text") in flat(report)
    assert report.accepted == []


@PROPERTY
@given(planted())
def test_any_written_id_number_is_caught_by_the_leak_check(tmp_path_factory, case):
    number, _, text = case
    folder = tmp_path_factory.mktemp("published")
    (folder / "page.html").write_text(f"<td>{text}</td>", encoding="utf-8")
    (folder / "clean.html").write_text("<td>甲示例公司</td>", encoding="utf-8")
    assert [(leak.path, number in leak.found) for leak in leaks.find_leaks(folder, set())] == [("page.html", True)]
    # the prefilter the render workers apply to the bytes as they write them never clears it either
    assert leaks.clear_of_runs("page.html", f"<td>{text}</td>".encode()) is False
    assert leaks.clear_of_runs("clean.html", "<td>甲示例公司</td>".encode()) is True


@PROPERTY
@given(st.lists(ORDINARY, min_size=1, max_size=4))
def test_decision_numbers_amounts_and_phone_numbers_are_not_id_numbers(validate_csv, texts):
    text = "，".join(texts)
    assert id_numbers_in([text]) == set()
    assert flat(validate_csv([black_org(列入事由=text)])) == []


def test_the_detector_first_shows_what_the_old_pattern_missed():
    """The hazard: 18 contiguous digits with nothing glued was all the old check looked for."""
    import re

    old = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
    disguised = ["4201 0619 7503 1512 35", "420106-19750315-1235", "4201.0619.7503.1512.35", f"{PERSON_ID}x", f"ID{PERSON_ID}",
                 "420106\u00a019750315\u00a01235", f"{PERSON_ID}7"]
    assert [bool(old.search(text)) for text in disguised] == [False] * len(disguised)
    assert [id_numbers_in([text]) for text in disguised] == [{PERSON_ID}] * len(disguised)


def test_an_id_number_written_with_groups_in_its_own_column_is_accepted_and_masked(validate_csv):
    report = validate_csv([red_person(身份证件号码="4201 0619-7503.1512 35")])
    assert flat(report) == [] and report.accepted[0].values[ID_NUMBER] == PERSON_ID
    assert mask_id_number(PERSON_ID) == "420106***********5"


def test_a_jsonescaped_or_zipped_number_is_still_found(tmp_path):
    import zipfile

    (tmp_path / "a.json").write_text('{"name": "\\u0034\\u0032' + PERSON_ID[2:] + '"}', encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "b.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", f"<t>{PERSON_ID[:6]} {PERSON_ID[6:]}</t>")
    assert [leak.path for leak in leaks.find_leaks(tmp_path, set())] == ["a.json", "b.xlsx"]
    assert [leaks.clear_of_runs(name, (tmp_path / name).read_bytes()) for name in ("a.json", "b.xlsx")] == [False, False]


def test_a_file_cleared_as_written_is_read_again_once_anyone_rewrites_it(tmp_path):
    """The checks skip what the build cleared as it wrote it; a later write of the same path undoes that."""
    from creditlists.publish.allowlist import WrittenFiles

    (tmp_path / "page.html").write_text(f"<td>{PERSON_ID}</td>", encoding="utf-8")
    written = WrittenFiles()
    written.add_checked("page.html", clear=True, compressed=True)  # as a render worker records a clear page
    assert leaks.find_leaks(tmp_path, set(), ["page.html"], written.clear) == []  # the skip is real: the mark must be right
    written.add("page.html")  # Pelican (or any other writer) wrote it again
    assert written.clear == set() and written.compressed == set()
    assert [leak.path for leak in leaks.find_leaks(tmp_path, set(), ["page.html"], written.clear)] == ["page.html"]


# --- through the build --------------------------------------------------------

@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "vocab", folder / "vocab")
    (folder / "departments.csv").write_text(DEPARTMENTS_CSV, encoding="utf-8")
    return folder


def build(data: Path, tmp_path: Path) -> int:
    return main(["build", "--data", str(data), "--output", str(tmp_path / "site"), "--reports", str(tmp_path / "reports"),
                 "--as-of", AS_OF.isoformat()])


def report_problems(tmp_path: Path, department: str) -> list[tuple]:
    """(row, column, code) of every problem in a department's build report."""
    import json

    report = json.loads((tmp_path / "reports" / f"{department}.json").read_text(encoding="utf-8"))
    return [(p["row"], p["column"], p["code"]) for f in report["files"] for p in f["errors"] + f["warnings"]]


def site_text(folder: Path) -> str:
    return "\n".join(text for p in sorted(folder.rglob("*")) if p.is_file() for text in leaks.readable_texts(p))


def test_one_bad_row_is_rejected_and_every_other_row_is_published(data, tmp_path, capsys):
    """An ID glued to letters used to pass validate and then stop every department's build with a traceback."""
    write_csv(data / "submissions" / "scjgj" / "2024-01-01-黑名单.csv", [
        black_org(),
        black_org(主体名称=f"乙示例ID{PERSON_ID}", 决定文书号="武昌市监罚〔2024〕2号"),
        black_org(列入事由="发布虚假广告，" + "4201 0619 7503 1512 35", 决定文书号="武昌市监罚〔2024〕3号"),
    ])
    write_csv(data / "submissions" / "rsj" / "2024-01-01-红名单.csv", [red_person()])
    assert build(data, tmp_path) == 0
    entries = (tmp_path / "site" / "data" / "entries.csv").read_text(encoding="utf-8-sig")
    assert "武昌市监罚〔2024〕1号" in entries and "李示例" in entries
    assert "武昌市监罚〔2024〕2号" not in entries and "武昌市监罚〔2024〕3号" not in entries
    assert id_numbers_in([site_text(tmp_path / "site")]) == set()
    assert report_problems(tmp_path, "scjgj") == [(3, "主体名称", "id-number-in-text"), (4, "列入事由", "id-number-in-text")]


def test_the_first_14_digits_of_a_submitted_number_reject_the_row_that_carries_them(data, tmp_path):
    write_csv(data / "submissions" / "rsj" / "2024-01-01-红名单.csv", [red_person()])
    write_csv(data / "submissions" / "scjgj" / "2024-01-01-黑名单.csv", [
        black_org(),
        black_org(法定代表人=f"张示例 {PERSON_ID[:6]}-{PERSON_ID[6:14]}", 决定文书号="武昌市监罚〔2024〕2号"),
    ])
    assert build(data, tmp_path) == 0
    assert report_problems(tmp_path, "scjgj") == [(3, "法定代表人", "id-number-part-in-text")]
    assert report_problems(tmp_path, "rsj") == []
    entries = (tmp_path / "site" / "data" / "entries.csv").read_text(encoding="utf-8-sig")
    assert "武昌市监罚〔2024〕1号" in entries and "武昌市监罚〔2024〕2号" not in entries  # only the row carrying them
    assert PERSON_ID[6:14] not in site_text(tmp_path / "site").replace("-", "")


def test_a_leak_the_rows_cannot_see_stops_the_build_with_a_message_and_publishes_nothing(data, tmp_path, capsys):
    """A number in the department register reaches the department page: the leak check stops the build."""
    write_csv(data / "submissions" / "scjgj" / "2024-01-01-黑名单.csv", [black_org()])
    assert build(data, tmp_path) == 0
    before = {p: p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()}
    (data / "departments.csv").write_text(DEPARTMENTS_CSV.replace("027-00000001", f"027-00000001 {PERSON_ID[:6]} {PERSON_ID[6:]}"), encoding="utf-8")
    assert build(data, tmp_path) == 1
    message = capsys.readouterr().err
    assert message.startswith("构建失败：构建结果中出现了身份证件号码") and "Traceback" not in message
    assert "department/scjgj/index.html" in message and "部门登记表" in message
    assert {p: p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()} == before
    assert not [p for p in tmp_path.iterdir() if "staging" in p.name]


def test_the_leak_message_names_the_submitted_row_it_came_from(data, tmp_path, monkeypatch, capsys):
    """Should a row ever get past the validator, the message leads back to its file and row."""
    monkeypatch.setattr("creditlists.intake.table.id_numbers_in_published", lambda *args: [])
    monkeypatch.setattr("creditlists.checker.reject_id_parts", lambda reports: None)
    write_csv(data / "submissions" / "scjgj" / "2024-01-01-黑名单.csv", [
        black_org(), black_org(列入事由=f"罚款，身份证 {PERSON_ID}", 决定文书号="武昌市监罚〔2024〕2号"),
    ])
    assert build(data, tmp_path) == 1
    message = capsys.readouterr().err
    assert "submissions/scjgj/2024-01-01-黑名单.csv 第 3 行“列入事由”" in message
    assert not (tmp_path / "site").exists()
