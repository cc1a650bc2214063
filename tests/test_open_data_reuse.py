"""Open data a journalist can use (issue 14): workbooks whose codes survive a
spreadsheet, a stable id and page for every entry, the change log as data,
a licence, a complete Data Package, and feeds that work anywhere.

The Calc test first shows the hazard is real (a plain import of entries.csv
destroys all-digit codes and codes with an E), then that entries.xlsx, and
entries.csv imported as the /data/ page says, keep every code.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path, PurePosixPath

import pytest

from credit_rows import AS_OF, ROOT, black_org, id_number, make_data_dir, red_person, uscc, withdrawal, write_csv
from creditlists import schema as s
from creditlists import settings
from creditlists.intake.filedates import name_date
from creditlists.intake.normalize import add_years
from creditlists.pipeline import compile_dataset
from creditlists.publish.build import BuildOptions, build_site
from creditlists.publish.opendata import ENTRY_FIELDS, ENTRY_ID, SUBJECT_PAGE, write_open_data

ATOM = "{http://www.w3.org/2005/Atom}"
NUMERIC = re.compile(r"\d+(E\d+)?")  # what a spreadsheet takes for a number


def numeric_codes(prefix: str, count: int) -> list[str]:
    """Valid codes made only of digits, or of digits around one E: ``prefix`` and a counter, kept when the check character is a digit."""
    found: list[str] = []
    for n in range(10_000):
        code = uscc(prefix + f"{n:0{17 - len(prefix)}d}")
        if NUMERIC.fullmatch(code) and code not in found:
            found.append(code)
        if len(found) == count:
            return found
    raise AssertionError(f"no {count} numeric-looking codes start with {prefix}")


# All digits; an E early (overflows to 1.79E+308), in the middle and late (a plain number in E notation).
HAZARDOUS = [*numeric_codes("9142010619666", 2), *numeric_codes("91420106090E7", 2), *numeric_codes("9E42010", 1),
             *numeric_codes("914201061234E", 1)]


def entry_rows() -> list[dict[str, object]]:
    rows = [black_org(主体名称=f"代码{n}示例公司", 统一社会信用代码=code, 决定文书号=f"武昌市监罚〔2024〕{n}号")
            for n, code in enumerate(HAZARDOUS, start=1)]
    return rows + [black_org(主体名称="=1+1示例", 统一社会信用代码=uscc("91420106MA4K00009"), 决定文书号="武昌市监罚〔2024〕99号")]


@pytest.fixture(scope="module")
def hazard_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Organisations with every shape of numeric-looking code, a formula-like name and a person, built as of AS_OF."""
    data = make_data_dir(tmp_path_factory.mktemp("hazard") / "data")
    write_csv(data / "submissions" / "scjgj" / "2024-06-01-黑名单.csv", entry_rows())
    write_csv(data / "submissions" / "rsj" / "2025-01-01-红名单.csv", [red_person()])
    output = data.parent / "output"
    build_site(data, output, data.parent / "reports", AS_OF)
    return output


def calc(source: Path, outdir: Path, infilter: str | None = None) -> Path:
    """Open ``source`` in LibreOffice Calc (headless) and save it as xlsx in ``outdir``: what a spreadsheet user gets."""
    assert shutil.which("soffice"), "LibreOffice Calc is missing: make setup installs Debian's libreoffice-calc-nogui"
    command = ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{outdir.parent}/lo-profile", "--convert-to", "xlsx"]
    command += [f"--infilter={infilter}"] if infilter else []
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run([*command, "--outdir", str(outdir), str(source)], check=True, capture_output=True, timeout=120)
    return outdir / (source.stem + ".xlsx")


def column(path: Path, name: str, sheet: str | None = None) -> list[object]:
    """The cells under the header ``name`` of a workbook's sheet (the first sheet if none is named)."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    rows = list((book[sheet] if sheet else book.worksheets[0]).iter_rows(values_only=True))
    at = rows[0].index(name)
    return [r[at] if r[at] is not None else "" for r in rows[1:]]


def published(site: Path) -> list[dict[str, str]]:
    return json.loads((site / "data" / "entries.json").read_text(encoding="utf-8"))["entries"]


def text_columns_filter() -> str:
    """Calc's CSV filter options as the /data/ page describes them: comma, quote, UTF-8 (76), header row; the code columns as text (2)."""
    text = [n for n, (name, _, _) in enumerate(ENTRY_FIELDS, start=1) if name in (ENTRY_ID, s.USCC, s.ID_NUMBER)]
    return "CSV:44,34,76,1," + "/".join(f"{n}/2" for n in text)


