"""The browser checker's Python side (creditlists/checker.py, creditlists/publish/checker_files.py).

The page runs ``checker.check_upload`` in Pyodide; here the same function runs in
CPython against ``validate`` (``pipeline.check_files``) on the same file, with the
keys file the build publishes standing in for the department's history. For
organisations they agree exactly; for persons the page misses exactly the checks
it says it cannot make (``checker.PERSON_LIMITS``). The browser itself is
tests/browser/test_checker_browser.py.
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from credit_rows import AS_OF, ORG_USCC, OTHER_USCC, PERSON_ID, black_org, red_person, row, withdrawal, write_csv, write_xlsx
from creditlists import checker
from creditlists import schema as s
from creditlists.intake.departments import load_departments
from creditlists.intake.vocab import load_vocabulary
from creditlists.pipeline import check_files, compile_dataset
from creditlists.publish import checker_files

PERSON_LIMIT_CODES = {code for code, _ in checker.PERSON_LIMITS}
# The published columns of an entry, in the order of the keys file's digests (the department is the file's).
PUBLISHED_COLUMNS = ["名单类型", "主体类型", "主体名称", "统一社会信用代码", "法定代表人", "身份证件号码", "类别", "领域", "列入事由",
                     "认定依据", "决定文书号", "认定日期", "公示截止日期"]


def digest(column: str, value: object) -> str:
    """The keys file's digest of one published value: sha256 of ``[column, value]`` as compact JSON, 16 hex characters."""
    return hashlib.sha256(json.dumps([column, value], ensure_ascii=False, separators=(",", ":")).encode("utf-8")).hexdigest()[:16]


@pytest.fixture
def published(data_dir: Path) -> Path:
    """scjgj has published two organisations' entries (1号 and 2号) and a person's three (武昌人社〔2025〕1号, 2号 and 3号)."""
    write_csv(data_dir / "submissions" / "scjgj" / "2024-05-01-黑名单.csv", [
        black_org(), black_org(统一社会信用代码=OTHER_USCC, 决定文书号="武昌市监罚〔2024〕2号"),
        red_person(), red_person(决定文书号="武昌人社〔2025〕2号"), red_person(决定文书号="武昌人社〔2025〕3号"),
    ])
    return data_dir


def browser_and_cli(data_dir: Path, path: Path, department: str = "scjgj") -> tuple[set[tuple], set[tuple]]:
    """(row, column, code) of the page's check and of ``validate`` for the same file, both as of 2026-11-29."""
    dataset = compile_dataset(data_dir, AS_OF)
    keys = checker.published_keys(dataset.merged.entries, department, AS_OF)
    register = json.loads(json.dumps(checker.register(dataset.departments, dataset.vocabulary)))  # as the page gets it
    page = checker.check_upload(path, department, register, keys, AS_OF)
    (cli,) = check_files([path], data_dir, AS_OF, department).to_dict()["files"]  # type: ignore[index]

    def found(result: dict) -> set[tuple]:
        return {(p["row"], p["column"], p["code"]) for p in result["errors"] + result["warnings"]}

    assert (page["encoding"], page["rows"]) == (cli["encoding"], cli["rows"])
    return found(page), found(cli)


def test_organisations_get_exactly_the_answers_of_validate(published: Path, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "inbox" / "2026-11-01-更新.csv", [
        black_org(操作="更新", 列入事由="更正事由"),  # 1号: published, found
        withdrawal(统一社会信用代码=OTHER_USCC, 决定文书号="武昌市监罚〔2024〕2号"),  # published, found
        black_org(决定文书号="武昌市监罚〔2024〕1号"),  # 新增 of a published key
        black_org(操作="更新", 决定文书号="武昌市监罚〔2024〕9号"),  # nothing to update
        withdrawal(决定文书号="武昌市监罚〔2024〕8号"),  # nothing to withdraw
        black_org(认定日期="2024/13/01", 决定文书号="武昌市监罚〔2024〕3号"),
        black_org(决定文书号="武昌市监罚〔2024〕4号"),  # new, accepted
    ], encoding="gb18030")
    page, cli = browser_and_cli(published, path)
    assert page == cli == {
        (4, "决定文书号", "duplicate-key"), (5, "决定文书号", "unknown-key"), (6, "决定文书号", "unknown-key"), (7, "认定日期", "bad-date"),
    }


