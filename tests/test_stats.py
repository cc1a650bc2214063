"""The statistics at /stats/ and data/stats/*.csv (issue 14).

The numbers are checked against counts made here in plain Python, not with
the module's pandas code: over the published entries.json for what is in
force, and over the merge's change log for the months. Each chart's numbers
are read back from the SVG's text and compared with the table beside it.
"""

from __future__ import annotations

import csv
import datetime as dt
import html.parser
import io
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from credit_rows import AS_OF, ORG_USCC, PERSON_ID, black_org, make_data_dir, red_person, uscc, withdrawal, write_csv
from creditlists import schema as s
from creditlists.pipeline import compile_dataset
from creditlists.publish import charts, stats
from creditlists.publish.build import build_site

SVG = "{http://www.w3.org/2000/svg}"
LATE_USCC = uscc("91420106MA4K00011")  # submitted when its publication had already ended
GONE_USCC = uscc("91420106MA4K00012")  # expires in 2025-06
WITHDRAWN_USCC = uscc("91420106MA4K00013")
TRADER_USCC = uscc("92420106MA4K00014")
RED_ORG_USCC = uscc("91420106MA4K00015")
ACTIONS = (s.ADD, s.UPDATE, s.WITHDRAW, s.EXPIRE)


def make_stats_data(folder: Path) -> Path:
    """Two departments, both lists, a person and a sole trader; months without events (2024-04 to 2024-12);
    an update, a withdrawal, an expiry, and an entry whose 公示截止日期 had passed before it was submitted."""
    data = make_data_dir(folder)
    write_csv(data / "submissions" / "scjgj" / "2024-03-31-黑名单.csv", [
        black_org(),
        black_org(主体名称="乙示例迟报公司", 统一社会信用代码=LATE_USCC, 决定文书号="武昌市监罚〔2023〕2号", 类别="食品药品",
                  认定日期="2023-01-05", 公示截止日期="2024-01-31"),
        black_org(主体名称="丙示例到期公司", 统一社会信用代码=GONE_USCC, 决定文书号="武昌市监罚〔2024〕3号", 类别="大气污染",
                  认定日期="2024-01-10", 公示截止日期="2025-05-31"),
        black_org(主体名称="丁示例移出公司", 统一社会信用代码=WITHDRAWN_USCC, 决定文书号="武昌市监罚〔2024〕4号", 认定日期="2024-02-01"),
    ])
    write_csv(data / "submissions" / "rsj" / "2025-01-15-红名单.csv", [
        red_person(),
        red_person(主体类型="法人及非法人组织", 主体名称="戊示例诚信公司", 身份证件号码="", 统一社会信用代码=RED_ORG_USCC,
                   类别="诚信纳税", 决定文书号="武昌人社〔2025〕2号"),
    ])
    write_csv(data / "submissions" / "scjgj" / "2026-10-31-更新和移出.csv", [
        black_org(操作="更新", 列入事由="发布虚假广告，更正事由"),
        withdrawal(统一社会信用代码=WITHDRAWN_USCC, 决定文书号="武昌市监罚〔2024〕4号", 移出原因="撤销"),
        black_org(主体类型="个体工商户", 主体名称="己示例便利店", 统一社会信用代码=TRADER_USCC, 决定文书号="武昌市监罚〔2026〕9号",
                  认定日期="2026-10-08", 公示截止日期="2029-10-07"),
    ])
    return data


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("stats")


@pytest.fixture(scope="module")
def data(folder: Path) -> Path:
    return make_stats_data(folder / "data")


@pytest.fixture(scope="module")
def site(folder: Path, data: Path) -> Path:
    build_site(data, folder / "output", folder / "reports", AS_OF)
    return folder / "output"


