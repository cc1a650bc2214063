"""Write tests/search/queries.json: the search query table over the bundled sample data.

Each query has a kind and the exact expected results (decision number, name),
found by a plain substring test (every word in some searched column, punctuation
ignored) that does not use creditlists.search.segment,
so the table checks the search rather than repeating it. Re-run after the
sample data change, then read the diff:

    .venv/bin/python tools/make_search_queries.py
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from creditlists import schema as s  # noqa: E402
from creditlists.pipeline import compile_dataset  # noqa: E402
from creditlists.publish.opendata import published_records  # noqa: E402

AS_OF = dt.date(2026, 11, 29)
TABLE = ROOT / "tests" / "search" / "queries.json"


def fold(text: str) -> str:
    """Half-width digits and letters, lower case: how a clerk's and a reader's text compare."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
            ch = chr(code - 0xFEE0)
        out.append(ch.lower() if ch.isascii() else ch)
    return "".join(out)


# What a reader may find an entry by: every word in one of these (written out here, not
# taken from the search code).
SEARCHED = (s.NAME, s.USCC, s.LEGAL_REP, s.DECISION, s.DEPARTMENT_NAME, s.CATEGORY, s.DOMAIN, s.REASON, s.BASIS)
PUNCTUATION = "（）()〔〕[]【】、，,·- "


def bare(text: str) -> str:
    """Folded, without punctuation: 〔2024〕 and [2024] read alike."""
    return "".join(ch for ch in fold(text) if ch not in PUNCTUATION)


def expected(records: list[dict], query: str) -> list[list[str]]:
    """The results a reader should get: every word of the query (a part between spaces) is
    in some searched column of the entry, as plain text."""
    words = [bare(w) for w in query.split()]
    if not words or not all(len(w) >= 2 or w.isascii() for w in words) or not all(words):
        return []
    return sorted([r[s.DECISION], r[s.NAME]] for r in records
                  if all(any(w in bare(r[c]) for c in SEARCHED) for w in words))


def gone_names(dataset) -> list[str]:
    """Names of subjects whose every entry was withdrawn or expired."""
    current = {e.values[s.NAME] for e in dataset.merged.entries}
    gone = {e.values[s.NAME] for e in dataset.merged.expired}
    keys = {c.key for c in dataset.merged.changes if c.action == s.WITHDRAW}
    for report in dataset.reports:
        gone |= {r.values[s.NAME] for r in report.accepted if r.key in keys and r.values[s.NAME]}
    return sorted(gone - current)


def queries(records: list[dict], dataset) -> list[tuple[str, str, str]]:
    rng = random.Random(2018)
    names = sorted({r[s.NAME] for r in records})
    orgs = [r for r in records if r[s.USCC]]
    reps = sorted({r[s.LEGAL_REP] for r in records if r[s.LEGAL_REP]})
    out = [("fragment", f, "two-character fragment") for f in ("武昌", "示例", "科技", "有限", "黄鹤", "东湖", "餐饮", "物业", "网吧", "长江")]
    out += [("fragment", f, "three or more characters") for f in ("示例恒达", "小吃店", "信息技术", "股份经济合作社")]
    out += [("name", n, "full name") for n in rng.sample(names, 6)]
    companies = [n for n in names if n.endswith("有限公司")]
    out += [("name", n.removesuffix("有限公司"), "name without 有限公司") for n in rng.sample(companies, 4)]
    out += [("uscc", r[s.USCC].lower(), "USCC in lower case") for r in rng.sample(orgs, 3)]
    out += [("uscc", r[s.USCC], "USCC as written") for r in rng.sample(orgs, 2)]
    letter_first = [r for r in orgs if r[s.USCC][0].isalpha()]
    out += [("uscc", r[s.USCC], "USCC beginning with a letter") for r in letter_first[:1]]
    out += [("legal_rep", p, "legal representative") for p in rng.sample(reps, 4)]
    out += [("decision", r[s.DECISION], "decision number") for r in rng.sample(records, 4)]
    out += [("category", c, "category by its whole name") for c in ("虚假广告", "诚信纳税")]
    department = dataset.departments[sorted(dataset.departments)[0]].name
    out += [("department", department, "department by its whole name")]
    out += [("legal_rep", n, "withdrawn or expired subject") for n in gone_names(dataset)[:3]]
    out += [("none", q, "nonsense") for q in ("不存在的名称", "zzzz", "〔〕", "<script>alert(1)</script>")]
    out += [("two_parts", "示例 科技", "two parts, both required")]
    out += [("department", q, "part of a department's name") for q in ("武昌区市场监督管理局", "市场监督", "税务", "生态环境局")]
    out += [("decision", q, "decision number prefix without a digit") for q in ("市监罚", "武昌税稽罚")]
    out += [("cross_field", q, "words in different fields") for q in ("顺发 食品", "顺发 税务", "示例 逃税 2024")]
    out += [("category", q, "part of a category or domain") for q in ("食品", "诚信经营", "环境保护")]
    out += [("frequent", q, "several frequent words") for q in ("示例 便利店", "示例 有限公司 武汉", "武昌 示例")]
    out += [("text", q, "words of 列入事由 or 认定依据") for q in ("非食品原料", "食品安全法", "广告法", "顺发 非食品原料")]
    return out


def main() -> None:
    dataset = compile_dataset(ROOT / "data", AS_OF)
    records = published_records(dataset)
    table = [{"kind": k, "query": q, "note": n, "expect": expected(records, q)} for k, q, n in queries(records, dataset)]
    TABLE.write_text(json.dumps(table, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(table)} queries written to {TABLE.relative_to(ROOT)}")
    for row in table:
        print(f"{len(row['expect']):>4}  {row['kind']:<10} {row['query']}")


if __name__ == "__main__":
    main()
