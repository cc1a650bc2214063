"""A fixed, seeded set of realistic queries, and their exact answers.

Queries are drawn from the published entries themselves, in the proportions
people search: name fragments and trade names most, then whole names (with and
without 有限公司 or the region), codes, legal representatives, decision
numbers, categories and departments, a few very frequent fragments (示例,
有限公司, 武汉, 科技) that hit most of the list, names of entries taken off,
and nonsense. The expected results of each query come from the search's own
definition of a hit, ``creditlists.search.segment.matches``, tried on every
published record.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from creditlists import schema as s
from creditlists.search.index import searched_fields
from creditlists.search.segment import matches, normalise, query_parts

# (kind, share out of 120): what a set of ``count`` queries is made of.
MIX = (
    ("fragment", 18), ("trade_industry", 12), ("full_name", 14), ("without_form", 10), ("without_region", 10),
    ("uscc_lower", 8), ("uscc", 2), ("legal_rep", 10), ("decision", 10), ("category", 5), ("department", 3),
    ("frequent", 5), ("two_parts", 4), ("nonsense", 4), ("withdrawn", 5),
)
FREQUENT = ("示例", "有限公司", "武汉", "科技", "武昌", "商贸", "股份")
NONSENSE = ("不存在的名称", "zzzz", "示例不存在有限公司", "〔〕", "q9x 示例", "火星示例航天")
FORMS = ("有限公司武昌分公司", "有限公司中南路分公司", "集团有限公司", "股份有限公司", "有限责任公司", "有限公司")
COMPANY = re.compile(r"^(武汉市武昌区|武汉|湖北|武昌区|武昌)示例(..)(.+?)(" + "|".join(FORMS) + ")$")

Pair = tuple[str, str]  # (decision number, name): identifies a published entry


@dataclass
class Query:
    kind: str
    text: str
    expected: list[Pair] = field(default_factory=list)  # sorted


def allocate(count: int) -> list[tuple[str, int]]:
    """How many queries of each kind: proportional to MIX, summing to ``count`` (largest remainders)."""
    total = sum(share for _, share in MIX)
    exact = [(kind, share * count / total) for kind, share in MIX]
    counts = {kind: int(value) for kind, value in exact}
    by_remainder = sorted(exact, key=lambda item: item[1] - int(item[1]), reverse=True)
    for kind, _ in by_remainder[: count - sum(counts.values())]:
        counts[kind] += 1
    return [(kind, counts[kind]) for kind, _ in MIX]


def company_parts(name: str) -> tuple[str, str, str, str] | None:
    """(region, trade name, industry, form) of a synthetic company name, or None."""
    found = COMPANY.match(name)
    return found.groups() if found else None  # type: ignore[return-value]


class Drawer:
    """Draws queries of one kind from the records, without repeating a query."""

    def __init__(self, records: list[dict], withdrawn_names: list[str], seed: int):
        self.rng = random.Random(seed * 7919 + 11)
        self.records = records
        self.companies = [(r, p) for r in records if (p := company_parts(r[s.NAME]))]
        self.withdrawn = sorted(set(withdrawn_names))
        self.rng.shuffle(self.withdrawn)
        self.seen: set[str] = set()

    def company(self) -> tuple[dict, tuple[str, str, str, str]]:
        return self.rng.choice(self.companies)

    def candidates(self, kind: str) -> list[str]:
        """A few fresh proposals of this kind (one draw each); empty when the data have none."""
        rng = self.rng
        if kind in ("frequent", "nonsense"):
            return list(FREQUENT if kind == "frequent" else NONSENSE)
        if kind == "withdrawn":
            return list(self.withdrawn)
        if kind in ("category", "department"):
            column = s.CATEGORY if kind == "category" else s.DEPARTMENT_NAME
            values = sorted({r[column] for r in self.records})
            return rng.sample(values, len(values))
        if kind in ("uscc", "uscc_lower", "legal_rep", "decision"):
            column = {"legal_rep": s.LEGAL_REP, "decision": s.DECISION}.get(kind, s.USCC)
            value = rng.choice(self.records)[column]
            return [value.lower() if kind == "uscc_lower" else value] if value else []
        if not self.companies:
            return []
        record, (region, trade, industry, form) = self.company()
        name = record[s.NAME]
        return [{
            "fragment": trade,
            "trade_industry": trade + industry,
            "full_name": name,
            "without_form": name[: -len(form)] if form.startswith(("有限", "股份", "集团")) else name,
            "without_region": name[len(region):],
            "two_parts": f"{trade} {industry}",
        }[kind]]

    def draw(self, kind: str, count: int) -> list[Query]:
        found: list[Query] = []
        for _ in range(count * 20):
            if len(found) == count:
                break
            for text in self.candidates(kind):
                if text not in self.seen and len(found) < count:
                    self.seen.add(text)
                    found.append(Query(kind, text))
                    break
        return found


def make_queries(records: list[dict], withdrawn_names: list[str], count: int, seed: int) -> list[Query]:
    """``count`` queries (fewer only when the data are too small to offer them), in a fixed order."""
    drawer = Drawer(records, withdrawn_names, seed)
    queries = [q for kind, n in allocate(count) for q in drawer.draw(kind, n)]
    missing = count - len(queries)
    if missing > 0:  # small data: top up with more fragments and full names
        queries += drawer.draw("full_name", missing)
    return queries


def fill_expected(queries: list[Query], records: list[dict]) -> None:
    """Set each query's expected results by trying ``matches`` on every record.

    A cheap necessary condition comes first (each normalised query part occurs
    somewhere in the record's normalised searched text), so ``matches`` itself,
    the definition of a hit, decides only for the few records that pass it.
    """
    fields = [searched_fields(r) for r in records]
    haystacks = [normalise("\n".join(text for _, text in f)) for f in fields]
    for query in queries:
        needles = [normalise(part) for part in query_parts(query.text)]
        if not needles:
            query.expected = []
            continue
        hits = [i for i, hay in enumerate(haystacks) if all(n in hay for n in needles) and matches(query.text, fields[i])]
        query.expected = sorted((records[i][s.DECISION], records[i][s.NAME]) for i in hits)