def test_calc_keeps_every_code_of_the_workbook_and_of_the_csv_imported_as_text(hazard_site, tmp_path):
    records = published(hazard_site)
    codes = [r[s.USCC] for r in records]
    assert set(HAZARDOUS) <= set(codes) and all(NUMERIC.fullmatch(code) for code in HAZARDOUS)
    shutil.copy(hazard_site / "data" / "entries.csv", tmp_path / "entries.csv")
    plain = column(calc(tmp_path / "entries.csv", tmp_path / "plain", "CSV:44,34,76,1"), s.USCC)
    assert [code for code, got in zip(codes, plain) if got != code] == sorted(HAZARDOUS, key=codes.index)  # the hazard is real
    assert all(isinstance(got, float) for code, got in zip(codes, plain) if code in HAZARDOUS)
    as_text = calc(tmp_path / "entries.csv", tmp_path / "as-text", text_columns_filter())
    workbook = calc(hazard_site / "data" / "entries.xlsx", tmp_path / "workbook")
    for path, sheet in ((as_text, None), (workbook, "数据")):
        for name in (s.USCC, s.ID_NUMBER, ENTRY_ID):
            assert column(path, name, sheet) == [r[name] for r in records], (path, name)
    assert column(workbook, s.NAME, "数据") == [r[s.NAME] for r in records]  # "=1+1示例" stays text, without a '
    assert column(workbook, s.START, "数据") == [r[s.START] for r in records]  # dates too


def test_the_data_page_offers_the_workbook_first_and_says_how_to_import_the_csv(hazard_site):
    page = (hazard_site / "data" / "index.html").read_text(encoding="utf-8")
    assert page.index('href="../data/entries.xlsx"') < page.index('href="../data/entries.csv"')
    assert "供程序读取" in page and "请不要直接用电子表格打开 CSV" in page
    for words in ("Unicode (UTF-8)", "“条目编号”“统一社会信用代码”“身份证件号码”各列", "“列类型”选“文本”"):
        assert words in page


def test_workbooks_say_what_they_are_and_keep_text_as_text(hazard_site):
    import openpyxl

    for name in ("entries", "changes", "matters", "usage"):
        book = openpyxl.load_workbook(hazard_site / "data" / f"{name}.xlsx")
        assert book.sheetnames == ["说明", "数据"], name
        about = {r[0]: r[1] for r in book["说明"].iter_rows(values_only=True) if r[0]}
        assert about["文件"] == f"{name}.xlsx" and about["数据日期"] == "2026-11-29"
        assert settings.OPEN_DATA_LICENSE["path"] in about["许可"]
        data = book["数据"]
        assert data.freeze_panes == "A2"
        text = [c for r in data.iter_rows(min_row=2) for c in r if isinstance(c.value, str)]
        assert {(c.data_type, c.number_format) for c in text} <= {("s", "@")}, name
        assert all(data.column_dimensions[c.column_letter].width >= 8 for c in data[1])
    book = openpyxl.load_workbook(hazard_site / "data" / "entries.xlsx")
    assert "=1+1示例" in [c.value for c in book["数据"]["D"]]
    assert book.properties.created == book.properties.modified == dt.datetime(2026, 11, 29)