def read_csv(path: Path) -> list[dict[str, str]]:
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def published_entries(site: Path) -> list[dict[str, str]]:
    return json.loads((site / "data" / "entries.json").read_text(encoding="utf-8"))["entries"]


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def expected_monthly(data: Path) -> dict[tuple[str, str], dict[str, int]]:
    """(list, month) -> counts of each action and the number in force at the month's end, from the change log."""
    changes = compile_dataset(data, AS_OF).merged.changes
    last_add = {}
    for change in changes:
        if change.action == s.ADD:
            last_add[change.key] = max(change.date, last_add.get(change.key, change.date))
    counted = [(change.list_type, month_of(max(change.date, last_add[change.key]) if change.action == s.EXPIRE else change.date), change.action)
               for change in changes]
    first = min(month for _, month, _ in counted)
    months, year, month = [], int(first[:4]), int(first[5:])
    while (year, month) <= (AS_OF.year, AS_OF.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    counts = Counter(counted)
    expected = {}
    for list_type in s.LIST_TYPES:
        in_force = 0
        for name in months:
            row = {action: counts[(list_type, name, action)] for action in ACTIONS}
            in_force += row[s.ADD] - row[s.WITHDRAW] - row[s.EXPIRE]
            expected[(list_type, name)] = row | {stats.IN_FORCE: in_force}
    return expected


# --- the numbers -------------------------------------------------------------------

def test_monthly_numbers_equal_counts_over_the_change_log(site, data):
    rows = read_csv(site / "data" / "stats" / "monthly.csv")
    found = {(r[s.LIST_TYPE], r[stats.MONTH]): {k: int(r[k]) for k in (*ACTIONS, stats.IN_FORCE)} for r in rows}
    assert found == expected_monthly(data)
    assert [(r[s.LIST_TYPE], r[stats.MONTH]) for r in rows][:2] == [(s.RED, "2024-03"), (s.RED, "2024-04")]  # from the first event
    assert rows[-1][stats.MONTH] == "2026-11"  # to the build's month


def test_months_without_events_appear_with_zero(site):
    rows = {(r[s.LIST_TYPE], r[stats.MONTH]): r for r in read_csv(site / "data" / "stats" / "monthly.csv")}
    for month in ("2024-04", "2024-09", "2024-12", "2025-02", "2026-11"):
        assert [rows[(s.BLACK, month)][a] for a in ACTIONS] == ["0", "0", "0", "0"], month
    assert rows[(s.BLACK, "2024-03")][stats.IN_FORCE] == rows[(s.BLACK, "2024-12")][stats.IN_FORCE] == "3"
    assert [rows[(s.RED, m)][stats.IN_FORCE] for m in ("2024-03", "2024-12", "2025-01")] == ["0", "0", "2"]


def test_an_entry_expired_before_it_was_submitted_expires_in_the_month_it_was_added(site):
    """Its 到期 is dated 2024-02-01 in the change log, before the 新增 of 2024-03-31: counted in 2024-03, never below zero."""
    rows = {(r[s.LIST_TYPE], r[stats.MONTH]): r for r in read_csv(site / "data" / "stats" / "monthly.csv")}
    assert "2024-02" not in {month for _, month in rows}
    march = rows[(s.BLACK, "2024-03")]
    assert (march[s.ADD], march[s.EXPIRE], march[stats.IN_FORCE]) == ("4", "1", "3")
    assert rows[(s.BLACK, "2025-06")][s.EXPIRE] == "1"
    assert min(int(r[stats.IN_FORCE]) for r in rows.values()) >= 0


def test_in_force_at_the_last_month_equals_the_entries_of_entries_json(site):
    entries = published_entries(site)
    last = {r[s.LIST_TYPE]: int(r[stats.IN_FORCE]) for r in read_csv(site / "data" / "stats" / "monthly.csv") if r[stats.MONTH] == "2026-11"}
    assert last == {list_type: sum(1 for e in entries if e[s.LIST_TYPE] == list_type) for list_type in s.LIST_TYPES}
    assert last == {s.RED: 2, s.BLACK: 2}


def percent(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}" if whole else ""


def test_categories_departments_and_subject_types_equal_counts_over_entries_json(site):
    entries = published_entries(site)
    by_category = Counter((e[s.LIST_TYPE], e[s.CATEGORY]) for e in entries)
    per_list = Counter(e[s.LIST_TYPE] for e in entries)
    categories = read_csv(site / "data" / "stats" / "categories.csv")
    assert {(r[s.LIST_TYPE], r[s.CATEGORY]): (int(r[stats.COUNT]), r[stats.SHARE]) for r in categories} == {
        key: (n, percent(n, per_list[key[0]])) for key, n in by_category.items()}
    by_department = Counter((e[s.DEPARTMENT_CODE], e[s.LIST_TYPE]) for e in entries)
    departments = read_csv(site / "data" / "stats" / "departments.csv")
    assert {r[s.DEPARTMENT_CODE]: [int(r[t]) for t in (*s.LIST_TYPES, stats.TOTAL)] for r in departments} == {
        code: [by_department[(code, s.RED)], by_department[(code, s.BLACK)], by_department[(code, s.RED)] + by_department[(code, s.BLACK)]]
        for code in ("scjgj", "rsj")}
    by_type = Counter((e[s.SUBJECT_TYPE], e[s.LIST_TYPE]) for e in entries)
    types = read_csv(site / "data" / "stats" / "subject-types.csv")
    assert [r[s.SUBJECT_TYPE] for r in types] == list(s.SUBJECT_TYPES)
    for r in types:
        for list_type in s.LIST_TYPES:
            assert (int(r[list_type]), r[f"{list_type}占比"]) == (by_type[(r[s.SUBJECT_TYPE], list_type)],
                                                                 percent(by_type[(r[s.SUBJECT_TYPE], list_type)], per_list[list_type]))
        total = sum(by_type[(r[s.SUBJECT_TYPE], t)] for t in s.LIST_TYPES)
        assert (int(r[stats.TOTAL]), r["合计占比"]) == (total, percent(total, len(entries)))
    person = next(r for r in types if r[s.SUBJECT_TYPE] == s.PERSON)
    assert (person[s.RED], person["红名单占比"], person[s.BLACK]) == ("1", "50.0", "0")


def test_most_entries_first_and_every_department_listed(site):
    assert [r[s.CATEGORY] for r in read_csv(site / "data" / "stats" / "categories.csv")] == ["优秀青年志愿者", "诚信纳税", "虚假广告"]
    assert [(r[s.DEPARTMENT_CODE], r[stats.TOTAL]) for r in read_csv(site / "data" / "stats" / "departments.csv")] == [("scjgj", "2"), ("rsj", "2")]


def test_no_name_code_or_id_number_of_any_subject_in_the_statistics(site):
    secrets = [ORG_USCC, LATE_USCC, GONE_USCC, WITHDRAWN_USCC, TRADER_USCC, RED_ORG_USCC, PERSON_ID, PERSON_ID[:6] + "*",
               "甲示例", "乙示例", "丙示例", "丁示例", "戊示例", "己示例", "李示例", "武昌市监罚"]
    files = [*(site / "stats").iterdir(), *(site / "data" / "stats").iterdir()]
    assert len(files) == 21 and sum(path.suffix == ".gz" for path in files) == 9
    files = [path for path in files if path.suffix != ".gz"]  # compared with their files in tests/test_golden.py
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        assert not [secret for secret in secrets if secret in text], path


# --- the open data --------------------------------------------------------------------

def test_the_statistics_are_resources_of_the_data_package_and_pass_frictionless(site):
    from frictionless import validate

    package = json.loads((site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["path"]: r for r in package["resources"]}
    assert {"stats/monthly.csv", "stats/categories.csv", "stats/departments.csv", "stats/subject-types.csv"} <= set(resources)
    monthly = {f["name"]: f["type"] for f in resources["stats/monthly.csv"]["schema"]["fields"]}
    assert monthly == {stats.MONTH: "yearmonth", s.LIST_TYPE: "string", **dict.fromkeys((*ACTIONS, stats.IN_FORCE), "integer")}
    assert resources["stats/categories.csv"]["name"] == "stats-categories"
    report = validate(str(site / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type"])
    page = (site / "data" / "index.html").read_text(encoding="utf-8")
    assert 'href="../stats/"' in page and 'href="../data/stats/monthly.csv"' in page


# --- the page and its charts -------------------------------------------------------------

class _Tables(html.parser.HTMLParser):
    """The cell texts of every <table> with an id, row by row (header row included)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.current: str | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("id"):
            self.current = dict(attrs)["id"]
            self.tables[self.current] = []
        elif self.current and tag == "tr":
            self.tables[self.current].append([])
        elif self.current and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.current = None
        elif tag in ("td", "th") and self.cell is not None and self.current:
            self.tables[self.current][-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def page_tables(site: Path) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed((site / "stats" / "index.html").read_text(encoding="utf-8"))
    return parser.tables


def column(table: list[list[str]], name: str) -> list[str]:
    index = table[0].index(name)
    return [row[index] for row in table[1:]]


def plotted_labels(path: Path) -> list[str]:
    """The value labels of a chart, in drawing order: every text but the axes' ticks, the legend and the axis names."""
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"

    def walk(node: ET.Element, skipped: bool) -> list[str]:
        skipped = skipped or node.get("id", "").startswith(("xtick_", "ytick_", "legend_"))
        if node.tag == f"{SVG}text":
            text = "".join(node.itertext()).strip()
            return [text] if not skipped and re.fullmatch(r"\d+(（\d+\.\d%）)?", text) else []
        return [label for child in node for label in walk(child, skipped)]

    return walk(root, False)


def expected_labels(chart: str, tables: dict[str, list[list[str]]]) -> list[str]:
    """What each chart should label, from the tables on the page."""
    if chart == "in-force":
        table = tables["table-in-force"]
        values = [[int(v) for v in column(table, t)] for t in s.LIST_TYPES]
        return [str(v[i]) for v in values for i in charts.month_label_points(v)]
    if chart.startswith("monthly-"):
        table = tables[f"table-{chart}"]
        return [v for action in ACTIONS for v in column(table, action) if v != "0"]
    if chart.startswith("categories-"):
        return column(tables[f"table-{chart}"], stats.COUNT)
    if chart == "departments":
        return [v for t in s.LIST_TYPES for v in column(tables["table-departments"], t)]
    table = tables["table-subject-types"]
    return [f"{n}（{p}%）" for i, t in enumerate((*s.LIST_TYPES, stats.TOTAL)) for n, p in zip(column(table, t), [r[2 + 2 * i] for r in table[1:]])]


CHARTS = ["in-force", "monthly-red", "monthly-black", "categories-red", "categories-black", "departments", "subject-types"]


def mismatches(site: Path, tables: dict[str, list[list[str]]]) -> list[str]:
    return [chart for chart in CHARTS if plotted_labels(site / "stats" / f"{chart}.svg") != expected_labels(chart, tables)]


def test_every_chart_shows_the_numbers_of_its_table(site):
    tables = page_tables(site)
    assert sorted(p.name for p in (site / "stats").glob("*.svg")) == sorted(f"{c}.svg" for c in CHARTS)
    assert plotted_labels(site / "stats" / "monthly-black.svg") == ["4", "1", "1", "1", "1", "1"]  # 新增 2024-03, 2026-10; 更新; 移出; 到期 2024-03, 2025-06
    assert mismatches(site, tables) == []


def test_a_table_that_differs_from_its_chart_is_caught(site):
    tables = page_tables(site)
    changed = {name: [row[:] for row in rows] for name, rows in tables.items()}
    changed["table-departments"][1][1] = "7"
    assert mismatches(site, changed) == ["departments"]


def test_the_page_tables_equal_the_csv(site):
    tables = page_tables(site)
    monthly = [r for r in read_csv(site / "data" / "stats" / "monthly.csv") if r[s.LIST_TYPE] == s.BLACK]
    assert tables["table-monthly-black"][1:] == [[r[stats.MONTH], *(r[a] for a in ACTIONS), r[stats.IN_FORCE]] for r in monthly]
    assert [row[1:] for row in tables["table-in-force"][1:]][-1] == ["2", "2"]
    assert tables["table-subject-types"][1:] == [
        ["法人及非法人组织", "1", "50.0", "1", "50.0", "2", "50.0"], ["个体工商户", "0", "0.0", "1", "50.0", "1", "25.0"],
        ["自然人", "1", "50.0", "0", "0.0", "1", "25.0"]]


def test_the_page_is_linked_from_the_navigation_and_shows_every_chart(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    nav = home.split('<nav aria-label="主导航">', 1)[1].split("</nav>", 1)[0]
    assert '<a href="./stats/">统计</a>' in nav
    page = (site / "stats" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page and "<h1>统计</h1>" in page
    for chart in CHARTS:
        assert f'<img src="../stats/{chart}.svg" alt="' in page


def test_same_data_and_date_give_byte_identical_statistics(site, data, tmp_path):
    build_site(data, tmp_path / "again", tmp_path / "reports", AS_OF)
    files = lambda root: {p.relative_to(root).as_posix(): p.read_bytes() for part in ("stats", "data/stats") for p in sorted((root / part).iterdir())}  # noqa: E731
    assert files(site) == files(tmp_path / "again")
    assert len(files(site)) == 21  # 12 files and 9 gzip copies, the same bytes each build


# --- without events, and an update that moves an entry to the other list --------------------

def test_a_build_before_the_first_file_has_statistics_without_months_or_charts(data):
    statistics = stats.compute(compile_dataset(data, dt.date(2024, 1, 1)))
    assert statistics.months == [] and stats.chart_files(statistics) == {}
    tables = stats.stats_tables(statistics)
    assert tables["stats/monthly.csv"][0].decode("utf-8-sig") == "月份,名单类型,新增,更新,移出,到期,月末在列\r\n"
    assert tables["stats/subject-types.csv"][0].decode("utf-8-sig").splitlines()[1] == "法人及非法人组织,0,,0,,0,"


def test_an_update_naming_the_other_list_moves_the_entry_between_the_lists(tmp_path):
    """The merge lets an 更新 change the 名单类型 of an entry; each list's 月末在列 stays the number of its entries."""
    folder = make_data_dir(tmp_path / "data")
    write_csv(folder / "submissions" / "scjgj" / "2025-01-10-a.csv", [black_org()])
    moved = black_org(操作="更新", 名单类型="红名单", 类别="诚信纳税", 公示截止日期="")
    write_csv(folder / "submissions" / "scjgj" / "2025-03-10-b.csv", [moved])
    dataset = compile_dataset(folder, AS_OF)
    assert [e.list_type for e in dataset.merged.entries] == [s.RED]
    monthly = stats.compute(dataset).monthly
    assert (int(monthly[s.RED][stats.IN_FORCE].iloc[-1]), int(monthly[s.BLACK][stats.IN_FORCE].iloc[-1])) == (1, 0)
    assert list(monthly[s.BLACK][stats.IN_FORCE].loc[["2025-01", "2025-02", "2025-03"]]) == [1, 1, 0]
    assert int(monthly[s.RED][s.UPDATE].loc["2025-03"]) == 1


def test_month_axis_names_at_most_eight_months_on_calendar_steps():
    months = [f"{y}-{m:02d}" for y in range(2023, 2027) for m in range(1, 13)][5:47]  # 2023-06 … 2026-11
    assert [months[i] for i in charts.month_ticks(months)] == ["2023-07", "2024-01", "2024-07", "2025-01", "2025-07", "2026-01", "2026-07"]
    assert charts.month_ticks(["2026-10", "2026-11"]) == [0, 1]
    assert charts.labelled_points([1, 1, 2, 3, 3, 5], 2) == [0, 3, 5]
    assert charts.labelled_points([4, 4, 4], 1) == [0, 2]


# Charts hold no run of digits the leak check would read as an ID number

MATPLOTLIB_ATTRIBUTE = b'<text x="450.641975" y="1012.517656" transform="rotate(-0 450.641975 1012.517656)">1000</text>'


def test_matplotlib_coordinates_can_read_as_an_id_number_and_commas_end_that():
    from creditlists.intake.identifiers import id_numbers_in

    assert id_numbers_in([MATPLOTLIB_ATTRIBUTE.decode()]) == {"045064197510125176"}  # the 10,000-entry build it stopped
    separated = charts.separate_numbers(MATPLOTLIB_ATTRIBUTE)
    assert separated == b'<text x="450.641975" y="1012.517656" transform="rotate(-0,450.641975,1012.517656)">1000</text>'
    assert id_numbers_in([separated.decode()]) == set()


@pytest.mark.parametrize("seed", range(12))
def test_no_chart_of_random_numbers_holds_a_run_of_fourteen_digits(seed):
    import random

    from creditlists.intake.identifiers import digit_runs

    rng = random.Random(seed)
    names = [f"武昌区示例{'局' * rng.randint(1, 12)}{i}" for i in range(rng.randint(1, 14))]
    values = [charts.Series(f"系列{k}", tuple(rng.choice([0, 1, 7, rng.randint(0, 10 ** rng.randint(1, 6))]) for _ in names)) for k in range(2)]
    months = [f"{2020 + m // 12}-{m % 12 + 1:02d}" for m in range(rng.randint(1, 80))]
    monthly = [charts.Series(f"系列{k}", tuple(rng.randint(0, 10 ** rng.randint(1, 5)) for _ in months)) for k in range(3)]
    for svg in (charts.grouped_bars("标题", names, values), charts.month_lines("标题", months, monthly),
                charts.month_panels("标题", months, monthly)):
        assert digit_runs(svg.decode("utf-8")) == []
