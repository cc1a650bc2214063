"""The column checks (creditlists/intake_fast) give exactly the report of the row checks (creditlists/intake).

Both run on every bundled bad file, on every case of test_rules.py and on
random tables mixing valid and invalid codes, dates, vocabularies, blanks,
full-width and hidden characters, ID numbers in text, short, long, blank,
duplicate and repeated-header rows, and xlsx-like cells (numbers, dates,
None); the reports must be equal in every listed problem (code, row, column,
column number, message, order), count, rejected row, remembered ID prefix and
accepted row. First the test shows it can fail: a column check broken on
purpose is caught.
"""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from test_rules import FAILING_ROWS, PASSING_ROWS

from credit_rows import AS_OF, ID_AS_USCC, ROOT, cells, id_number, uscc
from creditlists import schema as s
from creditlists import settings
from creditlists.intake import identifiers as ids
from creditlists.intake.reading import Cell, RawTable, read_table
from creditlists.intake.report import FileReport
from creditlists.intake.submissions import Context, validate_table
from creditlists.intake.vocab import load_vocabulary
from creditlists.intake_fast import codes
from creditlists.intake_fast import submissions as fast
from creditlists.pipeline import compile_dataset

BAD = ROOT / "tests" / "fixtures" / "bad"
VOCABULARY = load_vocabulary(ROOT / "data")
ROW_CHECKS = Context(VOCABULARY, AS_OF)
COLUMN_CHECKS = Context(VOCABULARY, AS_OF, fast.check_by_columns)  # every table, however small
SEEDS = range(24)


def fingerprint(report: FileReport) -> dict[str, object]:
    """Everything a report says, and every accepted row as merge will read it."""
    return {
        "json": report.to_dict(), "listed": [p.to_dict() for p in report.problems], "counts": report.stats(),
        "problem_count": report.problem_count, "file_error": report.file_error, "rejected_rows": sorted(report.rejected_rows),
        "id_prefixes": sorted(report.seen_id_prefixes), "columns": report.columns,
        "accepted": [(r.file, r.row, r.operation, r.department, [(k, type(v), v) for k, v in r.values.items()], r.start, r.end,
                      r.withdrawal_reason) for r in report.accepted],  # the types too: a numpy str would compare equal
    }


def both(table: RawTable) -> tuple[dict[str, object], dict[str, object]]:
    return (fingerprint(validate_table(table, "scjgj", "x.csv", ROW_CHECKS)),
            fingerprint(validate_table(table, "scjgj", "x.csv", COLUMN_CHECKS)))


def table_of(header: list[str], rows: list[list[Cell]]) -> RawTable:
    return RawTable(path=Path("x.csv"), encoding="utf-8", header=header, rows=list(enumerate(rows, start=2)))


# --- random tables -----------------------------------------------------------

FULL_WIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})
HIDDEN = ("\u200b", "\u202e", "\n", "\r\n", "\t", "\x1b", "\u00ad", "\ufeff")
OTHER_DATES = ("{y}/{m}/{d}", "{y}年{m}月{d}日", "{y}{m:02d}{d:02d}", "{y}.{m}.{d}", "{y}-{m:02d}-{d:02d} 00:00:00", "{y}－{m:02d}－{d:02d}")