def test_every_entry_has_an_id_and_its_subject_page_shows_it(hazard_site):
    with (hazard_site / "data" / "entries.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r[ENTRY_ID] for r in rows] == [r[ENTRY_ID] for r in published(hazard_site)]
    assert len({r[ENTRY_ID] for r in rows}) == len(rows) == len(HAZARDOUS) + 2
    for record in rows:
        assert re.fullmatch(r"e[0-9a-f]{16}", record[ENTRY_ID])
        page = (hazard_site / record[SUBJECT_PAGE] / "index.html").read_text(encoding="utf-8")
        assert f'id="{record[ENTRY_ID]}"' in page and f'<dd class="code">{record[ENTRY_ID]}</dd>' in page


def ids_by_decision(files: Path) -> dict[str, str]:
    return {r[s.DECISION]: r[ENTRY_ID] for r in json.loads((files / "entries.json").read_text(encoding="utf-8"))["entries"]}


def test_ids_stay_the_same_across_builds_with_other_data(tmp_path):
    """The same entries, with other entries beside them, an update and another department's files, keep their ids."""
    first = make_data_dir(tmp_path / "one")
    write_csv(first / "submissions" / "scjgj" / "2024-06-01-a.csv", [black_org(), black_org(统一社会信用代码=uscc("91420106MA4K00005"), 决定文书号="2号")])
    write_csv(first / "submissions" / "rsj" / "2025-01-01-a.csv", [red_person()])
    second = make_data_dir(tmp_path / "two")
    write_csv(second / "submissions" / "scjgj" / "2023-01-01-z.csv", [black_org(统一社会信用代码=uscc("91420106MA4K00006"), 决定文书号="3号")])
    write_csv(second / "submissions" / "scjgj" / "2024-07-01-b.csv", [black_org()])
    write_csv(second / "submissions" / "scjgj" / "2025-03-01-c.csv", [black_org(列入事由="更正后的事由", 操作="更新")])
    write_csv(second / "submissions" / "rsj" / "2025-02-01-b.csv", [red_person(), red_person(主体名称="王示例", 身份证件号码=id_number("42010619800101001"),
                                                                                             决定文书号="武昌人社〔2025〕2号")])
    ids = []
    for data in (first, second):
        write_open_data(compile_dataset(data, AS_OF), data.parent / f"{data.name}-output")
        ids.append(ids_by_decision(data.parent / f"{data.name}-output" / "data"))
    shared = {black_org()[s.DECISION], red_person()[s.DECISION]}
    assert {d: ids[0][d] for d in shared} == {d: ids[1][d] for d in shared}
    assert len(set(ids[0].values()) | set(ids[1].values())) == 5  # 3 + 4 entries, 2 of them the same
    person_id = red_person()[s.ID_NUMBER]
    assert all(str(person_id)[:14] not in i for i in ids[0].values())


# --- the change log against a plain replay of the sample data ---------------------------------

def plain_replay(as_of: dt.date) -> tuple[list[tuple[str, ...]], dict[tuple[str, str, str], dict[str, str]]]:
    """The sample's accepted rows replayed by hand, without merge.py: every event, and the entries in force at the end."""
    dataset = compile_dataset(ROOT / "data", as_of)
    columns = [c for c in s.PUBLISHED_COLUMNS if c not in (s.DEPARTMENT_CODE, s.DEPARTMENT_NAME)]

    def end(values: dict[str, str]) -> str:
        start = dt.date.fromisoformat(values[s.START])
        return values[s.END] or (add_years(start, settings.RED_LIST_DEFAULT_YEARS) - dt.timedelta(days=1)).isoformat()

    current: dict[tuple[str, str, str], tuple[str, dict[str, str]]] = {}
    events: list[tuple[object, ...]] = []
    for report in sorted(dataset.reports, key=lambda r: (r.department, name_date(PurePosixPath(r.path).name), PurePosixPath(r.path).name)):
        when = name_date(PurePosixPath(report.path).name).isoformat()
        for got in report.accepted:
            v, operation = got.values, got.values[s.OPERATION] or s.ADD
            key = (report.department, v[s.DECISION], v[s.USCC] if v[s.SUBJECT_TYPE] != s.PERSON else v[s.ID_NUMBER])
            if operation == s.ADD and key not in current:
                current[key] = (v[s.LIST_TYPE], v)
                events.append((when, s.ADD, v[s.LIST_TYPE], key, "", ()))
            elif operation == s.UPDATE:
                before = current[key][1]
                changed = tuple(c for c in columns if (end(before) != end(v) if c == s.END else before[c] != v[c]))
                current[key] = (v[s.LIST_TYPE], v)
                events.append((when, s.UPDATE, v[s.LIST_TYPE], key, "", changed))
            elif operation == s.WITHDRAW:
                list_type, _ = current.pop(key)
                events.append((when, s.WITHDRAW, list_type, key, v[s.WITHDRAWAL_REASON], ()))
    for key, (list_type, v) in list(current.items()):
        if end(v) < as_of.isoformat():
            del current[key]
            events.append(((dt.date.fromisoformat(end(v)) + dt.timedelta(days=1)).isoformat(), s.EXPIRE, list_type, key, "公示期届满", ()))
    shown = []
    for when, action, list_type, key, reason, changed in events:
        entry = current[key][1] if key in current and action in (s.ADD, s.UPDATE) else None
        shown.append((when, action, list_type, key[0], key[1], reason, "、".join(changed),
                      entry[s.NAME] if entry else "", entry[s.USCC] if entry else ""))
    return shown, {k: v for k, (_, v) in current.items()}


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("sample") / "output"
    build_site(ROOT / "data", output, output.parent / "reports", AS_OF)
    return output


def test_changes_csv_is_the_plain_replay_of_the_sample_data(sample_site):
    expected, current = plain_replay(AS_OF)
    with (sample_site / "data" / "changes.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    got = [(r["日期"], r["变更"], r[s.LIST_TYPE], r[s.DEPARTMENT_CODE], r[s.DECISION], r["原因"], r["变更字段"], r[s.NAME], r[s.USCC]) for r in rows]
    assert Counter(got) == Counter(expected)
    assert [r["日期"] for r in rows] == sorted(r["日期"] for r in rows)  # oldest first
    actions = Counter(r["变更"] for r in rows)
    assert actions[s.WITHDRAW] > 0 and actions[s.EXPIRE] > 0 and actions[s.UPDATE] > 0
    assert actions[s.ADD] == actions[s.WITHDRAW] + actions[s.EXPIRE] + len(current)
    document = json.loads((sample_site / "data" / "changes.json").read_text(encoding="utf-8"))
    assert document["count"] == len(rows) and ["、".join(c["变更字段"]) for c in document["changes"]] == [r["变更字段"] for r in rows]
    entry_ids = {r[ENTRY_ID] for r in published(sample_site)}
    assert {r[ENTRY_ID] for r in rows if r[ENTRY_ID]} <= entry_ids


def subject_cells(site: Path) -> dict[str, set[str]]:
    """The 主体名称 and 统一社会信用代码 cells of every entries and changes file (CSV, workbook, JSON)."""
    import openpyxl

    found: dict[str, set[str]] = {}
    for name in ("entries", "changes"):
        folder = site / "data"
        with (folder / f"{name}.csv").open(encoding="utf-8-sig", newline="") as handle:
            found[f"{name}.csv"] = {r[c] for r in csv.DictReader(handle) for c in (s.NAME, s.USCC)}
        rows = list(openpyxl.load_workbook(folder / f"{name}.xlsx")["数据"].iter_rows(values_only=True))
        found[f"{name}.xlsx"] = {r[rows[0].index(c)] or "" for r in rows[1:] for c in (s.NAME, s.USCC)}
        document = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        found[f"{name}.json"] = {r[c] for r in document[name] for c in (s.NAME, s.USCC)}
    return found


def test_no_withdrawn_or_expired_name_or_code_is_anywhere_in_the_open_data(sample_site):
    """No name or code cell holds a gone subject's, and no file of data/ holds a gone organisation's name or code anywhere
    (a gone person's short name may be someone else's: the sample's 法定代表人 严示例 shares one)."""
    import openpyxl

    dataset = compile_dataset(ROOT / "data", AS_OF)
    every = [r.values for report in dataset.reports for r in report.accepted if r.values[s.NAME]]
    gone_names = {v[s.NAME] for v in every} - {e.values[s.NAME] for e in dataset.merged.entries}
    gone_codes = {v[s.USCC] for v in every if v[s.USCC]} - {e.values[s.USCC] for e in dataset.merged.entries}
    gone_organisations = {v[s.NAME] for v in every if v[s.SUBJECT_TYPE] != s.PERSON} & gone_names
    assert len(gone_names - gone_organisations) > 3 and len(gone_codes) > 10 and len(gone_organisations) > 10
    cells = subject_cells(sample_site)
    assert {name: sorted(found & (gone_names | gone_codes)) for name, found in cells.items()} == {name: [] for name in cells}
    texts = {}
    for path in sorted((sample_site / "data").rglob("*.*")):
        if path.suffix == ".gz":  # the server's copy of a text file, read as the browser unpacks it
            texts[path.name] = gzip.decompress(path.read_bytes()).decode("utf-8-sig")
        elif path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path)
            texts[path.name] = "\n".join(str(c) for sheet in book for r in sheet.iter_rows(values_only=True) for c in r if c is not None)
        else:
            texts[path.name] = path.read_text(encoding="utf-8-sig")
    assert len(texts) >= 12  # 4 tables as xlsx and csv, 2 JSON documents, datapackage.json, the page
    assert [(name, gone) for name, text in texts.items() for gone in gone_organisations | gone_codes if gone in text] == []


def test_the_whole_data_package_passes_frictionless_and_lists_every_file(sample_site):
    from frictionless import validate

    folder = sample_site / "data"
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    report = validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:10]
    files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.suffix != ".gz"}  # .gz: the server's copies
    files -= {"index.html", "datapackage.json"}
    assert {r["path"] for r in package["resources"]} == files
    by_path = {r["path"]: r for r in package["resources"]}
    assert by_path["entries.json"]["type"] == "json" and by_path["changes.json"]["type"] == "json"
    assert by_path["entries.csv"]["schema"]["primaryKey"] == [ENTRY_ID]
    assert by_path["entries.xlsx"]["dialect"] == {"excel": {"sheet": "数据"}}
    assert package["licenses"] == [settings.OPEN_DATA_LICENSE]
    assert package["contributors"] == [{"title": settings.OPEN_DATA_PUBLISHER, "role": "publisher"}]
    assert package["sources"] == [{"title": settings.OPEN_DATA_SOURCE}]


