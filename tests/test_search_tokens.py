"""The browser cuts queries exactly as Python cut the index: run segment.js under Node."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from creditlists import segment

ROOT = Path(__file__).resolve().parent.parent
CASES = json.loads((ROOT / "tests" / "search" / "segment_cases.json").read_text(encoding="utf-8"))
NODE_SCRIPT = """
const seg = require(process.argv[1]);
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = cases.map(t => ({index: seg.indexTokens(t), query: seg.queryTokens(t), parts: seg.queryParts(t),
  selfMatch: seg.matches(t, [["fragment", t]]), wholeMatch: seg.matches(t, [["whole", t]]),
  numbered: seg.matches(t, [["numbered", t]])}));
process.stdout.write(JSON.stringify(out));
"""


def python_tokens(text: str) -> dict:
    return {"index": segment.index_tokens(text), "query": segment.query_tokens(text),
            "parts": segment.query_parts(text), "selfMatch": segment.matches(text, [("fragment", text)]),
            "wholeMatch": segment.matches(text, [("whole", text)]), "numbered": segment.matches(text, [("numbered", text)])}


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
    assert js_tokens[position] == python_tokens(CASES[position]), CASES[position]


def test_examples_of_the_rule():
    assert segment.index_tokens("武昌示例") == ["武", "昌", "示", "例", "武昌", "昌示", "示例"]
    assert segment.query_tokens("示例科技") == ["示例", "例科", "科技"]
    assert segment.index_tokens("９１４２０１０６ＭＡ４Ｋ００００１Ｊ") == ["91420106ma4k00001j"]
    assert segment.index_tokens("<script>示例") == ["script", "示", "例", "示例"]


def test_a_hit_is_a_substring_that_does_not_cut_a_code():
    assert segment.matches("12号", [("numbered", "武昌市监罚〔2024〕12号")])
    assert not segment.matches("12号", [("numbered", "武昌市监罚〔2024〕112号")])
    assert segment.matches("恒达 科技", [("fragment", "示例恒达"), ("fragment", "示例科技")])
    assert not segment.matches("恒达科技", [("fragment", "示例恒达"), ("fragment", "示例科技")])
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

    pool = list("武昌区示例科技有限公司号〔〕（）、 \u3000\t-_.·") + list("abzAZ09") + ["Ａ", "ｚ", "０", "９", "𠀀", "𪚥", "😀", "é", "İ", "ß", "\u2028", "ア", "한"]
    rng = random.Random(seed)
    return ["".join(rng.choice(pool) for _ in range(rng.randint(0, 12))) for _ in range(count)]


def test_random_text_gives_the_same_tokens_on_both_sides():
    texts = random_strings(2000)
    result = subprocess.run([shutil.which("node"), "-e", NODE_SCRIPT, str(ROOT / "theme/static/js/segment.js")],
                            input=json.dumps(texts), capture_output=True, text=True, check=True)
    js = json.loads(result.stdout)
    mismatches = [(t, j, python_tokens(t)) for t, j in zip(texts, js) if j != python_tokens(t)]
    assert mismatches == []