class Maker:
    """Random rows: mostly valid, each cell spoilt now and then in one of the ways clerks and spreadsheets spoil them."""

    def __init__(self, seed: int, spoil: float) -> None:
        self.random = random.Random(seed)
        self.spoil = spoil

    def chance(self, share: float = 1.0) -> bool:
        return self.random.random() < self.spoil * share

    def uscc(self) -> str:
        alphabet = ids.USCC_ALPHABET if self.random.random() < 0.7 else "0123456789"
        return uscc("9" + "".join(self.random.choice(alphabet) for _ in range(16)))

    def id_number(self, born: dt.date | None = None) -> str:
        born = born or dt.date(1930, 1, 1) + dt.timedelta(days=self.random.randrange(30000))
        return id_number(f"420106{born:%Y%m%d}{self.random.randrange(1000):03d}")

    def day(self, first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=self.random.randrange(max(1, (last - first).days)))

    def date_text(self, day: dt.date) -> str:
        if self.chance(0.6):
            return self.random.choice(OTHER_DATES).format(y=day.year, m=day.month, d=day.day)
        return day.isoformat()

    def row(self) -> dict[str, object]:
        """One row of the template, valid unless spoilt."""
        list_type = self.random.choice(s.LIST_TYPES)
        subject = self.random.choice(s.SUBJECT_TYPES)
        start = self.day(dt.date(2019, 1, 1), AS_OF)
        end = start + dt.timedelta(days=self.random.randrange(30, 3 * 365)) if list_type == s.BLACK or self.random.random() < 0.3 else None
        operation = self.random.choice(("", s.ADD, s.ADD, s.UPDATE, s.WITHDRAW))
        values: dict[str, object] = {
            s.LIST_TYPE: list_type, s.SUBJECT_TYPE: subject, s.NAME: f"武汉示例{self.random.randrange(10 ** 6)}有限公司",
            s.USCC: self.uscc() if subject != s.PERSON else "", s.LEGAL_REP: self.random.choice(("", "张示例", "李 示例")),
            s.ID_NUMBER: self.id_number() if subject == s.PERSON else "",
            s.CATEGORY: self.random.choice(list(VOCABULARY.categories[list_type])),
            s.DOMAIN: self.random.choice(["", *VOCABULARY.domains]), s.REASON: self.random.choice(("发布虚假广告", "志愿服务满 1000 小时")),
            s.BASIS: "《中华人民共和国广告法》第五十五条" if list_type == s.BLACK or self.random.random() < 0.5 else "",
            s.DECISION: f"武昌市监罚〔2024〕{self.random.randrange(10 ** 5)}号", s.START: self.date_text(start),
            s.END: self.date_text(end) if end else "", s.OPERATION: operation,
            s.WITHDRAWAL_REASON: self.random.choice(s.WITHDRAWAL_REASONS) if operation == s.WITHDRAW else "",
            s.REMARK: self.random.choice(("", "", "内部备注")),
        }
        for column in s.TEMPLATE_COLUMNS:
            if self.chance(0.08):
                values[column] = self.spoilt(column, values)
        return values

    def spoilt(self, column: str, values: dict[str, object]) -> object:
        """One cell made wrong (or made different but still right: lower case, full width, grouped digits …)."""
        value = str(values[column])
        ways: list[Callable[[], object]] = [
            lambda: "", lambda: "  ", lambda: value.translate(FULL_WIDTH), lambda: f" {value} ",
            lambda: value[:3] + self.random.choice(HIDDEN) + value[3:], lambda: value + "多" * self.random.choice((60, 120, 2100)),
            lambda: self.random.choice(("白名单", "企业", "移除", "其它", "撤销", "食品安全", "诚信纳税", "大气污染", "价格")),
            lambda: f"见{self.id_number()}号", lambda: f"出生于{self.id_number()[:14]}", lambda: self.random.choice((None, 0, 3.5, AS_OF)),
        ]
        if column in (s.USCC, s.ID_NUMBER):
            ways += [
                lambda: value[:-1] + self.random.choice("0123456789X"), lambda: value.lower(), lambda: f"{value[:6]} {value[6:]}",
                lambda: ID_AS_USCC, lambda: self.id_number(self.day(dt.date(1890, 1, 1), dt.date(1900, 1, 1))),
                lambda: self.id_number(self.day(AS_OF, dt.date(2030, 1, 1))), lambda: self.id_number(AS_OF),
                lambda: f"{value[:6]}-{value[6:14]}-{value[14:]}", lambda: "9.14201E+17", lambda: f"{value}.0",
                lambda: "420106198002301234", lambda: self.uscc(), lambda: int("914201061966600936"), lambda: value[:17],
                lambda: "٤٢٠١٠٦١٩٨٠٠١٠١١٢٣٤",
            ]
        if column in s.DATE_COLUMNS:
            ways += [
                lambda: "2024-02-30", lambda: "2024-13-01", lambda: "1900-01-01", lambda: "2100-12-31", lambda: "2027-01-01",
                lambda: "明天", lambda: self.date_text(self.day(dt.date(2015, 1, 1), dt.date(2031, 1, 1))),
                lambda: dt.datetime(2024, 3, 5), lambda: dt.datetime(2024, 3, 5, 9, 30), lambda: 45000.0,
            ]
        return self.random.choice(ways)()

    def header(self) -> list[str]:
        """The template's columns, now and then shuffled, short of optional ones, or with a column of its own."""
        header = list(s.TEMPLATE_COLUMNS)
        if self.random.random() < 0.3:
            self.random.shuffle(header)
        if self.random.random() < 0.3:
            header = [c for c in header if c in s.REQUIRED_COLUMNS or self.random.random() < 0.6]
        if self.random.random() < 0.2:
            header.insert(self.random.randrange(len(header)), "附注")
        if self.random.random() < 0.1:  # a file rejected as a whole: a repeated or a blank label, a required column missing
            choice = self.random.randrange(3)
            header = [*header, header[0]] if choice == 0 else [*header[:2], "", *header[2:]] if choice == 1 else header[1:]
        return header

    def table(self, count: int, header: list[str] | None = None) -> RawTable:
        """``count`` rows; some blank, repeated, short, long, or the header again."""
        header = header or self.header()
        rows: list[list[Cell]] = []
        for _ in range(count):
            record = self.row()
            record["附注"] = self.random.choice(("", "另见" + self.id_number()))
            line = cells(record, header)
            roll = self.random.random() / max(self.spoil, 1e-9)
            if roll < 0.02:
                line = [""] * len(header)
            elif roll < 0.04 and rows:
                line = list(self.random.choice(rows))
            elif roll < 0.05:
                line = list(header)
            elif roll < 0.07:
                line = line[: self.random.randrange(len(line))]
            elif roll < 0.09:
                line = [*line, self.random.choice(("", " ", "多出的一格"))]
            rows.append(line)
        return table_of(header, rows)


