"""The split index gives exactly what the single index gives, and both exactly what
exhaustive matching gives, for a whole query set over a few thousand entries.

The browser's engine (theme/static/js/engine.js) runs under Node on the files
that search_index writes, once with one shard and once split into many.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from creditlists import schema as s
from creditlists import settings
from creditlists.intake.identifiers import uscc_check_char
from creditlists.search.index import search_files, searched_fields
from creditlists.search.segment import matches, part_matches, query_parts

ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "tests" / "search" / "run_engine.js"
ENTRIES = 3000

REGIONS = ["武汉市武昌区", "武汉", "湖北", "武昌区", "武昌", ""]
TRADE = list("恒达鑫源宏图金鼎长江黄鹤东湖楚天华昌嘉禾博远晨光蓝海丰泽明德福锦程卓越紫阳和泰永安联创盛众诚佳荣新中南谷汇通")
INDUSTRIES = ["科技", "商贸", "实业", "建筑工程", "餐饮管理", "物业服务", "信息技术", "新能源科技", "环保科技", "广告传媒"]
FORMS = ["有限公司", "股份有限公司", "有限责任公司", "小吃店", "便利店"]
SURNAMES = list("张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗")
CATEGORIES = ["虚假广告", "合同欺诈", "恶意欠薪", "诚信纳税", "守合同重信用企业"]
DOMAINS = ["食品药品", "生态环境", ""]
DEPARTMENTS = ["武昌区市场监督管理局（示例）", "武昌区人力资源和社会保障局（示例）", "国家税务总局武汉市武昌区税务局（示例）"]


def synthetic_views(count: int, seed: int = 2018) -> list[dict]:
    """Entries whose names share frequent pairs (武汉, 科技, 有限公司) as real ones do."""
    rng = random.Random(seed)
    views = []
    for ref in range(count):
        trade = rng.choice(TRADE) + rng.choice(TRADE)
        name = f"{rng.choice(REGIONS)}示例{trade}{rng.choice(INDUSTRIES)}{rng.choice(FORMS)}"
        body = "91420106" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
        department = rng.choice(DEPARTMENTS)
        views.append({
            s.NAME: name, s.USCC: body + uscc_check_char(body), s.LEGAL_REP: rng.choice(SURNAMES) + "示例" + rng.choice(TRADE),
            s.DECISION: f"武昌{department[3:5]}罚〔{rng.choice([2023, 2024, 2025])}〕{rng.randint(1, 400)}号",
            s.CATEGORY: rng.choice(CATEGORIES), s.DEPARTMENT_NAME: department, s.LIST_TYPE: rng.choice(s.LIST_TYPES),
            s.START: f"{rng.choice([2023, 2024, 2025])}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", "subject_url": f"subject/{ref}/",
            s.DOMAIN: rng.choice(DOMAINS), s.SUBJECT_TYPE: s.ORGANISATION, s.ID_NUMBER: "", s.END: "2027-01-01",
            s.REASON: f"{rng.choice(TRADE)}{rng.choice(CATEGORIES)}，罚款{rng.randint(1, 50)}万元", s.BASIS: rng.choice(["", "《中华人民共和国食品安全法》", "《中华人民共和国广告法》第五十五条"]),
        })
    return views


def query_set(views: list[dict], seed: int = 7) -> list[str]:
    """Realistic queries: fragments, names, codes, people, decisions, very frequent words, nonsense."""
    rng = random.Random(seed)
    picks = rng.sample(views, 40)
    queries = [v[s.NAME][-8:-4] for v in picks[:10]]                      # trade name + industry
    queries += [v[s.NAME] for v in picks[10:15]]                          # full names
    queries += [v[s.NAME].removesuffix("有限公司") for v in picks[15:20]]  # without 有限公司
    queries += [v[s.USCC].lower() for v in picks[20:24]]                  # codes, lower case
    queries += [v[s.LEGAL_REP] for v in picks[24:28]]                     # people
    queries += [v[s.DECISION] for v in picks[28:32]]                      # decision numbers
    queries += [v[s.DECISION][-6:] for v in picks[32:34]]                 # part of a decision number
    queries += ["".join(pair) for pair in rng.sample([(a, b) for a in TRADE for b in TRADE], 35)]  # two characters
    queries += ["武汉", "科技", "有限公司", "示例", "武昌区示例", "有限责任公司", "2024", "湖北示例"]  # very frequent
    queries += ["虚假广告", "诚信纳税", DEPARTMENTS[0]]                    # whole categories, departments
    queries += [f"{picks[0][s.NAME][-8:-6]} 科技", "恒达 有限公司", "示例 便利店", "示例 有限公司 武汉"]  # several parts
    queries += ["市场监督", "武昌区市场监督管理局", "税务", "税务局", "武昌市场罚", "市场罚", "罚"]  # department and decision fragments
    queries += [f"{picks[1][s.NAME][-8:-6]} 虚假", "恒达 纳税", "示例 诚信 税务", "恒达 食品", "食品", "生态环境"]  # words in different fields
    queries += ["不存在的名称", "zzzz", "〔〕", "武", "<script>"]          # nothing, too short
    return queries


def best_tier(query: str, view: dict) -> int:
    """The place in FIELDS of the first field some part of the query matches."""
    fields = searched_fields(view)
    return min(next(i for i, (rule, text) in enumerate(fields) if part_matches(p, rule, text)) for p in query_parts(query))


def build(views: list[dict], folder: Path, monkeypatch, split: bool) -> Path:
    with monkeypatch.context() as patch:
        patch.setattr(settings, "SEARCH_SINGLE_INDEX_MAX_DOCS", 0 if split else 10**9)
        patch.setattr(settings, "SEARCH_SHARD_POSTINGS", 1500)
        patch.setattr(settings, "SEARCH_FREQUENT_MIN_DOCS", 60)
        patch.setattr(settings, "SEARCH_GROUP_POSTINGS", 5000)  # shards built a group at a time, as at a million entries
        files = dict(search_files(views))
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    return folder / "search"


def run_engine(search_folder: Path, queries: list[str], tmp_path: Path) -> dict[str, dict]:
    node = shutil.which("node")
    assert node, "node is needed (installed with npm)"
    table = tmp_path / "queries.json"
    table.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    result = subprocess.run([node, str(RUNNER), str(search_folder), str(table)], capture_output=True, text=True, check=True)
    return {row["query"]: row for row in json.loads(result.stdout)}


@pytest.fixture(scope="module")
def views() -> list[dict]:
    return synthetic_views(ENTRIES)


def test_split_index_equals_single_index_equals_exhaustive(views, tmp_path, monkeypatch):
    queries = query_set(views)
    assert len(queries) >= 80
    single = run_engine(build(views, tmp_path / "single", monkeypatch, split=False), queries, tmp_path)
    split_folder = build(views, tmp_path / "split", monkeypatch, split=True)
    split = run_engine(split_folder, queries, tmp_path)
    meta = json.loads((split_folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["shards"] > 20 and len(meta["frequent"]) > 20  # really split, with frequent tokens set apart
    wrong = {}
    for query in queries:
        expected = [ref for ref, view in enumerate(views) if matches(query, searched_fields(view))]
        got_single, got_split = single[query], split[query]
        problems = []
        if sorted(got_single["refs"]) != expected or got_single["total"] != len(expected) or not got_single["exact"]:
            problems.append(("single", got_single["total"], len(expected)))
        if sorted(got_split["refs"]) != expected or got_split["total"] != len(expected) or not got_split["exact"]:
            problems.append(("split", got_split["total"], len(expected)))
        for name, got in (("single", got_single), ("split", got_split)):
            tiers = [best_tier(query, views[ref]) for ref in got["refs"]]
            if tiers != sorted(tiers):
                problems.append((name, "not ranked by field", tiers[:20]))
        if problems:
            wrong[query] = problems
    assert wrong == {}