def test_the_licence_is_on_the_data_page_and_the_about_page(sample_site):
    for page in ("data/index.html", "about/index.html"):
        text = (sample_site / page).read_text(encoding="utf-8")
        assert settings.OPEN_DATA_LICENSE_TITLE in text and settings.OPEN_DATA_LICENSE["path"] in text, page
        assert settings.OPEN_DATA_LICENSE["name"] in text, page


# --- feeds -------------------------------------------------------------------------------

UPDATED = uscc("91420106MA4K00011")
GONE = uscc("91420106MA4K00012")
EXPIRED = uscc("91420106MA4K00013")


@pytest.fixture(scope="module")
def feed_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = make_data_dir(tmp_path_factory.mktemp("feeds") / "data")
    folder = data / "submissions" / "scjgj"
    write_csv(folder / "2024-03-05-黑名单.csv", [
        black_org(),
        black_org(主体名称="乙示例公司", 统一社会信用代码=UPDATED, 决定文书号="武昌市监罚〔2024〕2号"),
        black_org(主体名称="移出示例公司", 统一社会信用代码=GONE, 决定文书号="武昌市监罚〔2024〕3号"),
        black_org(主体名称="到期示例公司", 统一社会信用代码=EXPIRED, 决定文书号="武昌市监罚〔2024〕4号", 公示截止日期="2025-03-04"),
    ])
    write_csv(folder / "2025-06-30-更新.csv", [
        black_org(主体名称="乙示例公司", 统一社会信用代码=UPDATED, 决定文书号="武昌市监罚〔2024〕2号", 列入事由="更正后的事由", 公示截止日期="2027-06-30", 操作="更新"),
        withdrawal(统一社会信用代码=GONE, 决定文书号="武昌市监罚〔2024〕3号"),
    ])
    write_csv(data / "submissions" / "rsj" / "2025-01-01-红名单.csv", [red_person()])
    return data


