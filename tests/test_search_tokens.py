"""The browser cuts queries exactly as Python cut the index: run segment.js under Node."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from creditlists.search import segment

ROOT = Path(__file__).resolve().parent.parent
CASES = json.loads((ROOT / "tests" / "search" / "segment_cases.json").read_text(encoding="utf-8"))
NODE_SCRIPT = """
const seg = require(process.argv[1]);
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = cases.map((t, i) => {
  const other = cases[(i + 1) % cases.length];
  return {index: seg.indexTokens(t), whole: seg.indexTokens(t, "whole"), query: seg.queryTokens(t),
    parts: seg.queryParts(t), offsets: seg.runTokens(t),
    selfMatch: seg.matches(t, [["fragment", t]]), wholeMatch: seg.matches(t, [["whole", t]]),
    numbered: seg.matches(t, [["numbered", t]]),
    inNext: ["fragment", "numbered", "whole"].map(rule => seg.partMatches(t, rule, other))};
});
process.stdout.write(JSON.stringify(out));
"""


def python_tokens(texts: list[str], position: int) -> dict:
    t, other = texts[position], texts[(position + 1) % len(texts)]
    return {"index": segment.index_tokens(t), "whole": segment.index_tokens(t, "whole"), "query": segment.query_tokens(t),
            "parts": segment.query_parts(t), "offsets": [list(x) for x in segment.run_tokens(segment.runs(t))],
            "selfMatch": segment.matches(t, [("fragment", t)]), "wholeMatch": segment.matches(t, [("whole", t)]),
            "numbered": segment.matches(t, [("numbered", t)]),
            "inNext": [segment.part_matches(t, rule, other) for rule in ("fragment", "numbered", "whole")]}


@pytest.fixture(scope="module")
def js_tokens() -> list[dict]:
    node = shutil.which("node")
    assert node, "node is needed for the parity test (installed with npm)"
    result = subprocess.run([node, "-e", NODE_SCRIPT, str(ROOT / "theme/static/js/segment.js")],
                            input=json.dumps(CASES), capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_table_has_enough_cases():
    assert len(CASES) >= 30


@pytest.mark.parametrize("position", range(len(CASES)))
def test_browser_and_python_give_the_same_tokens(js_tokens, position):
    assert js_tokens[position] == python_tokens(CASES, position), CASES[position]


def test_examples_of_the_rule():
    assert segment.index_tokens("武昌示例") == ["武昌", "昌示", "示例"]
    assert segment.query_tokens("示例科技") == ["示例", "例科", "科技"]
    assert segment.index_tokens("９１４２０１０６ＭＡ４Ｋ００００１Ｊ") == ["91420106ma4k00001j"]
    assert segment.index_tokens("<script>示例") == ["script", "示例"]
    assert segment.index_tokens("武昌区市场监督管理局（示例）", "whole") == ["=武昌区市场监督管理局|示例"]
    assert segment.query_parts("武 昌 武昌") == ["武昌"]  # one Han character alone is too short


def test_a_hit_respects_runs():
    decision = ("numbered", "武昌市监罚〔2024〕12号")
    assert segment.matches("12号", [decision])
    assert segment.matches("〔2024〕12号", [decision]) and segment.matches("[2024]12号", [decision])
    assert segment.matches("监罚〔2024", [decision])
    assert not segment.matches("12号", [("numbered", "武昌市监罚〔2024〕112号")])
    assert not segment.matches("罚2", [("numbered", "武昌市监罚〔2024〕12号")])  # 2 is not a whole run
    assert segment.matches("恒达 科技", [("fragment", "示例恒达"), ("fragment", "示例科技")])
    assert not segment.matches("恒达科技", [("fragment", "示例恒达"), ("fragment", "示例科技")])
    assert not segment.matches("武昌示例", [("fragment", "武昌（示例）")])  # a Han run of the part lies in one run
    assert segment.matches("武昌（示例）", [("fragment", "武昌示例")])  # punctuation in the part only separates
    assert not segment.matches("〔〕", [("fragment", "〔〕")])  # no token: no hit


def test_each_field_rule():
    decision, department = ("numbered", "武昌市监罚〔2024〕12号"), ("whole", "武昌区市场监督管理局（示例）")
    assert not segment.matches("武昌", [decision, department])  # a name fragment is not a decision or department
    assert segment.matches("市监罚〔2024〕", [decision])
    assert segment.matches("武昌区市场监督管理局（示例）", [department])
    assert segment.matches("91420106ma4k00001j", [("whole", "91420106MA4K00001J")])
    assert not segment.matches("91420106", [("whole", "91420106MA4K00001J")])


def random_strings(count: int, seed: int = 2018) -> list[str]:
    """Seeded random text over the characters that matter to the rule."""
    import random

    pool = list("武昌区示例科技有限公司号〔〕（）、 \u3000\t-_.·") + list("abzAZ0912") + ["Ａ", "ｚ", "０", "９", "𠀀", "𪚥", "😀", "é", "İ", "ß", "\u2028", "ア", "한"]
    rng = random.Random(seed)
    return ["".join(rng.choice(pool) for _ in range(rng.randint(0, 12))) for _ in range(count)]


def test_random_text_gives_the_same_tokens_on_both_sides():
    texts = random_strings(2000)
    result = subprocess.run([shutil.which("node"), "-e", NODE_SCRIPT, str(ROOT / "theme/static/js/segment.js")],
                            input=json.dumps(texts), capture_output=True, text=True, check=True)
    js = json.loads(result.stdout)
    mismatches = [(t, j, python_tokens(texts, i)) for i, (t, j) in enumerate(zip(texts, js)) if j != python_tokens(texts, i)]
    assert mismatches == []


def test_random_slices_match_alike_on_both_sides():
    """Parts cut out of fields (so that hits are common), every rule, compared under Node."""
    import random

    rng = random.Random(7)
    fields = random_strings(800, seed=11)
    pairs = [(f[rng.randint(0, len(f)):][: rng.randint(0, 6)], f) for f in fields if f]
    script = """
const seg = require(process.argv[1]);
const pairs = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(pairs.map(([p, f]) => ["fragment", "numbered", "whole"].map(r => seg.partMatches(p, r, f)))));
"""
    result = subprocess.run([shutil.which("node"), "-e", script, str(ROOT / "theme/static/js/segment.js")],
                            input=json.dumps(pairs), capture_output=True, text=True, check=True)
    js = json.loads(result.stdout)
    python = [[segment.part_matches(p, rule, f) for rule in ("fragment", "numbered", "whole")] for p, f in pairs]
    assert sum(row[0] for row in python) > 100  # many hits, not only misses
    assert [(pairs[i], js[i], python[i]) for i in range(len(pairs)) if js[i] != python[i]] == []