# --- the test can fail --------------------------------------------------------

def _uscc_without_check_character(found: list[str]) -> np.ndarray:
    return np.array([ids.uscc_format_ok(code) for code in found], dtype=np.bool_)


def _id_born_any_day(found: list[str], as_of: dt.date) -> np.ndarray:
    return ORIGINAL_ID_CHECK(found, dt.date(2099, 12, 31))


def _categories_of_either_list(self: fast.Rules) -> np.ndarray:
    return ~self.filled[s.DOMAIN] | self.is_in(s.DOMAIN, VOCABULARY.domains)


ORIGINAL_ID_CHECK = codes.id_numbers_valid
BROKEN = [
    pytest.param(codes, "uscc_valid", _uscc_without_check_character, id="uscc-check-character-ignored"),
    pytest.param(codes, "id_numbers_valid", _id_born_any_day, id="id-birth-date-after-the-build"),
    pytest.param(fast.Rules, "vocabulary", _categories_of_either_list, id="category-of-the-other-list"),
]


@pytest.mark.parametrize(("owner", "name", "broken"), BROKEN)
def test_a_broken_column_check_is_caught(monkeypatch: pytest.MonkeyPatch, owner: object, name: str, broken: Callable[..., object]) -> None:
    """The comparison below fails when one column check is wrong: it sees what the checks decide."""
    monkeypatch.setattr(owner, name, broken)
    differing = [seed for seed in SEEDS if (pair := both(Maker(seed, 0.5).table(300)))[0] != pair[1]]
    assert differing, f"a broken {name} went unnoticed"


# --- parity -------------------------------------------------------------------

@pytest.mark.parametrize("path", sorted(p for p in BAD.iterdir() if p.suffix in (".csv", ".xlsx", ".txt")), ids=lambda p: p.name)
def test_every_bad_file_gives_the_same_report(path: Path) -> None:
    rows, columns = both(read_table(path))
    assert columns == rows


@pytest.mark.parametrize(("submitted", "expected"), [p.values for p in FAILING_ROWS], ids=[p.id for p in FAILING_ROWS])
def test_every_rule_case_gives_the_same_report(submitted: dict[str, object], expected: object) -> None:
    good = dict(PASSING_ROWS[0].values[0])
    table = table_of(list(s.TEMPLATE_COLUMNS), [cells(submitted, s.TEMPLATE_COLUMNS), cells(good, s.TEMPLATE_COLUMNS)])
    rows, columns = both(table)
    assert columns == rows


