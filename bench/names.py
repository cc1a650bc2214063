"""Invented but realistic subject names and identifiers, fast and seeded.

Company names are region + 示例 + a two-character trade name + an industry +
a legal form, so that the bigrams every real list is full of (武汉, 科技,
有限公司) are frequent here too, while a trade name (one of 80 × 80
combinations, some more popular than others) is moderately rare: the search
must cope with both. Identifiers come from serial numbers through a seeded
permutation, so they are unique without remembering the ones handed out.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence

from creditlists.intake.identifiers import ID_CHECK_CHARS, USCC_ALPHABET, id_check_char, uscc_check_char
from tools.make_sample_data import GIVEN, ID_REGIONS, SURNAMES, _org_code_check

# First and second characters of trade names (恒达, 鑫源, 楚天 …): 80 each.
TRADE_FIRST = ("恒鑫华楚江昌瑞宏金博汇安长润佳德中远新天锦卓百众嘉荣福顺明晨蓝盛和广联启正丰永东首黄晴知南泰兴伟鼎"
               "隆祥腾瀚睿昊宇凯浩晟弘鸿海山云星阳鹏龙凤美优精亿万千汉荆鄂珞洪沙")
TRADE_SECOND = ("达源兴通信诚盛泰丰和安昌隆祥瑞鑫宇航远创力强能业发展华嘉图程川海峰林山泉光明辉耀晨阳星月天地成"
                "功宏伟德仁义智美佳欣乐康寿福喜庆鼎顺旺邦博雅轩汇聚联合众生源锐拓宸煜")
# Industries every department meets; mixed half and half with a department's own.
COMMON_INDUSTRIES = ("科技", "商贸", "实业", "建筑工程", "餐饮管理", "物业服务", "信息技术", "新能源科技", "环保科技",
                     "贸易", "网络科技", "文化传媒", "装饰工程", "劳务", "电子商务")
# (legal form, weight) of companies.
FORMS = (("有限公司", 60), ("有限责任公司", 15), ("股份有限公司", 10), ("集团有限公司", 3),
         ("有限公司武昌分公司", 7), ("有限公司中南路分公司", 5))
# (region prefix, weight): what comes before 示例 in a company name.
REGIONS = (("武汉市武昌区", 35), ("武汉", 30), ("湖北", 15), ("武昌区", 10), ("武昌", 10))
SHOPS = ("小吃店", "便利店", "副食店", "餐饮店", "五金店", "水果店", "理发店", "汽车维修店", "干洗店", "烟酒店",
         "超市", "早餐店", "面馆", "药店", "眼镜店", "网吧", "小旅馆")
SOCIAL = ("职业培训学校", "养老院", "社会工作服务中心", "康复医院", "社区服务中心")
PLACES = ("白沙洲", "积玉桥", "徐家棚", "杨园", "南湖", "紫阳", "粮道", "首义", "中华路", "水果湖")
GIVEN_MORE = GIVEN + "建国志刚秀英桂兰玉梅海燕红霞晓东文博子涵思远雨欣浩然"

FIRST_DAY_OF_BIRTH = dt.date(1950, 1, 1)
BIRTH_DAYS = (dt.date(2000, 12, 31) - FIRST_DAY_OF_BIRTH).days + 1


def bag(weighted: Sequence[tuple[str, int]]) -> tuple[str, ...]:
    """Every value repeated by its weight: ``rng.choice(bag)`` is a fast weighted draw."""
    return tuple(value for value, weight in weighted for _ in range(weight))


def popular(chars: str, rng: random.Random) -> tuple[str, ...]:
    """Characters in a seeded order, the first ones drawn up to ~8 times as often (Zipf-like)."""
    order = list(dict.fromkeys(chars))
    rng.shuffle(order)
    return bag([(c, max(1, round(8 / (rank + 1) ** 0.6))) for rank, c in enumerate(order)])


def picker(rng: random.Random):
    """A faster ``rng.choice`` (one float per draw), equally deterministic from the seed."""
    draw = rng.random
    return lambda seq: seq[int(draw() * len(seq))]


def between(rng: random.Random):
    """A faster ``rng.randint(low, high)``, for the same reason."""
    draw = rng.random
    return lambda low, high: low + int(draw() * (high - low + 1))


def _coprime_multiplier(modulus: int, rng: random.Random) -> int:
    while True:
        candidate = rng.randrange(modulus // 3, modulus - 1)
        if math.gcd(candidate, modulus) == 1:
            return candidate


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _org_value(c: str) -> int:
    return int(c) if c.isdigit() else ord(c) - 55


# The 8-character body is four pairs of characters; each pair's contribution to
# the two weighted sums is looked up instead of computed.
_PAIRS = tuple(USCC_ALPHABET[q % 31] + USCC_ALPHABET[q // 31] for q in range(31 * 31))
_DIGIT_PAIR = tuple(pair.isdigit() for pair in _PAIRS)
_ORG_PART = tuple(tuple(sum(_org_value(c) * _ORG_WEIGHTS[2 * k + i] for i, c in enumerate(pair)) for pair in _PAIRS)
                  for k in range(4))
_USCC_PART = tuple(tuple(sum(_USCC_VALUE[c] * _USCC_WEIGHTS[8 + 2 * k + i] for i, c in enumerate(pair)) for pair in _PAIRS)
                   for k in range(4))


class Identifiers:
    """Unique USCCs and ID numbers from serial numbers, through a seeded affine permutation.

    The check characters come from precomputed tables (the identifiers
    module's functions cost 4 µs a code, a quarter of a row's budget);
    ``self_check`` proves they equal those of creditlists.intake.identifiers.
    """

    USCC_SPACE = 31 ** 8  # the 8 characters of the organisation code's body
    ID_SPACE = BIRTH_DAYS * 1000  # birth date × sequence number

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.pick = picker(rng)
        self.uscc_serial = 0
        self.id_serial = 0
        self.uscc_a, self.uscc_b = _coprime_multiplier(self.USCC_SPACE, rng), rng.randrange(self.USCC_SPACE)
        self.id_a, self.id_b = _coprime_multiplier(self.ID_SPACE, rng), rng.randrange(self.ID_SPACE)
        self._birth_days: dict[int, str] = {}
        self._prefix_sums: dict[str, int] = {}
        self.self_check()

    def uscc(self, prefix: str, region: str = "420106") -> str:
        """A valid code (GB 32100-2015) never handed out before.

        Bodies of digits only are skipped: such a code can read as a valid ID
        number, which the build's leak check would then (rightly) refuse.
        """
        while True:
            x = (self.uscc_a * self.uscc_serial + self.uscc_b) % self.USCC_SPACE
            self.uscc_serial += 1
            x, q0 = divmod(x, 961)
            x, q1 = divmod(x, 961)
            q3, q2 = divmod(x, 961)
            if not (_DIGIT_PAIR[q0] and _DIGIT_PAIR[q1] and _DIGIT_PAIR[q2] and _DIGIT_PAIR[q3]):
                break
        org = 11 - (_ORG_PART[0][q0] + _ORG_PART[1][q1] + _ORG_PART[2][q2] + _ORG_PART[3][q3]) % 11
        org_check = "X" if org == 10 else "0" if org == 11 else str(org)
        head = prefix + region
        base = self._prefix_sums.get(head)
        if base is None:
            base = self._prefix_sums[head] = sum(_USCC_VALUE[c] * w for c, w in zip(head, _USCC_WEIGHTS))
        total = (base + _USCC_PART[0][q0] + _USCC_PART[1][q1] + _USCC_PART[2][q2] + _USCC_PART[3][q3]
                 + _USCC_VALUE[org_check] * _USCC_WEIGHTS[16])
        return head + _PAIRS[q0] + _PAIRS[q1] + _PAIRS[q2] + _PAIRS[q3] + org_check + USCC_ALPHABET[(31 - total % 31) % 31]

    def id_number(self) -> str:
        """A valid resident ID number (GB 11643-1999) with a birth date between 1950 and 2000."""
        x = (self.id_a * self.id_serial + self.id_b) % self.ID_SPACE
        self.id_serial += 1
        day, sequence = divmod(x, 1000)
        birth = self._birth_days.get(day)
        if birth is None:
            birth = self._birth_days[day] = f"{FIRST_DAY_OF_BIRTH + dt.timedelta(days=day):%Y%m%d}"
        first17 = f"{self.pick(ID_REGIONS)}{birth}{sequence:03d}"
        return first17 + ID_CHECK_CHARS[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS)) % 11]

    def self_check(self) -> None:
        """The fast check characters equal creditlists.intake.identifiers' (and the organisation code's of tools/)."""
        probe = Identifiers.__new__(Identifiers)
        probe.__dict__.update(self.__dict__, rng=random.Random(0), _birth_days={}, _prefix_sums={})
        probe.pick = picker(probe.rng)
        for prefix in ("91", "92", "52", "N2") * 50:
            code, number = probe.uscc(prefix), probe.id_number()
            assert code[17] == uscc_check_char(code[:17]) and code[16] == _org_code_check(code[8:16]), code
            assert number[17] == id_check_char(number[:17]), number


class NameMaker:
    """Names of companies, shops, social organisations and people."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.pick = picker(rng)
        self.first = popular(TRADE_FIRST, rng)
        self.second = popular(TRADE_SECOND, rng)
        self.forms = bag(FORMS)
        self.regions = bag(REGIONS)

    def trade(self) -> str:
        return self.pick(self.first) + self.pick(self.second)

    def company(self, industries: Sequence[str]) -> str:
        rng, pick = self.rng, self.pick
        industry = pick(industries if rng.random() < 0.5 else COMMON_INDUSTRIES)
        return f"{pick(self.regions)}示例{self.trade()}{industry}{pick(self.forms)}"

    def shop(self) -> str:
        rng, pick = self.rng, self.pick
        if rng.random() < 0.3:
            return f"武昌示例{pick(SURNAMES)}记{pick(SHOPS)}"
        return f"{'武昌区' if rng.random() < 0.5 else '武昌'}示例{self.trade()}{pick(SHOPS)}"

    def social(self) -> str:
        return f"武汉市武昌区示例{self.trade()}{self.pick(SOCIAL)}"

    def cooperative(self) -> str:
        return f"武汉市武昌区示例{self.pick(PLACES)}{self.trade()}股份经济合作社"

    def person(self) -> str:
        """姓 + 示例 + 名 (one or two characters, or none)."""
        rng, pick = self.rng, self.pick
        roll = rng.random()
        given = "" if roll < 0.15 else pick(GIVEN_MORE) if roll < 0.7 else pick(GIVEN_MORE) + pick(GIVEN_MORE)
        return f"{pick(SURNAMES)}示例{given}"
