"""A synthetic data folder of about N published entries, written as departments submit.

Everything follows from the seed. Rows are streamed to disk file by file; only
the few rows that a later 更新 or 移出 must repeat are kept in memory until
their file is written. Every row is valid except about 0.1 % deliberately
wrong ones, because the benchmark measures the normal path:

- 12–40 departments (``departments.POOL``), each with several UTF-8-with-BOM
  CSV files named ``YYYY-MM-DD-….csv`` (a few departments write GBK, a few
  write dates as 2024/3/5 or 2024年3月5日, some write 新增 out);
- both lists, organisations with unique valid USCCs, 个体工商户, about 5 %
  natural persons with unique valid ID numbers, some subjects listed twice;
- about 5 % of entries changed by a later 更新, 3 % taken off by a later 移出,
  4 % expired by the build date.

xlsx is not written: at a million rows openpyxl alone would take many minutes.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from creditlists import schema as s
from creditlists import settings
from creditlists.intake.normalize import add_years
from tools.make_sample_data import BASIS, DOMAIN_BY_DEPARTMENT, DOMAINS

from . import texts
from .departments import POOL, DepartmentPlan, department_count, shares
from .names import Identifiers, NameMaker, between, picker

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 29)
FIRST_FILE = dt.date(2024, 6, 28)
LAST_FILE = dt.date(2026, 10, 30)
ROWS_PER_FILE = 8000  # keeps every file far below the 20 MB and 200,000-row limits
UPDATE_RATE, WITHDRAW_RATE, EXPIRE_RATE = 0.05, 0.03, 0.04
PLANTED_RATE = 0.001
REUSE_RATE = 0.04  # a new entry for a subject already listed
RED_SHARE = 0.3  # of a department's entries, when it keeps both lists

PERSON_ONLY = {"诚信道德模范", "优秀青年志愿者"}
PERSON_OK = {"聚众扰乱社会秩序": 0.5, "严重破坏网络空间传播秩序": 0.2, "有履行能力但拒不履行、逃避执行": 0.2,
             "恶意逃废债务": 0.2, "无证照经营": 0.08, "拖欠农民工工资": 0.1, "恶意欠薪": 0.05, "重点领域诚信典型": 0.03}
SOLE_OK = {"食品药品": 0.3, "无证照经营": 0.4, "计量作弊及欺骗": 0.6, "制售假冒伪劣产品": 0.3, "消防安全": 0.3,
           "逃税骗税": 0.15, "诚信纳税": 0.15, "诚信经营示范店": 0.85, "拒不依法参保": 0.2}
WITHDRAWAL_REASONS = ("信用修复",) * 12 + ("撤销",) * 5 + ("其他",) * 3

C = {name: index for index, name in enumerate(s.TEMPLATE_COLUMNS)}
WIDTH = len(s.TEMPLATE_COLUMNS)


@dataclass
class GenerationSummary:
    """What was written, and what the build should therefore publish."""

    entries_requested: int
    seed: int
    departments: int = 0
    files: int = 0
    rows: int = 0
    bytes: int = 0
    adds: int = 0
    updates: int = 0
    withdrawals: int = 0
    expired: int = 0
    planted: int = 0
    persons: int = 0
    sole_traders: int = 0
    organisations: int = 0
    seconds: float = 0.0
    withdrawn_names: list[str] = field(default_factory=list)  # a sample, for queries that must find nothing of them

    @property
    def expected_published(self) -> int:
        return self.adds - self.withdrawals - self.expired

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict:
        return asdict(self) | {"expected_published": self.expected_published, "rows_per_second": round(self.rows_per_second)}


@dataclass
class Subject:
    kind: str  # "org", "sole", "social", "coop" or "person"
    name: str
    uscc: str = ""
    id_number: str = ""
    legal_rep: str = ""


SUBJECT_TYPES = {"org": s.ORGANISATION, "social": s.ORGANISATION, "coop": s.ORGANISATION, "sole": s.SOLE_TRADER, "person": s.PERSON}
USCC_PREFIXES = {"org": "91", "social": "52", "coop": "N2", "sole": "92"}


class Generator:
    """Shared seeded state: names, identifiers, subjects to list again, counts."""

    def __init__(self, seed: int, summary: GenerationSummary):
        self.rng = random.Random(seed)
        self.pick, self.number = picker(self.rng), between(self.rng)
        self.names = NameMaker(self.rng)
        self.ids = Identifiers(self.rng)
        self.summary = summary
        self.recent: list[Subject] = []  # companies that may be listed again

    def subject(self, kind: str, industries: tuple[str, ...]) -> Subject:
        rng, names = self.rng, self.names
        if kind == "person":
            return Subject(kind, names.person(), id_number=self.ids.id_number())
        if kind == "org" and self.recent and rng.random() < REUSE_RATE:
            return rng.choice(self.recent)
        name = {"org": lambda: names.company(industries), "sole": names.shop, "social": names.social,
                "coop": names.cooperative}[kind]()
        subject = Subject(kind, name, uscc=self.ids.uscc(USCC_PREFIXES[kind]), legal_rep=names.person())
        if kind == "org":
            if len(self.recent) < 256:
                self.recent.append(subject)
            else:
                self.recent[rng.randrange(256)] = subject
        return subject

    def kind_for(self, category: str) -> str:
        rng = self.rng
        if category in PERSON_ONLY or rng.random() < PERSON_OK.get(category, 0.0):
            return "person"
        if rng.random() < SOLE_OK.get(category, 0.0):
            return "sole"
        roll = rng.random()
        return "social" if roll < 0.02 else "coop" if roll < 0.025 else "org"


class DepartmentWriter:
    """Writes one department's files in order, with the changes earlier files scheduled."""

    def __init__(self, generator: Generator, plan: DepartmentPlan, number: int, adds: int, folder: Path):
        self.g, self.rng, self.plan, self.folder = generator, generator.rng, plan, folder
        self.encoding = "gbk" if number % 9 == 2 else "utf-8-sig"
        self.mixed_dates = number % 5 == 3
        self.writes_add = number % 4 == 1
        self.adds = adds
        self.file_count = max(3, math.ceil(adds / ROWS_PER_FILE))
        self.dates = file_dates(self.rng, self.file_count)
        self.pending: list[list[list]] = [[] for _ in range(self.file_count)]
        self.numbers: dict[tuple[str, int], int] = {}
        later = self.file_count / (self.file_count - 1)
        self.update_p, self.withdraw_p = UPDATE_RATE * later, WITHDRAW_RATE * later

    def write(self) -> None:
        per_file = [self.adds // self.file_count + (1 if i < self.adds % self.file_count else 0) for i in range(self.file_count)]
        for index, count in enumerate(per_file):
            path = self.folder / self.file_name(index)
            with path.open("w", encoding=self.encoding, newline="") as handle:
                writer = csv.writer(handle, lineterminator="\r\n")
                writer.writerow(s.TEMPLATE_COLUMNS)
                rows = [self.new_row(index, count_it=True) for _ in range(count)]
                rows += [self.planted_row(index) for _ in range(count) if self.rng.random() < PLANTED_RATE]
                rows += self.pending[index]
                writer.writerows(self.cells(row) for row in rows)
                self.g.summary.rows += len(rows)
            self.pending[index] = []
            self.g.summary.files += 1
            self.g.summary.bytes += path.stat().st_size

    def file_name(self, index: int) -> str:
        label = "红黑名单" if self.plan.black and self.plan.red else "黑名单" if self.plan.black else "红名单"
        operations = {row[C[s.OPERATION]] for row in self.pending[index]}
        changes = "、".join(op for op in (s.UPDATE, s.WITHDRAW) if op in operations)
        return f"{self.dates[index].isoformat()}-{label}{'及' + changes if changes else ''}.csv"

    def decision(self, list_type: str, year: int) -> str:
        fmt = self.plan.black_format if list_type == s.BLACK else self.plan.red_format
        number = self.numbers.get((list_type, year), 0) + 1
        self.numbers[(list_type, year)] = number
        return fmt.format(year=year, n=number)

    def new_row(self, index: int, count_it: bool) -> list:
        """A 新增 row for file ``index``; maybe schedules its 更新 or 移出 in a later file."""
        rng, plan, summary = self.rng, self.plan, self.g.summary
        pick, number = self.g.pick, self.g.number
        if plan.black and (not plan.red or rng.random() >= RED_SHARE):
            list_type, category = s.BLACK, pick(plan.black)
        else:
            list_type, category = s.RED, pick(plan.red)
        subject = self.g.subject(self.g.kind_for(category), plan.industries)
        file_day = self.dates[index]
        start = file_day - dt.timedelta(days=number(3, 150))
        expired = rng.random() < EXPIRE_RATE and (AS_OF - start).days > 40
        end = expiring_end(rng, start) if expired else live_end(rng, list_type, start)
        row = [""] * WIDTH
        row[C[s.LIST_TYPE]], row[C[s.SUBJECT_TYPE]], row[C[s.NAME]] = list_type, SUBJECT_TYPES[subject.kind], subject.name
        row[C[s.USCC]], row[C[s.ID_NUMBER]], row[C[s.CATEGORY]] = subject.uscc, subject.id_number, category
        row[C[s.LEGAL_REP]] = subject.legal_rep if rng.random() < 0.9 else ""
        row[C[s.REASON]] = (texts.black_reason(pick, number, category) if list_type == s.BLACK
                            else texts.red_reason(number, category, start.year - 1))
        row[C[s.BASIS]] = pick(BASIS[category]) if list_type == s.BLACK else ""
        row[C[s.DECISION]], row[C[s.START]], row[C[s.END]] = self.decision(list_type, start.year), start, end
        row[C[s.DOMAIN]] = domain_for(rng, plan.code, category)
        row[C[s.OPERATION]] = s.ADD if self.writes_add else ""
        row[C[s.REMARK]] = "已送达告知书" if rng.random() < 0.05 else ""
        if count_it:
            summary.adds += 1
            summary.expired += expired
            summary.persons += subject.kind == "person"
            summary.sole_traders += subject.kind == "sole"
            summary.organisations += subject.kind not in ("person", "sole")
            if not expired and index < self.file_count - 1:
                self.schedule(row, index)
        return row

    def schedule(self, row: list, index: int) -> None:
        roll = self.rng.random()
        if roll >= self.update_p + self.withdraw_p:
            return
        target = self.rng.randint(index + 1, self.file_count - 1)
        if roll < self.update_p:
            self.pending[target].append(updated(self.rng, row))
            self.g.summary.updates += 1
        else:
            self.pending[target].append(withdrawn(self.rng, row))
            self.g.summary.withdrawals += 1
            if len(self.g.summary.withdrawn_names) < 200:
                self.g.summary.withdrawn_names.append(row[C[s.NAME]])

    def planted_row(self, index: int) -> list:
        """A wrong row (about 0.1 %): the department reports show problems, nothing is published."""
        row = self.new_row(index, count_it=False)
        kind = self.rng.randrange(4)
        if kind == 0 and row[C[s.USCC]]:
            code = row[C[s.USCC]]
            row[C[s.USCC]] = code[:17] + ("0" if code[17] != "0" else "1")
        elif kind == 1:
            row[C[s.START]] = "2024/13/45"
        elif kind == 2 and row[C[s.LIST_TYPE]] == s.BLACK:
            row[C[s.BASIS]] = ""
        else:
            row[C[s.CATEGORY]] = "虚假宣传"
        self.g.summary.planted += 1
        return row

    def cells(self, row: list) -> list:
        """Dates as the department writes them; everything else as is."""
        out = list(row)
        for column in (C[s.START], C[s.END]):
            day = out[column]
            if isinstance(day, dt.date):
                out[column] = format_day(self.rng, day) if self.mixed_dates else day.isoformat()
            elif day is None:
                out[column] = ""
        return out


def file_dates(rng: random.Random, count: int) -> list[dt.date]:
    """``count`` distinct hand-in dates spread from FIRST_FILE to LAST_FILE, in order."""
    span = (LAST_FILE - FIRST_FILE).days
    days = sorted({round(span * i / (count - 1)) + rng.randint(-3, 0) for i in range(count)})
    while len(days) < count:  # only for absurd counts
        days.append(days[-1] + 1)
    return [FIRST_FILE + dt.timedelta(days=max(0, d)) for d in days]


def _first_start_lasting(years: int) -> dt.date:
    """The earliest start whose publication of ``years`` years still runs on AS_OF."""
    day = add_years(AS_OF, -years) - dt.timedelta(days=3)
    while add_years(day, years) - dt.timedelta(days=1) < AS_OF:
        day += dt.timedelta(days=1)
    return day


LASTING_FROM = {years: _first_start_lasting(years) for years in (1, 2, 3)}
assert FIRST_FILE - dt.timedelta(days=150) >= LASTING_FROM[3]  # every start can have a live 3-year period


def live_end(rng: random.Random, list_type: str, start: dt.date) -> dt.date | None:
    """A 公示截止日期 still running on AS_OF (None: a 红名单 row left empty, 3 years by default)."""
    if list_type == s.RED and rng.random() < 0.6:
        return None
    years = 3 if start < LASTING_FROM[2] else rng.choice((2, 3)) if start < LASTING_FROM[1] else rng.choice((1, 2, 3))
    return add_years(start, years) - dt.timedelta(days=1)


def expiring_end(rng: random.Random, start: dt.date) -> dt.date:
    """An end after ``start`` that has passed by AS_OF."""
    return start + dt.timedelta(days=rng.randint(30, min(1095, (AS_OF - start).days - 2)))


def domain_for(rng: random.Random, department: str, category: str) -> str:
    if category == "重点领域诚信典型":
        return DOMAIN_BY_DEPARTMENT.get(department, "安全生产")
    options = DOMAINS.get(category)
    return rng.choice(options) if options and rng.random() < 0.3 else ""


def updated(rng: random.Random, row: list) -> list:
    """The whole row again as 更新, with a corrected reason or a new legal representative."""
    new = list(row)
    new[C[s.OPERATION]] = s.UPDATE
    new[C[s.REMARK]] = ""
    if new[C[s.SUBJECT_TYPE]] != s.PERSON and rng.random() < 0.3:
        new[C[s.LEGAL_REP]] = rng.choice("王李张刘陈杨") + "示例" + rng.choice("明华强芳军")
    else:
        new[C[s.REASON]] = new[C[s.REASON]] + "（经复核更正）"
    return new


def withdrawn(rng: random.Random, row: list) -> list:
    """A 移出 row: what identifies the entry, and why it goes."""
    new = [""] * WIDTH
    for column in (s.LIST_TYPE, s.SUBJECT_TYPE, s.NAME, s.USCC, s.ID_NUMBER, s.DECISION):
        new[C[column]] = row[C[column]]
    new[C[s.OPERATION]] = s.WITHDRAW
    new[C[s.WITHDRAWAL_REASON]] = rng.choice(WITHDRAWAL_REASONS)
    return new


def format_day(rng: random.Random, day: dt.date) -> str:
    roll = rng.random()
    if roll < 0.5:
        return day.isoformat()
    if roll < 0.8:
        return f"{day.year}/{day.month}/{day.day}"
    return f"{day.year}年{day.month}月{day.day}日"


def adds_for(entries: int) -> int:
    """新增 rows needed so that about ``entries`` remain after 移出 and expiry."""
    return round(entries / (1 - WITHDRAW_RATE - EXPIRE_RATE))


def write_register(path: Path, plans: list[DepartmentPlan]) -> None:
    lines = ["部门代码,部门名称,联系电话"] + [f"{p.code},{p.name},027-8777{n:04d}" for n, p in enumerate(plans, start=1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def generate(folder: Path, entries: int, seed: int) -> GenerationSummary:
    """Write a fresh data folder at ``folder``: register, vocabularies, templates, submissions."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "submissions").mkdir(parents=True)
    for name in ("vocab", "templates"):
        shutil.copytree(ROOT / "data" / name, folder / name)
    shutil.copyfile(ROOT / "data" / settings.SAMPLE_DATA_MARKER, folder / settings.SAMPLE_DATA_MARKER)  # fictional, every name says 示例
    began = time.perf_counter()
    plans = list(POOL[: department_count(entries)])
    write_register(folder / "departments.csv", plans)
    summary = GenerationSummary(entries, seed, departments=len(plans))
    generator = Generator(seed, summary)
    total = adds_for(entries)
    for number, (plan, share) in enumerate(zip(plans, shares(len(plans)))):
        department_folder = folder / "submissions" / plan.code
        department_folder.mkdir()
        DepartmentWriter(generator, plan, number, max(3, round(total * share)), department_folder).write()
    summary.seconds = time.perf_counter() - began
    return summary