def feeds_of(site: Path) -> dict[str, tuple[list[str], list[dict[str, str]]]]:
    """Each feed by path: every link in it (the feed's and its items'), and its items (title, summary, link)."""
    found = {}
    for path in sorted((site / "feeds").rglob("*.atom.xml")):
        root = ET.fromstring(path.read_bytes())
        items = [{"title": e.findtext(f"{ATOM}title"), "summary": e.findtext(f"{ATOM}summary"), "link": e.find(f"{ATOM}link").get("href")}
                 for e in root.iter(f"{ATOM}entry")]
        found[path.relative_to(site).as_posix()] = ([link.get("href") for link in root.iter(f"{ATOM}link")], items)
    return found


def test_feeds_built_with_a_site_url_link_only_under_it(feed_data, tmp_path):
    output = tmp_path / "output"
    build_site(feed_data, output, tmp_path / "reports", AS_OF, BuildOptions(site_url="https://example.org/credit"))
    feeds = feeds_of(output)
    assert len(feeds) == 5  # all, red, black, one per department
    links = [link for found, _ in feeds.values() for link in found]
    assert len(links) > 20 and all(link.startswith("https://example.org/credit/") for link in links)
    assert f"https://example.org/credit/subject/{UPDATED}/" in links
    records = published(output)
    assert {r[SUBJECT_PAGE] for r in records} >= {f"https://example.org/credit/subject/{UPDATED}/"}