def test_persons_miss_only_the_checks_the_page_says_it_cannot_make(published: Path, tmp_path: Path) -> None:
    person_withdrawal = withdrawal(主体类型="自然人", 统一社会信用代码="", 身份证件号码=PERSON_ID, 决定文书号="武昌人社〔2025〕2号")
    path = write_xlsx(tmp_path / "2026-11-01-自然人.xlsx", [
        person_withdrawal,  # published: both accept it
        red_person(操作="更新", 决定文书号="武昌人社〔2025〕7号"),  # not published: only validate knows
        red_person(列入事由="更正的事由"),  # 新增 of a published person, changed: only validate knows
        red_person(决定文书号="武昌人社〔2025〕5号"), red_person(决定文书号="武昌人社〔2025〕5号", 列入事由="另一事由"),  # same key twice in the file: both
        red_person(决定文书号="武昌人社〔2025〕3号"),  # 新增 of a published person, the same: only validate knows
    ])
    page, cli = browser_and_cli(published, path)
    assert cli - page == {(3, "决定文书号", "unknown-key"), (4, "决定文书号", "duplicate-key"), (7, "决定文书号", "already-published")}
    assert {code for _, _, code in cli - page} <= PERSON_LIMIT_CODES
    assert page == {(6, "决定文书号", "duplicate-key")}


def test_bad_files_give_exactly_the_answers_of_validate(published: Path) -> None:
    bad = Path(__file__).parent / "fixtures" / "bad"
    for path in sorted(p for p in bad.iterdir() if p.suffix in (".csv", ".xlsx", ".txt")):
        page, cli = browser_and_cli(published, path)
        assert page == cli, path.name


def test_the_keys_file_holds_organisations_only(published: Path) -> None:
    dataset = compile_dataset(published, AS_OF)
    keys = checker.published_keys(dataset.merged.entries, "scjgj", AS_OF)
    first, second = black_org(), black_org(统一社会信用代码=OTHER_USCC, 决定文书号="武昌市监罚〔2024〕2号")
    assert keys == {"department": "scjgj", "as_of": "2026-11-29", "fields": PUBLISHED_COLUMNS, "entries": [
        {"list_type": "黑名单", "decision": "武昌市监罚〔2024〕1号", "uscc": ORG_USCC, "digests": [digest(c, first[c]) for c in PUBLISHED_COLUMNS]},
        {"list_type": "黑名单", "decision": "武昌市监罚〔2024〕2号", "uscc": OTHER_USCC, "digests": [digest(c, second[c]) for c in PUBLISHED_COLUMNS]},
    ]}
    files = checker_files.data_files(dataset)
    assert set(files) == {"guide/check/register.json", "guide/check/keys/scjgj.keys.json", "guide/check/keys/rsj.keys.json"}
    assert json.loads(files["guide/check/keys/rsj.keys.json"])["entries"] == []
    for content in files.values():
        text = content.decode("utf-8")
        assert PERSON_ID not in text and PERSON_ID[:14] not in text and "李示例" not in text and "武昌人社" not in text


def test_the_register_gives_the_page_what_validation_checks_against(data_dir: Path) -> None:
    departments, vocabulary = load_departments(data_dir), load_vocabulary(data_dir)
    again, words = checker.from_register(json.loads(json.dumps(checker.register(departments, vocabulary))))
    assert again == departments
    assert {t: list(terms) for t, terms in words.categories.items()} == {t: list(terms) for t, terms in vocabulary.categories.items()}
    assert list(words.domains) == list(vocabulary.domains)
    assert [(t.name, t.slug) for t in words.domains.values()] == [(t.name, t.slug) for t in vocabulary.domains.values()]


def test_check_json_is_the_pages_call(published: Path, tmp_path: Path) -> None:
    dataset = compile_dataset(published, AS_OF)
    path = write_csv(tmp_path / "2026-11-01-a.csv", [
        black_org(),  # 1号 again, the same
        black_org(统一社会信用代码=OTHER_USCC, 决定文书号="武昌市监罚〔2024〕2号", 列入事由="改过的事由", 公示截止日期="2027-01-31"),
    ])
    register = json.dumps(checker.register(dataset.departments, dataset.vocabulary), ensure_ascii=False)
    keys = json.dumps(checker.published_keys(dataset.merged.entries, "scjgj", AS_OF), ensure_ascii=False)
    checked = json.loads(checker.check_json(str(path), "scjgj", register, keys))
    assert set(checked) == {"as_of", "file"}
    assert [(p["row"], p["code"]) for p in checked["file"]["errors"]] == [(3, "duplicate-key")]
    assert [(p["row"], p["code"]) for p in checked["file"]["warnings"]] == [(2, "already-published")]
    assert "本行的“列入事由”、“公示截止日期”与它不同" in checked["file"]["errors"][0]["message"]