@pytest.mark.parametrize("spoil", [0.1, 0.5, 1.5])
@pytest.mark.parametrize("seed", SEEDS)
def test_random_tables_give_the_same_report(seed: int, spoil: float) -> None:
    rows, columns = both(Maker(seed, spoil).table(300))
    assert columns == rows


def test_more_problems_than_are_listed_give_the_same_report() -> None:
    """Past settings.MAX_PROBLEMS_PER_FILE only counts: the same problems must be the listed ones."""
    table = Maker(7, 2.0).table(2500, list(s.TEMPLATE_COLUMNS))
    rows, columns = both(table)
    assert len(rows["listed"]) == settings.MAX_PROBLEMS_PER_FILE + 1  # type: ignore[arg-type]
    assert columns == rows


def test_valid_rows_never_reach_the_row_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only rows with something to say go row by row: the speed does not rest on chance."""
    called: list[int] = []
    reference = fast.check_row

    def counting(number: int, *args: object) -> object:
        called.append(number)
        return reference(number, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(fast, "check_row", counting)
    table = Maker(3, 0.0).table(400)
    report = validate_table(table, "scjgj", "x.csv", COLUMN_CHECKS)
    assert len(report.accepted) == 400
    assert report.seen_id_prefixes  # persons' ID numbers remembered all the same
    assert called == []
    assert fingerprint(report) == fingerprint(validate_table(table, "scjgj", "x.csv", ROW_CHECKS))


def test_the_build_checks_large_files_by_columns_with_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bundled sample through compile_dataset: every file by columns, then every file row by row."""
    monkeypatch.setattr(settings, "FAST_CHECK_MIN_ROWS", 0)
    by_columns = compile_dataset(ROOT / "data", AS_OF)
    monkeypatch.setattr(settings, "FAST_CHECK_MIN_ROWS", 10 ** 9)
    by_rows = compile_dataset(ROOT / "data", AS_OF)
    assert [fingerprint(r) for r in by_columns.reports] == [fingerprint(r) for r in by_rows.reports]
    assert by_columns.merged.entries == by_rows.merged.entries
    assert by_columns.merged.changes == by_rows.merged.changes


def test_the_browser_checker_loads_neither_pandas_nor_numpy() -> None:
    """intake and checker (what Pyodide runs) check a file row by row without importing the column checks."""
    sample = next((ROOT / "data" / "submissions").rglob("*.csv"))
    code = ("import sys, datetime; from pathlib import Path; from creditlists import checker; "
            "from creditlists.intake.files import validate_files; from creditlists.intake.submissions import Context; "
            "from creditlists.intake.vocab import load_vocabulary; from creditlists.intake.departments import load_departments; "
            f"data = Path({str(ROOT / 'data')!r}); "
            f"validate_files([('scjgj', Path({str(sample)!r}))], data, load_departments(data), Context(load_vocabulary(data), datetime.date(2026, 11, 29))); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pandas', 'numpy') or m.startswith('creditlists.intake_fast')))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert found.stdout.strip() == "[]"


def test_files_checked_on_every_core_give_the_reports_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sample's files read and checked by forked workers: the reports of one process, in its order."""
    from creditlists import pipeline

    asked: list[bool] = []
    reference = pipeline.parallel_map

    def recording(function: Callable[..., object], items: list[object], large: bool) -> list[object]:
        asked.append(large)
        return reference(function, items, large)

    monkeypatch.setattr(pipeline, "parallel_map", recording)
    monkeypatch.setattr(settings, "PARALLEL_MIN_VALIDATE_BYTES", 0)
    spread = compile_dataset(ROOT / "data", AS_OF)
    monkeypatch.setattr(settings, "PARALLEL_MIN_VALIDATE_BYTES", 10 ** 12)
    alone = compile_dataset(ROOT / "data", AS_OF)
    assert asked == [True, False]
    assert [fingerprint(r) for r in spread.reports] == [fingerprint(r) for r in alone.reports]
    assert spread.merged.entries == alone.merged.entries
