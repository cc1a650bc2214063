"""The full build: Pelican pages, open data, reports, reproducibility, atomic publishing."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from creditlists.publish import build as build_module
from creditlists.publish.build import build_site
from credit_rows import id_number, row, uscc, write_csv

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 29)


PERSON_ID = id_number("42010619750315123")
PUBLISHED_ORG = uscc("91420106MA4K00001")
EXPIRED_ORG = uscc("91420106MA4K00002")
WITHDRAWN_ORG = uscc("91420106MA4K00003")


def black(name: str, code: str, decision: str, start: str, end: str, **more: str) -> dict[str, str]:
    return row(名单类型="黑名单", 主体类型="法人及非法人组织", 主体名称=name, 统一社会信用代码=code, 类别="虚假广告",
               列入事由="发布虚假广告", 认定依据="《广告法》第五十五条", 决定文书号=decision, 认定日期=start, 公示截止日期=end, **more)


@pytest.fixture
def small_data(tmp_path: Path) -> Path:
    """Two departments: one published, one expired, one withdrawn entry, a person, a rejected row."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "vocab", data / "vocab")
    shutil.copyfile(ROOT / "data" / "SAMPLE-DATA.txt", data / "SAMPLE-DATA.txt")  # fictional, every name says 示例
    (data / "departments.csv").write_text("部门代码,部门名称,联系电话\nscjgj,市场监管（示例）,027-1\nrsj,人社（示例）,027-2\n", encoding="utf-8")
    write_csv(data / "submissions" / "scjgj" / "2024-01-01-黑名单.csv", [
        black("=在列示例公司", PUBLISHED_ORG, "武昌市监罚〔2024〕1号", "2024-01-01", "2026-12-31"),
        black("到期示例公司", EXPIRED_ORG, "武昌市监罚〔2024〕2号", "2024-01-01", "2025-01-01"),
        black("移出示例公司", WITHDRAWN_ORG, "武昌市监罚〔2024〕3号", "2024-01-01", "2026-12-31"),
        black("错误示例公司", PUBLISHED_ORG[:-1] + "0", "武昌市监罚〔2024〕4号", "2024-01-01", "2026-12-31"),
    ])
    write_csv(data / "submissions" / "scjgj" / "2024-06-01-移出.csv", [
        row(主体类型="法人及非法人组织", 统一社会信用代码=WITHDRAWN_ORG, 决定文书号="武昌市监罚〔2024〕3号", 操作="移出", 移出原因="信用修复"),
    ])
    write_csv(data / "submissions" / "rsj" / "2025-01-01-红名单.csv", [
        row(名单类型="红名单", 主体类型="自然人", 主体名称="李示例", 身份证件号码=PERSON_ID, 类别="优秀青年志愿者",
            列入事由="志愿服务", 决定文书号="武昌人社〔2025〕1号", 认定日期="2025-01-01"),
    ], encoding="gb18030")
    return data


def build(data: Path, out: Path, reports: Path) -> str:
    return build_site(data, out, reports, AS_OF, ROOT / "pelicanconf.py")


def all_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_writes_home_lists_and_open_data(small_data, tmp_path):
    out = tmp_path / "output"
    summary = build(small_data, out, tmp_path / "reports")
    home = (out / "index.html").read_text(encoding="utf-8")
    black_page = (out / "black" / "index.html").read_text(encoding="utf-8")
    red_page = (out / "red" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in home and "数据更新至 2026-11-29" in home
    assert home.count('<span class="card-count">1</span>') == 2
    assert "=在列示例公司" in black_page and "李示例" in red_page
    assert "示例数据" in home  # the sample-data notice is on
    assert "scjgj" in summary and "rsj" in summary


def test_expired_withdrawn_and_rejected_entries_appear_nowhere_in_output(small_data, tmp_path):
    out = tmp_path / "output"
    build(small_data, out, tmp_path / "reports")
    for name, content in all_bytes(out).items():
        text = content.decode("utf-8", errors="ignore")
        for absent in ("到期示例公司", "移出示例公司", "错误示例公司", PERSON_ID):
            assert absent not in text, f"{absent} in {name}"
    assert "420106***********" + PERSON_ID[-1] in (out / "data" / "entries.csv").read_text(encoding="utf-8-sig")


def test_reports_stay_outside_output_and_count_every_row(small_data, tmp_path):
    import json

    reports = tmp_path / "reports"
    build(small_data, tmp_path / "output", reports)
    scjgj = json.loads((reports / "scjgj.json").read_text(encoding="utf-8"))
    assert scjgj["states"] == {"read": 5, "published": 1, "rejected": 1, "withdrawn": 1, "superseded": 1, "expired": 1}
    assert [(e["row"], e["code"]) for f in scjgj["files"] for e in f["errors"]] == [(5, "bad-uscc-checksum")]
    assert (reports / "scjgj.html").is_file()


def test_same_data_and_date_give_byte_identical_output(small_data, tmp_path):
    build(small_data, tmp_path / "a", tmp_path / "ra")
    build(small_data, tmp_path / "b", tmp_path / "rb")
    assert all_bytes(tmp_path / "a") == all_bytes(tmp_path / "b")
    assert all_bytes(tmp_path / "ra") == all_bytes(tmp_path / "rb")


def test_datapackage_passes_frictionless_and_catches_a_changed_byte(small_data, tmp_path):
    from frictionless import validate

    out = tmp_path / "output"
    build(small_data, out, tmp_path / "reports")
    package = out / "data" / "datapackage.json"
    assert validate(str(package)).valid
    csv_path = out / "data" / "entries.csv"
    csv_path.write_bytes(csv_path.read_bytes().replace("示例".encode(), "实例".encode(), 1))
    assert not validate(str(package)).valid


def test_a_failing_step_leaves_the_previous_output_untouched(small_data, tmp_path, monkeypatch):
    out = tmp_path / "output"
    build(small_data, out, tmp_path / "reports")
    before = all_bytes(out)

    def broken(*args, **kwargs):
        raise RuntimeError("render failed")

    monkeypatch.setattr(build_module, "run_pelican", broken)
    (small_data / "submissions" / "rsj" / "2025-01-01-红名单.csv").unlink()
    with pytest.raises(RuntimeError):
        build(small_data, out, tmp_path / "reports")
    assert all_bytes(out) == before
    assert [p.name for p in tmp_path.iterdir() if "staging" in p.name] == []


def test_two_builds_of_the_sample_data_are_byte_identical(tmp_path):
    """The whole bundled data folder, every page, feed, chart and index included."""
    for name in ("a", "b"):
        build_site(ROOT / "data", tmp_path / name, tmp_path / f"r{name}", AS_OF, ROOT / "pelicanconf.py")
    first, second = all_bytes(tmp_path / "a"), all_bytes(tmp_path / "b")
    assert len(first) > 500
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_a_build_over_two_processes_writes_the_same_bytes(tmp_path, monkeypatch):
    """Large builds render pages and lunr shards in forked workers; the result must not change."""
    from creditlists import settings

    build_site(ROOT / "data", tmp_path / "one", tmp_path / "r1", AS_OF, ROOT / "pelicanconf.py")
    monkeypatch.setattr(settings, "PARALLEL_MIN_ENTRIES", 0)
    monkeypatch.setattr(settings, "BUILD_PROCESSES", 2)
    build_site(ROOT / "data", tmp_path / "two", tmp_path / "r2", AS_OF, ROOT / "pelicanconf.py")
    one, two = all_bytes(tmp_path / "one"), all_bytes(tmp_path / "two")
    assert sorted(one) == sorted(two) and [name for name in one if one[name] != two[name]] == []