def test_feeds_of_a_local_build_link_relative_to_the_feed_file(feed_data, tmp_path):
    output = tmp_path / "output"
    build_site(feed_data, output, tmp_path / "reports", AS_OF)
    checked = 0
    for name, (links, _) in feeds_of(output).items():
        for link in links:
            assert not link.startswith(("/", "http")), (name, link)
            target = (output / PurePosixPath(name).parent / link).resolve()
            assert target.is_file() or (target / "index.html").is_file(), (name, link)
            checked += 1
    assert checked > 20


def test_feed_summaries_say_what_happened_and_never_name_a_gone_subject(feed_data, tmp_path):
    output = tmp_path / "output"
    build_site(feed_data, output, tmp_path / "reports", AS_OF)
    items = feeds_of(output)["feeds/changes.atom.xml"][1]
    summaries = [item["summary"] for item in items]
    assert len(items) == 8 and all(item["summary"] != item["title"] for item in items)
    assert "市场监管（示例）将甲示例商贸有限公司列入黑名单（虚假广告），公示至 2027-03-04，决定文书号 武昌市监罚〔2024〕1号。" in summaries
    assert "市场监管（示例）更新了乙示例公司在黑名单中的条目（武昌市监罚〔2024〕2号），变更了列入事由、公示截止日期；现公示至 2027-06-30。" in summaries
    assert "市场监管（示例）将 武昌市监罚〔2024〕3号 认定的条目移出黑名单，原因：信用修复。" in summaries
    assert "市场监管（示例）以 武昌市监罚〔2024〕4号 认定的黑名单条目公示期届满，自 2025-03-05 起不再公示。" in summaries
    assert "市场监管（示例）以 武昌市监罚〔2024〕3号 列入黑名单的条目现已移出或到期，主体信息不再公示。" in summaries
    for path in (output / "feeds").rglob("*.xml"):
        text = path.read_text(encoding="utf-8")
        assert "移出示例公司" not in text and "到期示例公司" not in text and GONE not in text and EXPIRED not in text
    changes = (output / "changes" / "index.html").read_text(encoding="utf-8")
    assert '更新<span class="note">（列入事由、公示截止日期）</span>' in changes
    with (output / "data" / "changes.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["变更"], r["变更字段"], r[s.NAME]) for r in rows if r[s.DECISION] == "武昌市监罚〔2024〕2号"] == [
        (s.ADD, "", "乙示例公司"), (s.UPDATE, "列入事由、公示截止日期", "乙示例公司")]


def test_readme_lists_every_open_data_file_and_column():
    from creditlists.policy import matters, usage
    from creditlists.publish.opendata import CHANGE_FIELDS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## 开放数据\n"):]
    for table in ("entries", "changes", "matters", "usage"):
        for suffix in (".xlsx", ".csv"):
            assert f"`{table}{suffix}`" in section
    assert "`entries.json`" in section and "`changes.json`" in section and "`datapackage.json`" in section
    for label, fields in (("**entries**", ENTRY_FIELDS), ("**changes**", CHANGE_FIELDS), ("**matters**", matters.OPEN_FIELDS), ("**usage**", usage.OPEN_FIELDS)):
        paragraph = section[section.index(label):].split("\n\n")[0]
        assert [name for name, _, _ in fields if name not in paragraph] == [], label
