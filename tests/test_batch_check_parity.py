"""The batch check normalises a typed line exactly as the build normalised the lookup keys.

theme/static/js/normalize.js runs under Node on several thousand seeded random
strings (full-width and half-width, mixed case, every hidden character, every
kind of white space, kept full-width punctuation, compatibility characters,
combining marks, codes and ID numbers written every way) and must give what
Python gives: ``clean_text``, ``clean_code``, ``lookup.identifier_kind``, and
the bucket (engine.js's FNV-1a, as ``index.fnv1a``) of both keys.

The strings are drawn from characters assigned in Python's Unicode version
(``unicodedata.unidata_version``): Node's ICU is newer, and a character added
since may have a decomposition Python does not know yet.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from creditlists.intake.identifiers import USCC_ALPHABET, id_check_char, uscc_check_char
from creditlists.intake.normalize import HIDDEN, clean_code, clean_text
from creditlists.search import lookup
from creditlists.search.index import fnv1a

ROOT = Path(__file__).resolve().parent.parent
JS = ROOT / "theme" / "static" / "js"
BUCKETS = (1, 7, 113, 22_656)
NODE_SCRIPT = """
const norm = require(process.argv[1]), engine = require(process.argv[2]);
const buckets = JSON.parse(process.argv[3]);
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(cases.map(t => {
  const text = norm.cleanText(t), code = norm.cleanCode(t);
  return [text, code, norm.identifierKind(t), buckets.map(k => [engine.fnv1a(text) % k, engine.fnv1a(code) % k])];
})));
"""

SPACES = [chr(c) for c in range(0x110000) if chr(c).isspace()]
HIDDEN_CHARACTERS = [chr(c) for c in range(0x110000) if HIDDEN.fullmatch(chr(c))] + ["\r\n"]
FULL_WIDTH = [chr(c) for c in range(0xFF01, 0xFF5F)] + ["\u3000", "\u2026", "\uff61", "\uff62", "\uff63", "\uff64", "\uff65"]
COMPATIBILITY = list("①⑫㈱㍿ﬁﬀ㎡℡Ⅻⅶ½¹²™ℌ﹙﹚︵︶ＡＢｃ｡･ｶﾞﾊﾟ㌔㋀ſǅǆßİı") + ["e\u0301", "\u0301", "\u0308", "A\u030a", "\u1100\u1161", "\u1100\u1161\u11a8"]
HAN = list("武汉市昌区示例有限公司科技黄鹤新能源实业长兴信息技术股份集团分店个体工商户张王李刘陈杨赵伟芳娜敏静")
ASCII = [chr(c) for c in range(0x20, 0x7F)]
POOLS = (ASCII, ASCII, HAN, HAN, FULL_WIDTH, SPACES, HIDDEN_CHARACTERS, COMPATIBILITY)


def assigned(character: str) -> bool:
    return all(unicodedata.category(c) != "Cn" for c in character)


def random_text(rng: random.Random) -> str:
    pieces = []
    for _ in range(rng.randint(0, 12)):
        pool = rng.choice(POOLS)
        pieces.append(rng.choice(pool) if pool is not HAN or rng.random() < 0.7 else chr(rng.randint(0x4E00, 0x9FFF)))
    return "".join(p for p in pieces if assigned(p))


def scrambled(code: str, rng: random.Random) -> str:
    """A code as people type it: some characters full-width or lower case, spaces, a space or tab around."""
    out = []
    for c in code:
        roll = rng.random()
        out.append(chr(ord(c) + 0xFEE0) if roll < 0.2 else c.lower() if roll < 0.4 else c)
        if rng.random() < 0.08:
            out.append(rng.choice([" ", "\u3000", "\u00a0", "\t"]))
    return rng.choice(["", " ", "\u3000"]) + "".join(out) + rng.choice(["", " ", "\t"])


def random_code(rng: random.Random) -> str:
    """A valid USCC, a valid ID number, or one of them mistyped, a float, or a long run of digits."""
    body = "".join(rng.choice(USCC_ALPHABET) for _ in range(17))
    uscc = body + uscc_check_char(body)
    digits = "420106" + f"{rng.randint(1890, 2110)}{rng.randint(0, 13):02d}{rng.randint(0, 32):02d}" + f"{rng.randint(0, 999):03d}"
    number = digits + id_check_char(digits)
    choices = [uscc, uscc, number, number, uscc[:17] + rng.choice(USCC_ALPHABET), number[:17] + "X", uscc[:rng.randint(10, 17)],
               uscc + rng.choice("01AI"), uscc.replace(uscc[3], rng.choice("IOSVZ")), f"{rng.randint(1, 9)}.{rng.randint(0, 99999)}E+17",
               str(rng.randint(10 ** 17, 10 ** 18 - 1)) + ".0", "".join(rng.choice("0123456789") for _ in range(rng.randint(14, 20)))]
    return scrambled(rng.choice(choices), rng)


def cases() -> list[str]:
    rng = random.Random(20180920)
    segment_cases = json.loads((ROOT / "tests" / "search" / "segment_cases.json").read_text(encoding="utf-8"))
    generated = [random_text(rng) for _ in range(3000)] + [random_code(rng) for _ in range(3000)]
    return segment_cases + HIDDEN_CHARACTERS + SPACES + FULL_WIDTH + COMPATIBILITY + generated


def python_side(text: str) -> list[object]:
    cleaned, code = clean_text(text), clean_code(text)
    return [cleaned, code, lookup.identifier_kind(text), [[fnv1a(cleaned) % k, fnv1a(code) % k] for k in BUCKETS]]


@pytest.fixture(scope="module")
def both_sides() -> tuple[list[str], list[list[object]]]:
    node = shutil.which("node")
    assert node, "node is needed for the parity test (installed with npm)"
    texts = cases()
    done = subprocess.run([node, "-e", NODE_SCRIPT, str(JS / "normalize.js"), str(JS / "engine.js"), json.dumps(BUCKETS)],
                          input=json.dumps(texts), capture_output=True, text=True, check=True, encoding="utf-8")
    return texts, json.loads(done.stdout)


def test_the_cases_cover_every_kind_of_identifier(both_sides):
    texts, _ = both_sides
    kinds = {lookup.identifier_kind(t) for t in texts}
    assert kinds == {lookup.USCC, lookup.ID_NUMBER, lookup.BAD_CHECK, lookup.BAD_FORMAT, lookup.AS_NUMBER, lookup.NOT_A_CODE}
    assert len(texts) > 6000
    assert any(clean_text(t) != t for t in texts) and any(clean_code(t) != clean_text(t).upper() for t in texts)


def test_javascript_and_python_normalise_alike(both_sides):
    texts, js = both_sides
    different = [(t, js_side, python_side(t)) for t, js_side in zip(texts, js) if js_side != python_side(t)]
    assert different == [], f"{len(different)} of {len(texts)} differ, the first: {different[:3]}"


@pytest.mark.parametrize(("typed", "kind", "code"), [
    ("９１４２０１０６ｍａ４ｋ００００１ｊ", lookup.USCC, "91420106MA4K00001J"),
    (" 9142 0106 7178 0326 3Ｌ\u3000", lookup.USCC, "91420106717803263L"),
    ("91420106717803263t", lookup.BAD_CHECK, "91420106717803263T"),
    ("9.14201E+17", lookup.AS_NUMBER, "9.14201E+17"),
    ("420106197001010010", lookup.ID_NUMBER, "420106197001010010"),
    ("9142010671780326", lookup.BAD_FORMAT, "9142010671780326"),
    ("武汉示例有限公司", lookup.NOT_A_CODE, "武汉示例有限公司"),
])
def test_examples_of_the_rule(typed, kind, code):
    assert (lookup.identifier_kind(typed), clean_code(typed)) == (kind, code)
