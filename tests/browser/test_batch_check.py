"""The batch check at /check/ in headless Chromium, on the sample site.

A list of 200 lines mixes subjects in force with withdrawn, expired and
rejected ones and made-up ones, codes typed as they are, in lower case,
full-width and grouped with spaces, with and without names: exactly the lines
of subjects in force are reported as listed, each with exactly its entries in
force. A short list gets 名称相近 candidates marked as such, never as hits;
a CSV and an xlsx give what pasting gives; the download is an xlsx of text
cells with the dated record; the printed page keeps the record and drops the
form; more than the limit is refused.

Every request of the module's pages is routed: one to any host but the local
server, or with any method but GET, is aborted and recorded, and the module's
last test asserts that none was made and that nothing but the site's own
files was fetched. The guard is first shown to catch a foreign request and a POST.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
from pathlib import Path
from urllib.parse import urlsplit

import openpyxl
import pytest

from creditlists import schema as s
from creditlists import settings
from creditlists.intake.normalize import clean_code, clean_text
from creditlists.pipeline import compile_dataset
from tests.batch_subjects import (
    CURRENT,
    Subject,
    current_subjects,
    gone_subjects,
    line_of,
    looked_up_by_code,
    typed_code,
    unknown_subjects,
)
from tests.browser.harness import ROOT, Traffic, guarded_context, refused_by_the_guard

AS_OF = dt.date(2026, 11, 29)
# The check started after ``attempt`` (batch_check.js counts them in data-attempt) has ended.
DONE = "attempt => { const box = document.getElementById('batch-check'); return box.dataset.attempt > attempt && box.dataset.state !== 'working'; }"
CHECK_MS = 30_000
# The files the page may fetch: its own, the theme's, the lookup files and the search's.
SITE_FILES = ("check/", "theme/", "search/")



@pytest.fixture(scope="module")
def traffic() -> Traffic:
    return Traffic()


@pytest.fixture(scope="module")
def context(browser, site_url: str, traffic: Traffic):
    made = guarded_context(browser, site_url, traffic, accept_downloads=True)
    yield made
    made.close()


@pytest.fixture
def checker(context):
    page = context.new_page()
    page.goto("check/")
    yield page
    page.close()


@pytest.fixture(scope="module")
def entries(built_site: Path) -> list[dict[str, str]]:
    return json.loads((built_site / "data" / "entries.json").read_text(encoding="utf-8"))["entries"]


@pytest.fixture(scope="module")
def subjects() -> tuple[list[Subject], list[Subject]]:
    dataset = compile_dataset(ROOT / "data", AS_OF)
    return current_subjects(dataset), gone_subjects(dataset, ROOT / "data")


def run_check(page, text: str | None = None, file: Path | None = None) -> dict[int, tuple[str, list[str]]]:
    """Paste ``text`` (or choose ``file``) and check; line -> (verdict, sorted decisions of its hits)."""
    attempt = int(page.get_attribute("#batch-check", "data-attempt") or 0)
    if file is None:  # as a paste puts it there (Playwright's fill types long texts slowly)
        page.eval_on_selector("#bc-input", "(box, text) => { box.value = text; }", text or "")
        page.click("#bc-run")
    else:
        page.set_input_files("#bc-file", str(file))
    page.wait_for_function(DONE, arg=attempt, timeout=CHECK_MS)
    return page_result(page)


def page_result(page) -> dict[int, tuple[str, list[str]]]:
    rows = page.eval_on_selector_all("#bc-table tbody tr", "rows => rows.map(r => [r.dataset.line, r.dataset.verdict, r.dataset.decision || ''])")
    found: dict[int, tuple[str, list[str]]] = {}
    for line, verdict, decision in rows:
        if verdict != "similar":
            before = found.get(int(line), (verdict, []))
            found[int(line)] = (verdict, sorted(before[1] + ([decision] if decision else [])))
    return found


def expected_decisions(entries: list[dict[str, str]], subject: Subject, by_code: bool) -> list[str]:
    if by_code:
        return sorted(e[s.DECISION] for e in entries if e[s.USCC] and clean_code(e[s.USCC]) == subject.code)
    return sorted(e[s.DECISION] for e in entries if clean_text(e[s.NAME]) == subject.name)


def test_the_guard_catches_a_foreign_request_and_a_post(browser, site_url: str) -> None:
    """First the hazard: a request to another host and a POST to the site itself are caught and refused."""
    seen = refused_by_the_guard(browser, site_url, "check/", "meta.json", "the list")
    assert sorted(seen.refused) == ["GET http://example.invalid/collect", f"POST {site_url}check/meta.json"]  # in either order


def test_two_hundred_lines_report_exactly_the_subjects_in_force(checker, entries, subjects):
    current, gone = subjects
    rng = random.Random(20180920)
    chosen = rng.sample(current, 90) + gone
    mix = chosen + unknown_subjects(200 - len(chosen), rng, current + gone)
    rng.shuffle(mix)
    lines = [line_of(subject, style) for style, subject in enumerate(mix)]
    assert len(lines) == 200 and len(gone) >= 40 and any(x.person for x in mix)
    assert any(line.startswith(typed_code(x.code, 2)) for line, x in zip(lines, mix) if x.code)  # full-width codes are in it

    found = run_check(checker, "\n".join(lines))
    assert sorted(found) == list(range(1, 201))
    listed = {n for n, (verdict, _) in found.items() if verdict == "listed"}
    assert listed == {n for n, x in enumerate(mix, start=1) if x.kind == CURRENT}
    wrong = {n: (found[n][1], expected_decisions(entries, x, looked_up_by_code(x, n - 1)))
             for n, x in enumerate(mix, start=1) if x.kind == CURRENT and found[n][1] != expected_decisions(entries, x, looked_up_by_code(x, n - 1))}
    assert wrong == {}
    assert checker.get_attribute("#bc-result", "data-listed") == str(len(listed))
    summary = checker.inner_text("#bc-summary")
    assert "核查时间" in summary and f"数据更新至\n{AS_OF.isoformat()}" in summary and f"共 200 行；{len(listed)} 行在列" in summary
    assert checker.locator("#bc-table tr[data-verdict=similar]").count() == 0  # more than 50 lines: no 名称相近


def test_a_person_is_found_by_name_only_and_shown_with_the_masked_id(checker, entries):
    person = next(e for e in entries if e[s.SUBJECT_TYPE] == s.PERSON)
    run_check(checker, person[s.NAME])
    row = checker.locator("#bc-table tbody tr[data-verdict=listed]").first
    text = row.inner_text()
    assert person[s.ID_NUMBER] in text and person[s.ID_NUMBER].count("*") == 11
    assert "仅按姓名匹配" in text and "不能说明是同一人" in text


def test_a_short_list_gets_similar_names_marked_as_such_never_as_hits(checker, entries):
    organisation = next(e for e in entries if e[s.USCC] and e[s.NAME].endswith("有限公司"))
    shortened = organisation[s.NAME][: -len("有限公司")] + "公司"  # not the full name: no hit
    found = run_check(checker, f"{shortened}\n核查对照示例不存在的名称")
    assert found == {1: ("not-listed", []), 2: ("not-listed", [])}
    similar = checker.locator("#bc-table tbody tr[data-verdict=similar][data-line='1']")
    assert similar.count() >= 1
    assert organisation[s.DECISION] in [similar.nth(i).get_attribute("data-decision") for i in range(similar.count())]
    assert all("名称相近（不是核查结果）" in similar.nth(i).inner_text() for i in range(similar.count()))
    assert checker.get_attribute("#bc-result", "data-listed") == "0"


def write_lists(folder: Path, organisations: list[dict[str, str]]) -> tuple[Path, Path]:
    """The same list as a GBK CSV with a header and a numbering column, and as an xlsx (one code as a number)."""
    rows = [[str(i), o[s.USCC].lower(), o[s.NAME]] for i, o in enumerate(organisations, start=1)] + [["9", "", "核查对照示例有限公司"]]
    csv_path = folder / "名单.csv"
    csv_path.write_bytes(("序号,统一社会信用代码,单位名称\r\n" + "".join(",".join(r) + "\r\n" for r in rows)).encode("gb18030"))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["统一社会信用代码", "名称"])
    for row in rows:
        sheet.append([row[1] or None, row[2]])
    sheet.append([9.14201061966601e17, "核查对照示例数字代码有限公司"])
    xlsx_path = folder / "名单.xlsx"
    workbook.save(xlsx_path)
    return csv_path, xlsx_path


def test_a_csv_and_an_xlsx_give_what_the_rows_hold(checker, entries, tmp_path):
    organisations = [e for e in entries if e[s.USCC]][:3]
    csv_path, xlsx_path = write_lists(tmp_path, organisations)
    listed = {n + 2: ("listed", sorted(e[s.DECISION] for e in entries if e[s.USCC] == o[s.USCC])) for n, o in enumerate(organisations)}
    assert run_check(checker, file=csv_path) == {**listed, 5: ("not-listed", [])}
    assert "文件 名单.csv（按表头取列）" in checker.inner_text("#bc-summary")
    found = run_check(checker, file=xlsx_path)
    assert found == {**listed, 5: ("not-listed", []), 6: ("not-listed", [])}
    assert "存成了数字" in checker.inner_text("#bc-table tbody tr[data-line='6']")


def test_the_download_is_an_xlsx_of_text_cells_with_the_dated_record(checker, entries):
    organisation = next(e for e in entries if e[s.USCC])
    run_check(checker, f"{organisation[s.USCC].lower()}\n核查对照示例有限公司")
    with checker.expect_download() as waiting:
        checker.click("#bc-download")
    download = waiting.value
    assert download.suggested_filename.startswith("批量核查-") and download.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert [r[0] for r in rows[1:5]] == ["核查时间", "数据更新至", "名单", "核查结果"]
    assert rows[2][1] == AS_OF.isoformat() and rows[4][1].startswith("共 2 行；1 行在列")
    header = rows.index(next(r for r in rows if r[0] == "行"))
    table = rows[header + 1:]
    decisions = sorted(r[9] for r in table if r[9])
    assert decisions == sorted(e[s.DECISION] for e in entries if e[s.USCC] == organisation[s.USCC])
    assert {r[6] for r in table if r[9]} == {organisation[s.USCC]}
    assert {c.data_type for row in sheet.iter_rows() for c in row if c.value is not None} == {"s"}  # text only: codes stay whole


def test_the_printed_record_keeps_the_result_and_drops_the_form(checker, entries):
    run_check(checker, entries[0][s.NAME])
    checker.emulate_media(media="print")
    try:
        assert not checker.is_visible("#bc-form") and not checker.is_visible(".bc-actions")
        assert checker.is_visible(".bc-print-title") and checker.is_visible("#bc-summary") and checker.is_visible(".bc-sign")
        summary = checker.inner_text("#bc-summary")
        assert all(label in summary for label in ("核查时间", "数据更新至", "核查结果"))
    finally:
        checker.emulate_media(media="screen")


def test_more_lines_than_the_limit_are_refused(checker):
    run_check(checker, "\n".join(f"核查对照{i}" for i in range(settings.CHECK_MAX_LINES + 1)))
    assert checker.get_attribute("#batch-check", "data-state") == "too-long"
    assert str(settings.CHECK_MAX_LINES) in checker.text_content("#bc-message")


def test_on_a_phone_the_result_needs_no_sideways_scrolling(context, entries):
    page = context.new_page()
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("check/")
    run_check(page, "\n".join(e[s.NAME] for e in entries[:5]))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.close()


def test_no_request_left_the_site(traffic, site_url):
    """Last: everything the module's pages fetched was a GET of the site's own files, without a body."""
    assert traffic.requests and traffic.refused == [] and traffic.console_errors == []
    assert {method for method, _, _ in traffic.requests} == {"GET"}
    assert [url for _, url, body in traffic.requests if body or not url.startswith(site_url)] == []
    paths = {urlsplit(url).path.lstrip("/") for _, url, _ in traffic.requests}
    assert [p for p in paths if not p.startswith(SITE_FILES)] == []
    assert any(p.startswith("check/code/") for p in paths) and any(p.startswith("check/name/") for p in paths)
