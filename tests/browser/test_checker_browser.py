"""The file checker at /guide/check/ in headless Chromium: the same findings as ``validate --json``.

One page is opened for the whole module (Pyodide starts once, a few seconds)
and every file is checked in it: each bad file of tests/fixtures/bad/, a GBK
CSV and an xlsx with 更新, 移出 and 新增 rows of entries the site publishes.
For each, the page's (row, column, code) set, encoding and row count must be
exactly those of ``build_lists.py validate --json --department scjgj`` on the
same file, run against data/ (the data the test site is built from).

Every request of the page's context is routed: one to any host but the local
server, or with any method but GET, is aborted and recorded, and the module's
last test asserts that none was made, that nothing but the site's own files
was fetched, and that no request carried the file. The guard is first shown
to catch a foreign request and a POST.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import openpyxl
import pytest

from credit_rows import black_org, red_person, row, withdrawal, write_csv, write_xlsx
from creditlists.cli import main as cli_main
from tests.browser.harness import ROOT, Traffic, guarded_context, refused_by_the_guard

BAD = ROOT / "tests" / "fixtures" / "bad"
BAD_FILES = sorted(p.name for p in BAD.iterdir() if p.suffix in (".csv", ".xlsx", ".txt"))
DEPARTMENT = "scjgj"
STARTUP_MS = 60_000  # first check: download and start Pyodide
CHECK_MS = 20_000



@pytest.fixture(scope="module")
def traffic() -> Traffic:
    return Traffic()


@pytest.fixture(scope="module")
def checker(browser, site_url: str, traffic: Traffic) -> Iterator[object]:
    context = guarded_context(browser, site_url, traffic, accept_downloads=True)
    page = context.new_page()
    page.goto("guide/check/")
    yield page
    context.close()


def check_in_page(page, path: Path, department: str = DEPARTMENT) -> dict:
    """Choose the department and the file as a clerk does; the findings as the page shows them."""
    run = int(page.get_attribute("#check-result", "data-run") or 0) + 1
    page.select_option("#check-department", department)
    page.set_input_files("#check-file", str(path))
    page.wait_for_function(
        "run => document.getElementById('checker').dataset.state === 'failed' || document.getElementById('check-result').dataset.run == run",
        arg=run, timeout=STARTUP_MS if run == 1 else CHECK_MS)
    assert page.get_attribute("#checker", "data-state") == "done", page.text_content("#check-message")
    result = page.locator("#check-result")
    found = page.eval_on_selector_all("#check-table tbody tr", "rows => rows.map(r => [r.dataset.row, r.dataset.column, r.dataset.code])")
    return {"file": result.get_attribute("data-file"), "encoding": result.get_attribute("data-encoding") or None,
            "rows": int(result.get_attribute("data-rows")), "accepted": int(result.get_attribute("data-accepted")),
            "problems": {(int(r) if r else None, c or None, code) for r, c, code in found}}


def validate(path: Path, department: str = DEPARTMENT) -> dict:
    """``build_lists.py validate --json --department`` on the same file, as today (the page's date too), against data/."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        cli_main(["validate", "--json", "--data", str(ROOT / "data"), "--department", department, str(path)])
    (report,) = json.loads(out.getvalue())["files"]
    return {"file": path.name, "encoding": report["encoding"], "rows": report["rows"], "accepted": report["accepted"],
            "problems": {(p["row"], p["column"], p["code"]) for p in report["errors"] + report["warnings"]}}


def test_the_guard_catches_a_foreign_request_and_a_post(browser, site_url: str) -> None:
    """First the hazard: a request to another host and a POST to the site itself are caught and refused."""
    seen = refused_by_the_guard(browser, site_url, "guide/check/", "register.json", "the file")
    assert sorted(seen.refused) == ["GET http://example.invalid/collect", f"POST {site_url}guide/check/register.json"]  # in either order
    assert ("POST", b"the file") in [(method, body) for method, _, body in seen.requests]


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_bad_file_gives_what_validate_gives(checker, name: str) -> None:
    assert check_in_page(checker, BAD / name) == validate(BAD / name)


def published_keys(built_site: Path) -> list[dict[str, str]]:
    """The department's published keys, as the page gets them."""
    keys = json.loads((built_site / "guide" / "check" / "keys" / f"{DEPARTMENT}.keys.json").read_text(encoding="utf-8"))["entries"]
    return [k for k in keys if k["list_type"] == "黑名单"]


def rows_against_published(keys: list[dict[str, str]]) -> list[dict[str, object]]:
    """更新 and 移出 of published entries, 新增 of a published key, 更新 of none, a bad code, a new person, a blank row."""
    first, second = keys[0], keys[1]
    return [
        black_org(操作="更新", 统一社会信用代码=first["uscc"], 决定文书号=first["decision"], 列入事由="更正后的事由"),
        withdrawal(统一社会信用代码=second["uscc"], 决定文书号=second["decision"], 移出原因="撤销"),
        black_org(统一社会信用代码=first["uscc"], 决定文书号=first["decision"]),
        black_org(操作="更新", 决定文书号="武昌市监罚〔2099〕1号"),
        black_org(统一社会信用代码="91420106MA4K000010", 决定文书号="武昌市监罚〔2026〕901号"),
        red_person(决定文书号="武昌市监信〔2026〕902号", 主体名称="王示例"),
        ["", ""],
    ]


def test_a_gbk_csv_gives_what_validate_gives(checker, built_site: Path, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "2026-11-20-红黑名单及更新、移出.csv", rows_against_published(published_keys(built_site)), encoding="gb18030")
    shown, expected = check_in_page(checker, path), validate(path)
    assert shown == expected
    assert expected["encoding"] == "gb18030" and {code for _, _, code in expected["problems"]} == {
        "duplicate-key", "unknown-key", "bad-uscc-checksum", "blank-row"}


def test_an_xlsx_gives_what_validate_gives(checker, built_site: Path, tmp_path: Path) -> None:
    rows = rows_against_published(published_keys(built_site)[2:]) + [black_org(统一社会信用代码=9.14201e17, 决定文书号="武昌市监罚〔2026〕903号")]
    path = write_xlsx(tmp_path / "2026-11-21-黑名单.xlsx", rows)
    shown, expected = check_in_page(checker, path), validate(path)
    assert shown == expected
    assert expected["encoding"] == "xlsx" and "identifier-as-number" in {code for _, _, code in expected["problems"]}


def test_the_findings_download_as_an_xlsx(checker) -> None:
    with checker.expect_download() as waiting:
        checker.click("#check-download")
    download = waiting.value
    assert download.suggested_filename == "2026-11-21-黑名单-检查结果.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("文件", "2026-11-21-黑名单.xlsx")
    shown = checker.eval_on_selector_all("#check-table tbody tr", "rows => rows.map(r => r.dataset.code)")
    assert sorted(r[3] for r in rows[rows.index(("行", "列", "列号", "代码", "类别", "说明")) + 1:]) == sorted(shown)


def summary(page) -> dict[str, str]:
    """The result's summary as the page shows it: term -> value."""
    pairs = page.eval_on_selector_all("#check-summary dt, #check-summary dd", "items => items.map(i => i.textContent)")
    return dict(zip(pairs[::2], pairs[1::2], strict=True))


def test_a_file_named_as_on_the_desktop_is_checked_with_a_warning(checker, tmp_path: Path) -> None:
    """Issue 13: 黑名单.xlsx, as a clerk saves it, gets file-name-needs-date and its rows are checked, as validate does."""
    path = write_xlsx(tmp_path / "黑名单.xlsx", [black_org(决定文书号="武昌市监罚〔2026〕904号")])
    shown, expected = check_in_page(checker, path), validate(path)
    assert shown == expected
    assert (shown["problems"], shown["accepted"]) == ({(None, None, "file-name-needs-date")}, 1)
    assert summary(checker)["编码"] == "Excel 工作簿（.xlsx）"


def test_the_encoding_is_named_as_a_clerk_knows_it(checker, built_site: Path, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "2026-11-22-黑名单.csv", [black_org(决定文书号="武昌市监罚〔2026〕905号")], encoding="gb18030")
    check_in_page(checker, path)
    assert summary(checker)["编码"] == "GBK/GB18030"


def resent_rows(built_site: Path) -> list[dict[str, object]]:
    """Two published organisations sent again as the open data shows them: one unchanged, one with another 列入事由."""
    entries = json.loads((built_site / "data" / "entries.json").read_text(encoding="utf-8"))["entries"]
    first, second = [e for e in entries if e["认定部门代码"] == DEPARTMENT and e["主体类型"] != "自然人"][:2]

    def sent(entry: dict[str, str], **changes: str) -> dict[str, object]:
        published = {column: entry[column] for column in entry if column not in ("身份证件号码", "认定部门代码", "认定部门")}
        return row(**{**published, **changes})

    return [sent(first), sent(second, 列入事由=second["列入事由"] + "（更正）")]


def test_a_file_sent_again_gives_what_validate_gives(checker, built_site: Path, tmp_path: Path) -> None:
    """The page tells an unchanged 新增 of a published entry (a warning) from a changed one (duplicate-key), as validate does."""
    path = write_csv(tmp_path / "2026-11-22-重报.csv", resent_rows(built_site))
    shown, expected = check_in_page(checker, path), validate(path)
    assert shown == expected
    assert expected["problems"] == {(2, "决定文书号", "already-published"), (3, "决定文书号", "duplicate-key")}
    assert expected["accepted"] == 1


def test_the_page_says_what_it_cannot_check_for_persons(checker) -> None:
    text = checker.locator(".check-limits").inner_text()
    assert "自然人" in text and "unknown-key" in text and "duplicate-key" in text and "id-number-part-in-text" in text
    intro = checker.locator(".check-promises").inner_text()
    assert "文件不会离开您的电脑" in intro and " MB" in intro


def test_on_a_phone_the_results_fit_the_screen(checker, tmp_path: Path) -> None:
    checker.set_viewport_size({"width": 360, "height": 740})
    try:
        check_in_page(checker, BAD / "ragged-rows.csv")
        assert checker.evaluate("document.documentElement.scrollWidth") <= 360
        checker.screenshot(path=str(tmp_path / "checker-phone.png"), full_page=True)
    finally:
        checker.set_viewport_size({"width": 1280, "height": 720})


def test_without_javascript_the_page_points_to_the_builds_report(browser, site_url: str) -> None:
    traffic = Traffic()
    context = guarded_context(browser, site_url, traffic, java_script_enabled=False)
    page = context.new_page()
    page.goto("guide/check/")
    assert "部门校验报告" in page.locator("noscript").first.text_content()
    assert not page.locator("#checker").is_visible()
    assert [path for _, url, _ in traffic.requests if "pyodide" in (path := urlsplit(url).path)] == []
    context.close()


def test_no_request_left_the_site_or_carried_the_file(checker, traffic: Traffic, site_url: str) -> None:
    """Runs last: over every check above, only GETs of the site's own files, no body, nothing refused, no console error."""
    assert traffic.refused == [] and traffic.console_errors == []
    assert {method for method, _, _ in traffic.requests} == {"GET"}
    assert [url for _, url, body in traffic.requests if body] == []
    paths = {unquote(urlsplit(url).path) for _, url, _ in traffic.requests if urlsplit(url).scheme == "http"}  # not the download's blob:
    allowed = ("/guide/check/", "/theme/")
    assert [p for p in paths if not p.startswith(allowed)] == []
    assert [p for p in paths if any(name in p for name in BAD_FILES) or "黑名单.xlsx" in p or "更新、移出" in p] == []
    assert {"/guide/check/pyodide/pyodide.asm.wasm", "/guide/check/python/checker.zip", f"/guide/check/keys/{DEPARTMENT}.keys.json"} <= paths