def test_findings_workbook_lists_every_problem_as_text(tmp_path: Path) -> None:
    result = {"path": "2026-11-01-a.csv", "department": "scjgj", "encoding": "gb18030", "encoding_label": "GBK/GB18030",
              "rows": 2, "accepted": 1, "rejected": 1,
              "errors": [{"row": 3, "column": "主体名称", "column_number": 3, "code": "formula-cell", "message": "=1+1 是公式"}],
              "warnings": [{"row": None, "column": None, "column_number": None, "code": "extra-sheets", "message": "@SUM(A1)"}]}
    content = checker.findings_xlsx(json.dumps({"as_of": "2026-12-01", "file": result}))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = [tuple(c for c in r) for r in sheet.iter_rows(values_only=True)]
    assert rows[:3] == [("文件", "2026-11-01-a.csv", None, None, None, None), ("部门代码", "scjgj", None, None, None, None),
                        ("编码", "GBK/GB18030", None, None, None, None)]  # as a clerk knows it, not gb18030
    assert rows[-3:] == [("行", "列", "列号", "代码", "类别", "说明"), (3, "主体名称", 3, "formula-cell", "错误", "=1+1 是公式"),
                         ("整个文件", None, None, "extra-sheets", "提示", "@SUM(A1)")]
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode("utf-8")


def test_the_zips_hold_everything_the_checker_imports(tmp_path: Path) -> None:
    """checker.zip and packages.zip alone, with the standard library, run a check: nothing else is imported."""
    folder = tmp_path / "unpacked"
    for members in checker_files.zip_sources().values():
        with zipfile.ZipFile(io.BytesIO(checker_files.reproducible_zip(members))) as archive:
            archive.extractall(folder)
    sample = write_csv(tmp_path / "2026-11-01-a.csv", [row(名单类型="黑名单")])
    script = (
        "import sys, json, datetime\n"
        f"sys.path = [{str(folder)!r}] + [p for p in sys.path if 'site-packages' not in p]\n"
        "from creditlists import checker\n"
        f"register = {{'departments': [['scjgj', '示例', '1']], 'categories': {{'黑名单': [['虚假广告', 'x']], '红名单': []}}, 'domains': []}}\n"
        f"result = checker.check_upload(__import__('pathlib').Path({str(sample)!r}), 'scjgj', register,"
        " {'department': 'scjgj', 'entries': []}, datetime.date(2026, 11, 29))\n"
        "outside = sorted(m.__name__ for m in list(sys.modules.values()) if getattr(m, '__file__', None) and 'site-packages' in m.__file__)\n"
        "print(json.dumps([result['rows'], outside]))\n"
    )
    done = subprocess.run([sys.executable, "-S", "-c", script], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == [1, []]


def test_the_zips_are_reproducible() -> None:
    for members in checker_files.zip_sources().values():
        assert checker_files.reproducible_zip(members) == checker_files.reproducible_zip(members)
    assert set(checker_files.code_members()) >= {"creditlists/checker.py", "creditlists/merge.py", "creditlists/intake/reading.py"}
    names = set(checker_files.package_members())
    assert "tzdata/zoneinfo/Asia/Shanghai" in names and "openpyxl/__init__.py" in names and "et_xmlfile/__init__.py" in names
    assert not [n for n in names if n.startswith("tzdata/") and n not in checker_files.TIME_ZONE_FILES]
    assert not [n for n in names if n.endswith((".pyc", "/RECORD", "/INSTALLER"))]


def test_template_columns_are_what_the_keys_replay_fills() -> None:
    history = checker.published_history({"department": "scjgj", "entries": [{"list_type": s.BLACK, "decision": "1号", "uscc": ORG_USCC}]}, AS_OF)
    (entry,) = history.accepted
    assert set(entry.values) == set(s.TEMPLATE_COLUMNS) and entry.key == ("scjgj", "1号", ORG_USCC)
    assert history.rows_read == 1
