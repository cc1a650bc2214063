#!/usr/bin/env python3
"""Regenerate the bundled, fictional sample data of the credit-list site.

    .venv/bin/python tools/make_sample_data.py [--data DIR] [--templates-only]

Rewrites ``data/departments.csv``, everything under ``data/submissions/`` and
``data/templates/`` (with ``--templates-only``, only the templates). Every
organisation and person name carries 示例 and every department name ends with
（示例）: none of it points to a real company or person. The output is seeded
and sorted, so two runs give byte-identical files (xlsx included: fixed
document properties and fixed zip timestamps).

What the data show, built with ``--as-of 2026-11-29``:

- about 450 published entries over 12 departments and both lists, every
  category of both vocabularies, some 领域, organisations, 个体工商户 and
  natural persons, USCCs that start with a letter (N2…, Y1…) or 5 (社会组织);
- 更新 and 移出 rows in later files, entries whose publication has run out;
- CSV in UTF-8 with BOM and in GBK (rsj), xlsx with text and with date cells,
  dates written as 2024-03-05, 2024/3/5 and 2024年3月5日;
- a handful of deliberately wrong rows in scjgj and zjj (see ``PLANTED``) so
  that the department reports show real problems.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import shutil
import sys
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from creditlists import schema as s  # noqa: E402
from creditlists.intake.identifiers import USCC_ALPHABET, id_check_char, uscc_check_char  # noqa: E402
from creditlists.intake.normalize import add_years  # noqa: E402

SEED = 20180920  # the date of 武昌信用办〔2018〕3号
AS_OF = dt.date(2026, 11, 29)  # the build date the sample is tuned for
FIRST_DAY = dt.date(2022, 1, 1)
LAST_DAY = dt.date(2026, 10, 31)
# Document properties and zip entries of every xlsx carry this time.
FIXED_TIME = dt.datetime(2026, 11, 1, 9, 0, 0)
WUCHANG = "420106"
ID_REGIONS = ("420106", "420106", "420106", "420102", "420103", "420111")

LIVE, EXPIRED = "live", "expired"
ORG, SOLE, PERSON = "org", "sole", "person"
COOP, OTHER, NPO = "coop", "other", "npo"  # organisations whose USCC starts with N2, Y1, 52
SUBJECT_TYPES = {ORG: s.ORGANISATION, COOP: s.ORGANISATION, OTHER: s.ORGANISATION, NPO: s.ORGANISATION,
                 SOLE: s.SOLE_TRADER, PERSON: s.PERSON}

# --- departments -----------------------------------------------------------------

@dataclass
class FileSpec:
    date: str
    fmt: str  # "utf-8-sig", "gbk" (CSV) or "xlsx"
    dates: str = "iso"  # iso, mixed (iso, 2024/3/5, 2024年3月5日), cells (xlsx date cells)


@dataclass
class Department:
    code: str
    name: str
    black_prefix: str
    red_prefix: str
    files: list[FileSpec]
    # (list type, category, subject kind, live entries, expired entries)
    plan: list[tuple[str, str, str, int, int]]
    updates: int
    withdrawals: int
    industries: tuple[str, ...]
    shops: tuple[str, ...] = ("餐饮店", "便利店", "副食店", "水果店", "五金店", "烟酒店", "小吃店")


R, B = s.RED, s.BLACK

DEPARTMENTS = [
    Department(
        "fgw", "武昌区发展和改革局（示例）", "武昌发改罚", "武昌发改信",
        [FileSpec("2024-06-28", "utf-8-sig"), FileSpec("2026-10-30", "utf-8-sig")],
        [(B, "提供虚假文件骗取政府专项资金", ORG, 4, 1), (B, "去产能中恶意阻扰、拒不履行法定义务", ORG, 2, 0),
         (B, "危害国防利益", ORG, 2, 0), (B, "恶意拖欠货款或服务费", ORG, 5, 1), (B, "恶意拖欠货款或服务费", COOP, 1, 0),
         (R, "诚信经营示范企业", ORG, 6, 0)],
        updates=1, withdrawals=1, industries=("新能源科技", "钢铁贸易", "科技", "实业", "物资贸易", "信息技术"),
    ),
    Department(
        "fy", "武昌区人民法院（示例）", "", "",
        [FileSpec("2023-12-29", "utf-8-sig"), FileSpec("2025-06-30", "utf-8-sig"), FileSpec("2026-11-02", "xlsx", "cells")],
        [(B, "有履行能力但拒不履行、逃避执行", ORG, 13, 1), (B, "有履行能力但拒不履行、逃避执行", PERSON, 5, 1),
         (B, "恶意逃废债务", ORG, 6, 1), (B, "恶意逃废债务", PERSON, 1, 0)],
        updates=1, withdrawals=2, industries=("投资", "实业", "商贸", "置业", "贸易"),
    ),
    Department(
        "gaj", "武汉市公安局武昌区分局（示例）", "武昌公行罚", "",
        [FileSpec("2024-12-31", "utf-8-sig"), FileSpec("2026-10-31", "utf-8-sig", "mixed")],
        [(B, "聚众扰乱社会秩序", PERSON, 3, 1), (B, "严重破坏网络空间传播秩序", ORG, 4, 0),
         (B, "严重破坏网络空间传播秩序", PERSON, 2, 0), (B, "非法集资", ORG, 6, 1), (B, "传销", ORG, 2, 0)],
        updates=1, withdrawals=0, industries=("网络科技", "文化传媒", "投资管理", "养老服务", "信息咨询"),
    ),
    Department(
        "rsj", "武昌区人力资源和社会保障局（示例）", "武昌人社监罚", "武昌人社信",
        [FileSpec("2023-12-28", "gbk"), FileSpec("2025-06-27", "gbk"), FileSpec("2026-10-29", "gbk")],
        [(B, "恶意欠薪", ORG, 15, 1), (B, "恶意欠薪", NPO, 1, 0), (B, "恶意欠薪", PERSON, 1, 0),
         (B, "恶意欠缴社会保险费", ORG, 8, 1), (B, "恶意欠缴社会保险费", OTHER, 1, 0),
         (B, "拒不依法参保", ORG, 7, 0), (B, "拒不依法参保", SOLE, 2, 0), (B, "拖欠农民工工资", ORG, 10, 1),
         (R, "诚信经营示范企业", ORG, 10, 1)],
        updates=2, withdrawals=2,
        industries=("保安服务", "物业服务", "家政服务", "劳务派遣", "餐饮管理", "人力资源服务", "清洁服务"),
    ),
    Department(
        "scjgj", "武昌区市场监督管理局（示例）", "武昌市监罚", "武昌市监信",
        [FileSpec("2023-06-30", "utf-8-sig"), FileSpec("2024-06-28", "utf-8-sig"),
         FileSpec("2025-06-30", "utf-8-sig", "mixed"), FileSpec("2026-10-31", "utf-8-sig")],
        [(B, "食品药品", ORG, 11, 1), (B, "食品药品", SOLE, 4, 0), (B, "强制性产品认证", ORG, 5, 1),
         (B, "计量作弊及欺骗", ORG, 3, 0), (B, "计量作弊及欺骗", SOLE, 3, 0), (B, "传销", ORG, 2, 0),
         (B, "无证照经营", SOLE, 4, 1), (B, "无证照经营", ORG, 2, 0), (B, "制售假冒伪劣产品", ORG, 10, 1),
         (B, "制售假冒伪劣产品", SOLE, 3, 0), (B, "故意侵犯知识产权", ORG, 6, 0), (B, "虚假广告", ORG, 10, 1),
         (B, "侵害消费者或证券期货投资者合法权益", ORG, 6, 1), (B, "合同欺诈", ORG, 5, 0),
         (R, "诚信经营示范企业", ORG, 17, 1), (R, "文明诚信示范市场", ORG, 5, 0), (R, "守合同重信用企业", ORG, 18, 0),
         (R, "守合同重信用企业", COOP, 1, 0), (R, "诚信经营示范店", SOLE, 16, 1), (R, "重点领域诚信典型", ORG, 4, 0)],
        updates=4, withdrawals=3,
        industries=("食品", "商贸", "电器", "科技", "广告传媒", "眼镜", "日用品", "服装", "电子商务", "母婴用品", "酒业", "茶业"),
    ),
    Department(
        "sthjj", "武汉市生态环境局武昌区分局（示例）", "武环罚", "武环信",
        [FileSpec("2024-12-31", "utf-8-sig", "mixed"), FileSpec("2026-10-30", "utf-8-sig", "mixed")],
        [(B, "大气污染", ORG, 12, 1), (B, "生态环境", ORG, 11, 1), (B, "生态环境", SOLE, 2, 0),
         (R, "重点领域诚信典型", ORG, 9, 1)],
        updates=1, withdrawals=1, industries=("环保科技", "化工", "汽车维修", "印刷", "混凝土", "建材", "洗涤服务"),
        shops=("汽车维修店", "洗车店", "干洗店"),
    ),
    Department(
        "swj", "国家税务总局武汉市武昌区税务局（示例）", "武昌税稽罚", "武昌税信",
        [FileSpec("2023-12-29", "utf-8-sig"), FileSpec("2025-06-30", "xlsx", "cells"), FileSpec("2026-10-30", "utf-8-sig")],
        [(B, "逃税骗税", ORG, 26, 2), (B, "逃税骗税", SOLE, 4, 0), (R, "诚信纳税", ORG, 38, 1),
         (R, "诚信纳税", OTHER, 1, 0), (R, "诚信纳税", SOLE, 5, 0)],
        updates=2, withdrawals=2, industries=("贸易", "咨询", "实业", "科技", "进出口", "供应链管理", "商务服务"),
    ),
    Department(
        "wjw", "武昌区卫生健康局（示例）", "武昌卫医罚", "武昌卫信",
        [FileSpec("2023-12-27", "utf-8-sig"), FileSpec("2024-12-31", "xlsx", "text"), FileSpec("2026-10-28", "utf-8-sig")],
        [(B, "无证照经营", PERSON, 4, 1), (B, "无证照经营", ORG, 2, 0), (B, "虚假广告", ORG, 5, 0),
         (R, "重点领域诚信典型", ORG, 9, 0), (R, "重点领域诚信典型", NPO, 1, 0), (R, "重点领域诚信典型", PERSON, 2, 0),
         (R, "诚信道德模范", PERSON, 2, 0)],
        updates=1, withdrawals=1, industries=("医疗门诊部", "口腔门诊部", "医药连锁", "中医门诊部", "健康管理", "医学检验实验室"),
    ),
    Department(
        "wmb", "武昌区精神文明建设委员会办公室（示例）", "", "武昌文明办",
        [FileSpec("2025-01-24", "utf-8-sig"), FileSpec("2026-10-30", "utf-8-sig")],
        [(R, "诚信道德模范", PERSON, 6, 1), (R, "优秀青年志愿者", PERSON, 7, 1)],
        updates=1, withdrawals=1, industries=("商贸",),
    ),
    Department(
        "xfjy", "武昌区消防救援大队（示例）", "武昌消行罚", "",
        [FileSpec("2024-06-28", "utf-8-sig", "mixed"), FileSpec("2026-10-31", "utf-8-sig")],
        [(B, "消防安全", ORG, 8, 1), (B, "消防安全", SOLE, 3, 0)],
        updates=1, withdrawals=0, industries=("酒店管理", "商业管理", "娱乐", "仓储", "健身服务", "网吧"),
        shops=("小旅馆", "网吧", "餐饮店", "KTV"),
    ),
    Department(
        "yjj", "武昌区应急管理局（示例）", "武昌应急罚", "武昌应急信",
        [FileSpec("2023-12-28", "utf-8-sig", "mixed"), FileSpec("2025-06-30", "utf-8-sig"), FileSpec("2026-10-29", "utf-8-sig")],
        [(B, "安全生产", ORG, 15, 1), (R, "重点领域诚信典型", ORG, 9, 0)],
        updates=1, withdrawals=1, industries=("物流", "化工", "仓储", "燃气", "机械制造", "电梯工程"),
    ),
    Department(
        "zjj", "武昌区住房和城市建设局（示例）", "武昌建罚", "武昌建信",
        [FileSpec("2023-12-29", "utf-8-sig"), FileSpec("2025-06-30", "utf-8-sig", "mixed"), FileSpec("2026-10-31", "utf-8-sig")],
        [(B, "工程质量", ORG, 8, 1), (B, "出借和借用资质投标", ORG, 6, 0), (B, "围标串标", ORG, 7, 1),
         (B, "贿赂", ORG, 3, 0), (B, "拖欠农民工工资", ORG, 6, 0), (B, "拖欠农民工工资", PERSON, 2, 0),
         (R, "重点领域诚信典型", ORG, 10, 0)],
        updates=2, withdrawals=2, industries=("建筑工程", "建设", "劳务", "装饰工程", "市政工程", "园林绿化工程", "钢结构工程"),
    ),
]

# 认定依据 per black-list category: a plausible law article.
BASIS = {
    "大气污染": ("《中华人民共和国大气污染防治法》第九十九条", "《中华人民共和国大气污染防治法》第一百零八条", "《中华人民共和国大气污染防治法》第一百一十五条"),
    "生态环境": ("《中华人民共和国环境保护法》第六十三条", "《中华人民共和国水污染防治法》第八十三条", "《中华人民共和国固体废物污染环境防治法》第一百一十二条"),
    "食品药品": ("《中华人民共和国食品安全法》第一百二十三条", "《中华人民共和国食品安全法》第一百二十四条", "《中华人民共和国药品管理法》第一百一十六条"),
    "工程质量": ("《建设工程质量管理条例》第六十四条", "《中华人民共和国建筑法》第七十四条"),
    "安全生产": ("《中华人民共和国安全生产法》第一百一十四条", "《中华人民共和国安全生产法》第一百一十三条", "《危险化学品安全管理条例》第七十七条"),
    "消防安全": ("《中华人民共和国消防法》第六十条", "《中华人民共和国消防法》第五十八条"),
    "强制性产品认证": ("《强制性产品认证管理规定》第五十二条", "《中华人民共和国认证认可条例》第六十六条"),
    "贿赂": ("《中华人民共和国招标投标法》第五十三条",),
    "逃税骗税": ("《中华人民共和国税收征收管理法》第六十三条", "《中华人民共和国税收征收管理法》第六十六条", "《中华人民共和国发票管理办法》第三十五条"),
    "恶意逃废债务": ("《中华人民共和国民事诉讼法》第一百一十六条",),
    "恶意拖欠货款或服务费": ("《保障中小企业款项支付条例》第八条",),
    "恶意欠薪": ("《中华人民共和国劳动合同法》第八十五条", "《保障农民工工资支付条例》第五十四条"),
    "恶意欠缴社会保险费": ("《中华人民共和国社会保险法》第八十六条",),
    "拒不依法参保": ("《中华人民共和国社会保险法》第八十四条",),
    "拖欠农民工工资": ("《保障农民工工资支付条例》第五十四条", "《保障农民工工资支付条例》第五十五条"),
    "非法集资": ("《防范和处置非法集资条例》第三十条",),
    "合同欺诈": ("《合同行政监督管理办法》第十九条",),
    "计量作弊及欺骗": ("《中华人民共和国计量法实施细则》第五十一条", "《加油站计量监督管理办法》第十一条"),
    "传销": ("《禁止传销条例》第二十四条",),
    "无证照经营": ("《无证无照经营查处办法》第十三条", "《中华人民共和国食品安全法》第一百二十二条"),
    "制售假冒伪劣产品": ("《中华人民共和国产品质量法》第五十条", "《中华人民共和国产品质量法》第四十九条"),
    "故意侵犯知识产权": ("《中华人民共和国商标法》第六十条", "《中华人民共和国著作权法》第五十三条"),
    "出借和借用资质投标": ("《中华人民共和国招标投标法》第五十四条", "《建设工程质量管理条例》第六十一条"),
    "围标串标": ("《中华人民共和国招标投标法》第五十三条",),
    "虚假广告": ("《中华人民共和国广告法》第五十五条",),
    "侵害消费者或证券期货投资者合法权益": ("《中华人民共和国消费者权益保护法》第五十六条",),
    "严重破坏网络空间传播秩序": ("《中华人民共和国治安管理处罚法》第二十五条", "《中华人民共和国网络安全法》第七十条"),
    "聚众扰乱社会秩序": ("《中华人民共和国治安管理处罚法》第二十三条",),
    "有履行能力但拒不履行、逃避执行": ("《最高人民法院关于公布失信被执行人名单信息的若干规定》第一条",),
    "危害国防利益": ("《中华人民共和国国防动员法》第六十八条",),
    "去产能中恶意阻扰、拒不履行法定义务": ("《国务院关于钢铁行业化解过剩产能实现脱困发展的意见》（国发〔2016〕6号）",),
    "提供虚假文件骗取政府专项资金": ("《财政违法行为处罚处分条例》第十四条",),
}
# Department-specific 认定依据 where a category is shared.
BASIS_BY_DEPARTMENT = {
    ("wjw", "无证照经营"): ("《中华人民共和国基本医疗卫生与健康促进法》第九十九条", "《医疗机构管理条例》第四十三条"),
    ("wjw", "虚假广告"): ("《中华人民共和国广告法》第五十五条", "《医疗广告管理办法》第二十二条"),
    ("gaj", "非法集资"): ("《防范和处置非法集资条例》第三十条",),
    ("gaj", "传销"): ("《禁止传销条例》第二十四条",),
}

# 领域 that fits a category; filled on some rows only (always for 重点领域诚信典型).
DOMAINS = {
    "食品药品": ("食品药品",), "大气污染": ("环境保护",), "生态环境": ("环境保护",), "工程质量": ("工程建设",),
    "出借和借用资质投标": ("工程建设",), "围标串标": ("工程建设",), "贿赂": ("工程建设",), "安全生产": ("安全生产",),
    "消防安全": ("安全生产",), "强制性产品认证": ("产品质量",), "制售假冒伪劣产品": ("产品质量",),
    "故意侵犯知识产权": ("知识产权",), "逃税骗税": ("税收管理",), "诚信纳税": ("税收管理",),
    "虚假广告": ("电子商务",), "计量作弊及欺骗": ("价格",), "非法集资": ("股权投资", "小贷公司及融资担保"),
    "恶意逃废债务": ("银行贷款",), "提供虚假文件骗取政府专项资金": ("教育科研",), "合同欺诈": ("中介服务",),
    "侵害消费者或证券期货投资者合法权益": ("电子商务",),
}
DOMAIN_BY_DEPARTMENT = {"sthjj": "环境保护", "wjw": "医疗卫生", "zjj": "工程建设", "yjj": "安全生产", "scjgj": "食品药品"}

# --- names --------------------------------------------------------------------

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万严覃戴孔向汤"
GIVEN = "明华强芳军敏伟丽静磊洋勇艳杰娟涛超霞平刚英兰玲峰波斌辉鹏琴红云"
BRANDS = ("恒达", "鑫源", "华兴", "楚天", "江城", "昌盛", "瑞丰", "宏图", "金鼎", "博远", "汇通", "安泰", "长兴", "润和",
          "佳禾", "宏晟", "德信", "中邦", "远航", "新天", "天合", "锦程", "恒通", "卓越", "百川", "众诚", "嘉禾", "荣达",
          "华昌", "福源", "顺发", "明德", "晨光", "蓝海", "金桥", "盛达", "和泰", "广源", "联创", "启航", "正和", "丰泽",
          "永安", "东湖", "首义", "黄鹤", "晴川", "知音", "长江", "南湖")
PLACES = ("白沙洲", "积玉桥", "徐家棚", "杨园", "南湖", "紫阳", "粮道", "首义", "中华路", "水果湖")


@dataclass
class Subject:
    kind: str
    name: str
    uscc: str = ""
    id_number: str = ""
    legal_rep: str = ""

    @property
    def subject_type(self) -> str:
        return SUBJECT_TYPES[self.kind]

    @property
    def identifier(self) -> str:
        return self.id_number if self.kind == PERSON else self.uscc


@dataclass
class Entry:
    department: str
    list_type: str
    category: str
    subject: Subject
    status: str  # live or expired when first listed
    start: dt.date
    end: dt.date | None
    reason: str = ""
    basis: str = ""
    domain: str = ""
    remark: str = ""
    legal_rep: str = ""
    decision: str = ""
    file_index: int = 0

    def row(self, operation: str = "") -> dict[str, object]:
        return {
            s.LIST_TYPE: self.list_type, s.SUBJECT_TYPE: self.subject.subject_type, s.NAME: self.subject.name,
            s.USCC: self.subject.uscc, s.LEGAL_REP: self.legal_rep, s.ID_NUMBER: self.subject.id_number,
            s.CATEGORY: self.category, s.DOMAIN: self.domain, s.REASON: self.reason, s.BASIS: self.basis,
            s.DECISION: self.decision, s.START: self.start, s.END: self.end, s.OPERATION: operation,
            s.WITHDRAWAL_REASON: "", s.REMARK: self.remark,
        }


class Names:
    """Unique invented names and identifiers."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: dict[str, None] = {}

    def _unique(self, make) -> str:
        for _ in range(10_000):
            value = make()
            if value not in self.used:
                self.used[value] = None
                return value
        raise RuntimeError("ran out of unique names")

    def person(self) -> str:
        rng = self.rng
        return self._unique(lambda: rng.choice(SURNAMES) + "示例" + (rng.choice(GIVEN) if rng.random() < 0.75 else ""))

    def person_any(self) -> str:
        """A legal representative: invented, may repeat."""
        rng = self.rng
        return rng.choice(SURNAMES) + "示例" + (rng.choice(GIVEN) if rng.random() < 0.75 else "")

    def organisation(self, industries: tuple[str, ...]) -> str:
        rng = self.rng

        def make() -> str:
            brand, industry = rng.choice(BRANDS), rng.choice(industries)
            form = rng.random()
            if form < 0.55:
                return f"武汉市武昌区示例{brand}{industry}有限公司"
            if form < 0.85:
                return f"武汉示例{brand}{industry}有限公司"
            return f"湖北示例{brand}{industry}股份有限公司"
        return self._unique(make)

    def market(self) -> str:
        rng = self.rng
        return self._unique(lambda: f"武昌示例{rng.choice(BRANDS)}{rng.choice(('农贸市场', '综合市场', '果蔬批发市场', '小商品市场'))}")

    def shop(self, shops: tuple[str, ...]) -> str:
        rng = self.rng

        def make() -> str:
            if rng.random() < 0.5:
                return f"武昌示例{rng.choice(SURNAMES)}记{rng.choice(shops)}"
            return f"武昌区示例{rng.choice(BRANDS)}{rng.choice(shops)}"
        return self._unique(make)

    def special(self, kind: str) -> str:
        rng = self.rng
        if kind == COOP:
            return self._unique(lambda: f"武汉市武昌区示例{rng.choice(PLACES)}股份经济合作社")
        if kind == OTHER:
            return self._unique(lambda: f"武汉市武昌区示例{rng.choice(BRANDS)}社区服务中心")
        return self._unique(lambda: f"武汉市武昌区示例{rng.choice(BRANDS)}{rng.choice(('职业培训学校', '康复医院', '养老院'))}")

    def uscc(self, prefix: str) -> str:
        """``prefix`` (2 chars) + Wuchang + organisation code (8 chars and its GB 11714 check) + check."""
        rng = self.rng

        def make() -> str:
            body = "".join(rng.choice(USCC_ALPHABET[:10] if rng.random() < 0.6 else USCC_ALPHABET) for _ in range(8))
            org_code = body + _org_code_check(body)
            first17 = prefix + WUCHANG + org_code
            return first17 + uscc_check_char(first17)
        return self._unique(make)

    def id_number(self) -> str:
        rng = self.rng

        def make() -> str:
            birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange((dt.date(2000, 12, 31) - dt.date(1950, 1, 1)).days + 1))
            first17 = rng.choice(ID_REGIONS) + birth.strftime("%Y%m%d") + f"{rng.randrange(1000):03d}"
            return first17 + id_check_char(first17)
        return self._unique(make)


def _org_code_check(body: str) -> str:
    """The check character of an 8-character organisation code (GB 11714-1997)."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body, weights))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


# --- reasons ------------------------------------------------------------------

PROJECTS = ("示例路综合管廊工程", "示例小区老旧改造工程", "示例学校教学楼新建工程", "示例大厦装饰装修工程",
            "示例滨江公园景观工程", "示例安置房二期工程", "示例社区卫生服务中心改造工程", "示例道路排水改造工程")
PRODUCTS = ("电动自行车充电器", "儿童玩具", "插座转换器", "电热水壶", "羽绒服", "白酒", "食用植物油", "保健食品",
            "化妆品", "婴幼儿配方奶粉", "电线电缆", "安全帽")
CLAIMS = ("三天见效、无效退款", "国家级专家研发、治愈率98%", "全网销量第一", "零添加、可替代药物治疗", "投资零风险、月收益20%")


def _money(rng: random.Random, low: float, high: float) -> str:
    value = rng.uniform(low, high)
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def _cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def black_reason(rng: random.Random, category: str, kind: str, department: str, start: dt.date) -> str:
    m, big, k = _money(rng, 1, 60), _money(rng, 20, 900), rng.randint(3, 60)
    project, product = rng.choice(PROJECTS), rng.choice(PRODUCTS)
    checked = _cn_date(start - dt.timedelta(days=rng.randint(30, 150)))
    options: dict[str, list[str]] = {
        "大气污染": [f"{checked}执法检查发现其喷漆作业未在密闭空间进行、未配套废气收集处理设施，挥发性有机物超标排放，被处罚款{m}万元",
                 f"施工工地土方作业未采取覆盖、洒水等扬尘防治措施，经责令改正拒不改正，被处罚款{m}万元",
                 f"锅炉废气颗粒物连续超标排放并篡改自动监测数据，被处罚款{m}万元"],
        "生态环境": [f"通过暗管向雨水管网排放未经处理的生产废水，被处罚款{m}万元并移送公安机关",
                 f"未依法进行环境影响评价擅自开工建设并投入生产，拒不停止建设，被处罚款{m}万元",
                 f"非法转移、处置废机油等危险废物约{rng.randint(2, 40)}吨，被处罚款{m}万元"],
        "食品药品": [f"使用超过保质期的食品原料{rng.randint(20, 800)}公斤生产食品，被没收违法所得并处罚款{m}万元",
                 f"销售未取得药品批准证明文件的药品，货值金额{_money(rng, 1, 30)}万元，被处罚款{m}万元",
                 f"餐饮服务中使用非食品原料加工食品，被吊销食品经营许可证并处罚款{m}万元"],
        "工程质量": [f"在{project}施工中偷工减料、使用不合格钢筋，被处工程合同价款百分之{rng.randint(2, 4)}的罚款计{m}万元",
                 f"未按照工程设计图纸和施工技术标准施工，{project}主体结构混凝土强度不达标，被处罚款{m}万元"],
        "安全生产": [f"发生一起一般生产安全事故，造成{rng.randint(1, 2)}人死亡，对事故发生负有责任，被处罚款{m}万元",
                 f"存在重大事故隐患，拒不执行停产停业整顿指令，被处罚款{m}万元",
                 f"未经依法批准擅自储存危险化学品，经责令改正拒不改正，被处罚款{m}万元"],
        "消防安全": [f"占用、堵塞疏散通道和安全出口，经责令改正拒不改正，被处罚款{m}万元",
                 f"人员密集场所消防设施、器材未保持完好有效，经复查仍未整改，被责令停业并处罚款{m}万元",
                 f"擅自投入使用未经消防验收的经营场所，被处罚款{m}万元"],
        "强制性产品认证": [f"销售未经强制性产品认证的{product}{rng.randint(50, 3000)}件，被没收违法所得并处罚款{m}万元",
                     f"伪造、冒用强制性产品认证证书和标志，被处罚款{m}万元"],
        "贿赂": [f"在{project}招标中向评标委员会成员行贿谋取中标，中标无效，被处罚款{m}万元并取消投标资格{rng.randint(1, 2)}年"],
        "逃税骗税": [f"采取虚假纳税申报手段少缴增值税、企业所得税共计{big}万元，被追缴税款、加收滞纳金并处少缴税款{rng.choice(('0.5', '1', '1.5', '2'))}倍罚款",
                 f"虚开增值税专用发票{rng.randint(10, 300)}份、价税合计{big}万元，被处罚款{m}万元",
                 f"以假报出口手段骗取出口退税{big}万元，被追缴退税款并处{rng.randint(1, 3)}倍罚款"],
        "恶意逃废债务": [f"诉讼期间恶意转移名下房产及银行存款，与他人恶意串通逃避履行生效判决确定的{big}万元债务",
                   f"通过虚假诉讼转移资产，逃避银行贷款债务{big}万元"],
        "恶意拖欠货款或服务费": [f"拖欠中小企业货款{big}万元，有支付能力仍拒不支付，经区清欠工作专班多次督办未改正",
                       f"恶意拖欠物业服务费及设备维护服务费共计{_money(rng, 10, 200)}万元，经生效判决后仍拒不支付"],
        "恶意欠薪": [f"拖欠{k}名劳动者工资共计{_money(rng, 10, 300)}万元，经责令限期支付逾期仍不支付，已移送公安机关",
                 f"以转移财产、逃匿等方式逃避支付{k}名员工劳动报酬{_money(rng, 10, 300)}万元"],
        "恶意欠缴社会保险费": [f"欠缴{k}名职工基本养老、医疗、失业保险费共计{_money(rng, 5, 200)}万元，经责令限期缴纳逾期仍不缴纳"],
        "拒不依法参保": [f"未为{k}名职工办理社会保险登记和参保手续，经责令限期改正逾期不改正，被处罚款{m}万元"],
        "拖欠农民工工资": [f"在{project}中拖欠{k}名农民工工资{_money(rng, 10, 400)}万元，经责令限期支付逾期未支付"],
        "非法集资": [f"以高额回报为诱饵，未经批准向社会不特定公众吸收资金{big}万元，涉及投资人{rng.randint(30, 900)}人",
                 f"以“养老服务”“预售床位”名义向老年人非法集资{big}万元"],
        "合同欺诈": [f"以虚构合同主体资格、伪造担保文件等手段与{rng.randint(2, 12)}家企业签订合同，骗取货款{big}万元，被处罚款{m}万元",
                 f"利用格式条款设置“定金不退”等不公平条款并隐瞒真实服务内容，骗取消费者预付款，被处罚款{m}万元"],
        "计量作弊及欺骗": [f"在加油机内加装作弊装置，使实际加油量少于显示量，被没收违法所得并处罚款{m}万元",
                    f"使用经改装的电子计价秤短斤缺两，被处罚款{rng.randint(2, 9)}千元"],
        "传销": [f"以“消费返利”“拉人头”方式组织、领导传销活动，发展人员{rng.randint(50, 2000)}人，涉案金额{big}万元，被没收违法所得并处罚款{m}万元"],
        "无证照经营": [f"未取得食品经营许可证从事餐饮服务，经责令改正拒不改正，被没收违法所得并处罚款{m}万元",
                  f"未依法取得营业执照和许可证从事{product}批发经营，经责令停止后继续经营，被处罚款{m}万元"],
        "制售假冒伪劣产品": [f"生产销售以不合格品冒充合格品的{product}，货值金额{_money(rng, 1, 80)}万元，被处罚款{m}万元",
                      f"销售假冒他人注册商标的{product}{rng.randint(100, 5000)}件，被没收违法所得并处罚款{m}万元"],
        "故意侵犯知识产权": [f"五年内两次以上销售侵犯注册商标专用权的{product}，被没收侵权商品并处罚款{m}万元",
                      f"未经许可复制发行他人享有著作权的教辅图书{rng.randint(500, 9000)}册，被处罚款{m}万元"],
        "出借和借用资质投标": [f"出借本企业建筑业企业资质证书供他人以本企业名义投标承揽{project}，被处罚款{m}万元",
                        f"借用其他企业资质参加{project}投标，中标无效，被处罚款{m}万元"],
        "围标串标": [f"在{project}招标中与其他投标人相互串通投标报价，中标无效，被处中标项目金额千分之{rng.randint(5, 10)}的罚款计{m}万元"],
        "虚假广告": [f"在网络直播和短视频平台发布{product}广告，宣称“{rng.choice(CLAIMS)}”，构成虚假广告，被处罚款{m}万元",
                 f"在户外广告牌发布{product}广告，引用虚构的检测数据，构成虚假广告，被处罚款{m}万元"],
        "侵害消费者或证券期货投资者合法权益": [f"收取{rng.randint(50, 900)}名消费者预付款共计{_money(rng, 10, 300)}万元后停业失联，拒不退款",
                                 f"在商品中掺杂、掺假，以次充好，侵害消费者合法权益，被处罚款{m}万元"],
        "严重破坏网络空间传播秩序": [f"运营的网络账号多次编造、传播涉企虚假信息，经约谈拒不整改，被关停账号并处罚款{m}万元"],
        "聚众扰乱社会秩序": [f"纠集{rng.randint(5, 30)}人在公共场所聚众闹事，致使公共秩序严重混乱，被行政拘留{rng.randint(5, 15)}日并处罚款{rng.choice((500, 1000))}元"],
        "有履行能力但拒不履行、逃避执行": [f"有履行能力而拒不履行（{start.year - 1}）鄂0106民初{rng.randint(1000, 19999)}号民事判决确定的给付义务{big}万元",
                                 f"违反财产报告制度，隐匿财产逃避执行，拒不履行生效判决确定的给付义务{big}万元"],
        "危害国防利益": [f"拒绝、拖延执行民用资源征用任务（运输车辆{rng.randint(2, 12)}台），危害国防利益，被处罚款{m}万元",
                   f"在军事设施保护范围内擅自施工，损毁国防通信光缆，被处罚款{m}万元"],
        "去产能中恶意阻扰、拒不履行法定义务": ["在钢铁贸易去产能专项整治中拒不拆除已封停的生产设备并擅自恢复生产",
                                 "在去产能关停过程中拒不履行职工安置法定义务，恶意阻扰关停工作"],
        "提供虚假文件骗取政府专项资金": [f"在科技创新专项资金申报中提供虚假知识产权证明和审计报告，骗取政府专项资金{_money(rng, 10, 300)}万元，已被追回",
                             f"在技术改造项目申报中提供虚假设备购置发票，骗取政府专项资金{_money(rng, 10, 300)}万元，已被追回"],
    }
    if kind == PERSON:
        options.update({
            "有履行能力但拒不履行、逃避执行": [f"有履行能力而拒不履行（{start.year - 1}）鄂0106民初{rng.randint(1000, 19999)}号民事判决确定的给付义务{_money(rng, 5, 200)}万元",
                                     f"违反限制消费令乘坐飞机、购买高档商品，拒不履行生效判决确定的给付义务{_money(rng, 5, 200)}万元"],
            "恶意逃废债务": [f"判决生效后将名下房产无偿转让给亲属，恶意逃避{_money(rng, 20, 300)}万元借款债务"],
            "严重破坏网络空间传播秩序": [f"在网络平台编造、散布险情谣言，造成恶劣社会影响，被行政拘留{rng.randint(5, 10)}日",
                                 "在多个网络平台发布虚假“内幕消息”博取流量，被行政拘留10日"],
            "无证照经营": [f"未取得医师资格非法行医，被没收药品器械和违法所得并处罚款{m}万元",
                      f"未取得医疗机构执业许可证擅自开展美容注射，被处罚款{m}万元"],
            "拖欠农民工工资": [f"作为劳务班组负责人承揽{project}劳务作业，拖欠{k}名农民工工资{_money(rng, 10, 200)}万元后逃匿"],
            "恶意欠薪": [f"以个人名义承包装修工程，拖欠{k}名工人工资{_money(rng, 5, 60)}万元后逃匿"],
        })
    if department == "wjw" and kind != PERSON:
        options.update({
            "无证照经营": [f"未取得《医疗机构执业许可证》擅自开展诊疗活动，被没收违法所得并处罚款{m}万元"],
            "虚假广告": [f"发布医疗广告宣称“{rng.choice(CLAIMS[:4])}”，构成虚假广告，被处罚款{m}万元"],
        })
    return rng.choice(options[category])


def red_reason(rng: random.Random, category: str, kind: str, department: str, start: dt.date) -> str:
    year = start.year - 1 if start.month <= 6 else start.year
    deeds = ("经营早餐店二十余年坚持明码实价、足斤足两", "多年替已故亲属偿还债务共计30余万元", "拾得现金十余万元后主动寻找失主归还",
             "坚持十五年义务为社区老人理发", "带头兑现对农民工的工资承诺，自筹资金垫付工资", "在社区调解邻里纠纷、践行诚信承诺")
    texts = {
        "诚信道德模范": f"{year}年度武昌区“诚信道德模范”（示例）：{rng.choice(deeds)}",
        "优秀青年志愿者": f"{year}年度武昌区优秀青年志愿者（示例），累计参加{rng.choice(('社区防疫', '助老', '文明交通', '义务支教', '应急救援'))}志愿服务{rng.randint(200, 1500)}小时",
        "诚信经营示范企业": f"{year}年度武昌区诚信经营示范企业（示例），近三年无行政处罚记录和有效消费投诉",
        "文明诚信示范市场": f"{year}年度文明诚信示范市场（示例），设立公平秤，商户明码标价率100%，投诉处理制度健全",
        "守合同重信用企业": f"公示{year - 1}—{year}年度“守合同重信用”企业（示例），合同管理制度健全、履约率100%",
        "诚信纳税": f"{start.year - 1}年度纳税信用A级纳税人（示例），按期申报、足额缴纳税款",
        "诚信经营示范店": f"{year}年度武昌区诚信经营示范店（示例），商品明码标价，无消费投诉",
    }
    if category == "诚信经营示范企业" and department == "rsj":
        return f"{year}年度劳动保障守法诚信示范用人单位（示例），按时足额支付工资、依法缴纳社会保险费"
    if category == "诚信经营示范企业" and department == "fgw":
        return f"{year}年度武昌区信用示范企业（示例），公共信用综合评价为A级，无失信记录"
    if category == "诚信道德模范" and department == "wjw":
        return f"{year}年度武昌区“诚信道德模范”（示例）：坚守社区卫生服务一线三十年，从不收受患者红包"
    if category == "重点领域诚信典型":
        return {
            "sthjj": f"{year}年度环境信用评价环保诚信企业（示例），污染物稳定达标排放，主动公开环境信息",
            "wjw": (f"{year}年度医疗卫生领域诚信典型（示例），连续三年无医疗纠纷和违规执业记录" if kind != PERSON
                    else f"{year}年度医疗卫生领域诚信典型（示例），从医三十年坚持合理检查、合理用药"),
            "zjj": f"{year}年度工程建设领域诚信典型（示例），承建项目获评优质工程，无拖欠工程款及农民工工资",
            "yjj": f"{year}年度安全生产诚信典型（示例），安全生产标准化二级达标，连续{rng.randint(3, 10)}年无生产安全事故",
            "scjgj": f"{year}年度食品安全诚信典型（示例），建立食品安全追溯体系，连续三年抽检合格率100%",
        }[department]
    return texts[category]


# --- building the plan ----------------------------------------------------------

def random_day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """A weekday between ``first`` and ``last``."""
    for _ in range(100):
        day = first + dt.timedelta(days=rng.randrange((last - first).days + 1))
        if day.weekday() < 5:
            return day
    return day


def black_period(rng: random.Random, start: dt.date, live: bool) -> dt.date:
    """1–3 years ending the day before the anniversary; live ones still run on AS_OF."""
    choices = [p for p in (1, 2, 3) if (add_years(start, p) - dt.timedelta(days=1) >= AS_OF) == live]
    if not choices:
        raise ValueError(f"no period fits {start} ({'live' if live else 'expired'})")
    return add_years(start, rng.choice(choices)) - dt.timedelta(days=1)


def dates_for(rng: random.Random, list_type: str, status: str) -> tuple[dt.date, dt.date | None]:
    if list_type == s.BLACK:
        if status == LIVE:
            start = random_day(rng, dt.date(2023, 12, 4), LAST_DAY)
        else:
            start = random_day(rng, FIRST_DAY, dt.date(2024, 6, 28))
        return start, black_period(rng, start, status == LIVE)
    if status == EXPIRED:  # an old red entry whose default three years have run out
        start = random_day(rng, FIRST_DAY, dt.date(2023, 9, 29))
        return start, None if rng.random() < 0.7 else add_years(start, rng.choice((1, 2))) - dt.timedelta(days=1)
    if rng.random() < 0.12:  # an older red entry with a long explicit end
        start = random_day(rng, dt.date(2022, 3, 1), dt.date(2023, 10, 31))
        return start, dt.date(rng.choice((2026, 2027)), 12, 31)
    start = random_day(rng, dt.date(2023, 12, 4), LAST_DAY)
    if rng.random() < 0.6:
        return start, None
    return start, add_years(start, 3) - dt.timedelta(days=1)


@dataclass
class Change:
    operation: str  # 更新 or 移出
    entry: Entry
    file_index: int
    row: dict[str, object]


@dataclass
class DepartmentData:
    department: Department
    entries: list[Entry] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    planted: list[tuple[int, dict[str, object], str]] = field(default_factory=list)  # (file, row, expected code)


def make_subject(names: Names, department: Department, kind: str, category: str) -> Subject:
    rng = names.rng
    if kind == PERSON:
        return Subject(PERSON, names.person(), id_number=names.id_number())
    if kind == SOLE:
        return Subject(SOLE, names.shop(department.shops), uscc=names.uscc("92"), legal_rep=names.person_any())
    if kind in (COOP, OTHER, NPO):
        prefix = {COOP: "N2", OTHER: "Y1", NPO: "52"}[kind]
        return Subject(kind, names.special(kind), uscc=names.uscc(prefix), legal_rep=names.person_any())
    name = names.market() if category == "文明诚信示范市场" else names.organisation(department.industries)
    return Subject(ORG, name, uscc=names.uscc("91"), legal_rep=names.person_any() if rng.random() < 0.9 else "")


def file_for(department: Department, day: dt.date) -> int:
    for index, spec in enumerate(department.files):
        if day <= dt.date.fromisoformat(spec.date):
            return index
    raise ValueError(f"{department.code}: no file covers {day}")


def decision_numbers(rng: random.Random, data: DepartmentData) -> None:
    """Number decisions by date, per prefix and year; a court numbers its enforcement cases."""
    counters: dict[tuple[str, int], int] = {}
    for entry in sorted(data.entries, key=lambda e: (e.start, e.list_type, e.subject.name)):
        department = data.department
        if department.code == "fy":
            key = ("fy", entry.start.year)
            counters[key] = counters.get(key, rng.randint(200, 900)) + rng.randint(5, 60)
            entry.decision = f"（{entry.start.year}）鄂0106执{counters[key]}号"
            continue
        prefix = department.black_prefix if entry.list_type == s.BLACK else department.red_prefix
        key = (prefix, entry.start.year)
        counters[key] = counters.get(key, 0) + rng.randint(1, 4)
        entry.decision = f"{prefix}〔{entry.start.year}〕{counters[key]}号"


def remark(rng: random.Random) -> str:
    if rng.random() < 0.85:
        return ""
    return rng.choice(("已送达告知书", "经办：执法科（示例）", "已推送市信用平台", "当事人已签收决定书", "复核无异议"))


def plan_department(rng: random.Random, names: Names, department: Department) -> DepartmentData:
    data = DepartmentData(department)
    black_subjects: list[Subject] = []
    for list_type, category, kind, live, expired in department.plan:
        for status in [LIVE] * live + [EXPIRED] * expired:
            reuse = list_type == s.BLACK and kind == ORG and black_subjects and rng.random() < 0.08
            subject = rng.choice(black_subjects) if reuse else make_subject(names, department, kind, category)
            if list_type == s.BLACK and kind == ORG and not reuse:
                black_subjects.append(subject)
            start, end = dates_for(rng, list_type, status)
            entry = Entry(department.code, list_type, category, subject, status, start, end)
            entry.reason = (black_reason if list_type == s.BLACK else red_reason)(rng, category, kind, department.code, start)
            if list_type == s.BLACK:
                entry.basis = rng.choice(BASIS_BY_DEPARTMENT.get((department.code, category), BASIS[category]))
            elif rng.random() < 0.2:
                entry.basis = "武昌信用办〔2018〕3号 第二部分（四）1"
            if category == "重点领域诚信典型":
                entry.domain = DOMAIN_BY_DEPARTMENT[department.code]
            elif department.code == "wjw":
                entry.domain = "医疗卫生" if rng.random() < 0.6 else ""
            elif category in DOMAINS and rng.random() < 0.45:
                entry.domain = rng.choice(DOMAINS[category])
            entry.legal_rep = subject.legal_rep
            entry.remark = remark(rng)
            entry.file_index = file_for(department, start)
            data.entries.append(entry)
    decision_numbers(rng, data)
    data.entries.sort(key=lambda e: (e.file_index, e.start, e.decision, e.subject.identifier))
    plan_changes(rng, names, data)
    return data


def plan_changes(rng: random.Random, names: Names, data: DepartmentData) -> None:
    """Pick live entries of earlier files to update or withdraw in a later file."""
    department = data.department
    last = len(department.files) - 1
    candidates = [e for e in data.entries if e.status == LIVE and e.file_index < last]
    if len(candidates) < department.updates + department.withdrawals:
        raise ValueError(f"{department.code}: only {len(candidates)} live entries in earlier files to change")
    picked = rng.sample(candidates, department.updates + department.withdrawals)
    for number, entry in enumerate(picked):
        later = rng.randint(entry.file_index + 1, last)
        if number < department.updates:
            row = updated_row(rng, names, entry, department)
            data.changes.append(Change(s.UPDATE, entry, later, row))
        else:
            data.changes.append(Change(s.WITHDRAW, entry, later, withdrawal_row(rng, entry, minimal=number % 2 == 0)))


def updated_row(rng: random.Random, names: Names, entry: Entry, department: Department) -> dict[str, object]:
    row = entry.row(s.UPDATE)
    options = ["reason", "name"]
    if entry.list_type == s.BLACK and entry.end is not None and entry.end < add_years(entry.start, 3) - dt.timedelta(days=1):
        options.append("extend")
    if not entry.domain and entry.category in DOMAINS:
        options.append("domain")
    change = rng.choice(options)
    if change == "reason":
        fresh = (black_reason if entry.list_type == s.BLACK else red_reason)(rng, entry.category, entry.subject.kind, department.code, entry.start)
        row[s.REASON] = fresh if fresh != entry.reason else fresh + "（经复核更正）"
        row[s.REMARK] = "更正列入事由"
    elif change == "extend":
        row[s.END] = add_years(entry.start, 3) - dt.timedelta(days=1)
        row[s.REMARK] = "当事人逾期未整改，延长公示期"
    elif change == "domain":
        row[s.DOMAIN] = DOMAINS[entry.category][0]
        row[s.REMARK] = "补填领域"
    else:
        old = entry.subject.name
        if entry.subject.kind == PERSON:
            row[s.NAME] = old  # a person keeps the name; correct the reason instead
            row[s.REASON] = str(row[s.REASON]) + "（经复核更正）"
            row[s.REMARK] = "更正列入事由"
        else:
            renamed = old.replace("武汉市武昌区示例", "武汉示例", 1) if old.startswith("武汉市武昌区示例") else old.replace("示例", "示例新", 1)
            row[s.NAME] = renamed
            row[s.REMARK] = f"主体已更名，原名称：{old}"
    return row


def withdrawal_row(rng: random.Random, entry: Entry, minimal: bool) -> dict[str, object]:
    if entry.list_type == s.BLACK:
        reason = rng.choice(("信用修复", "信用修复", "信用修复", "撤销"))
    else:
        reason = rng.choice(("撤销", "其他"))
    note = {"信用修复": "已完成信用修复（示例）", "撤销": "原认定决定已撤销（示例）", "其他": "主体已注销（示例）"}[reason]
    if minimal:
        row = {column: "" for column in s.TEMPLATE_COLUMNS}
        row.update({s.SUBJECT_TYPE: entry.subject.subject_type, s.DECISION: entry.decision,
                    s.USCC: entry.subject.uscc, s.ID_NUMBER: entry.subject.id_number})
    else:
        row = entry.row()
    row.update({s.OPERATION: s.WITHDRAW, s.WITHDRAWAL_REASON: reason, s.REMARK: note})
    return row


# --- deliberately wrong rows ----------------------------------------------------

# (department, file index, what is wrong, the problem code the validator should give)
PLANTED = (
    ("scjgj", 1, "USCC with a wrong check character", "bad-uscc-checksum"),
    ("scjgj", 2, "认定日期 2024/13/45", "bad-date"),
    ("scjgj", 2, "category 虚假宣传, not in the vocabulary", "unknown-category"),
    ("scjgj", 3, "a 新增 of an entry already on the list", "duplicate-key"),
    ("zjj", 1, "黑名单 row without 认定依据", "missing-value"),
    ("zjj", 1, "ID number as Excel wrote it: 4.20106E+17", "identifier-as-number"),
    ("zjj", 2, "an 更新 with a mistyped 决定文书号", "unknown-key"),
)


def plant_errors(rng: random.Random, names: Names, datasets: dict[str, DepartmentData]) -> None:
    scjgj, zjj = datasets["scjgj"], datasets["zjj"]

    def black_row(data: DepartmentData, file_index: int, category: str, number: int, kind: str = ORG) -> dict[str, object]:
        spec = data.department.files[file_index]
        start = random_day(rng, dt.date.fromisoformat(spec.date) - dt.timedelta(days=150), dt.date.fromisoformat(spec.date) - dt.timedelta(days=5))
        subject = make_subject(names, data.department, kind, category)
        entry = Entry(data.department.code, s.BLACK, category, subject, LIVE, start, add_years(start, 3) - dt.timedelta(days=1))
        entry.reason = black_reason(rng, category, kind, data.department.code, start)
        entry.basis = rng.choice(BASIS.get(category, ("《中华人民共和国广告法》第五十五条",)))
        entry.legal_rep = subject.legal_rep
        entry.decision = f"{data.department.black_prefix}〔{start.year}〕{number}号"
        return entry.row()

    row = black_row(scjgj, 1, "制售假冒伪劣产品", 901)
    code = str(row[s.USCC])
    row[s.USCC] = code[:17] + next(c for c in USCC_ALPHABET if c != code[17])
    scjgj.planted.append((1, row, "bad-uscc-checksum"))

    row = black_row(scjgj, 2, "食品药品", 902)
    row[s.START] = "2024/13/45"
    scjgj.planted.append((2, row, "bad-date"))

    row = black_row(scjgj, 2, "虚假广告", 903)
    row[s.CATEGORY] = "虚假宣传"
    scjgj.planted.append((2, row, "unknown-category"))

    # Handed in again in the last file, as 新增: the entry is already on the list.
    again = next(e for e in scjgj.entries if e.file_index == 2 and e.list_type == s.BLACK and e.status == LIVE
                 and all(c.entry is not e for c in scjgj.changes))
    row = again.row(s.ADD)
    row[s.REMARK] = "重复报送"
    scjgj.planted.append((3, row, "duplicate-key"))

    row = black_row(zjj, 1, "工程质量", 901)
    row[s.BASIS] = ""
    zjj.planted.append((1, row, "missing-value"))

    row = black_row(zjj, 1, "拖欠农民工工资", 902, kind=PERSON)
    row[s.ID_NUMBER] = "4.20106E+17"
    zjj.planted.append((1, row, "identifier-as-number"))

    target = next(e for e in zjj.entries if e.file_index == 1 and e.list_type == s.BLACK and e.status == LIVE
                  and all(c.entry is not e for c in zjj.changes))
    row = target.row(s.UPDATE)
    row[s.DECISION] = str(row[s.DECISION]).replace(f"〔{target.start.year}〕", f"〔{target.start.year - 1}〕")
    row[s.REASON] = str(row[s.REASON]) + "（经复核更正）"
    zjj.planted.append((2, row, "unknown-key"))


# --- writing --------------------------------------------------------------------

def format_date(value: object, style: str, rng: random.Random) -> object:
    if not isinstance(value, dt.date):
        return value
    if style == "cells":
        return value
    if style == "mixed":
        style = rng.choice(("iso", "slash", "cn"))
    if style == "slash":
        return f"{value.year}/{value.month}/{value.day}"
    if style == "cn":
        return _cn_date(value)
    return value.isoformat()


# Clerks of these departments write 新增 out; the others leave 操作 empty (it defaults to 新增).
WRITES_ADD = ("rsj", "wjw")


def file_rows(data: DepartmentData, index: int) -> list[dict[str, object]]:
    """New entries by date, then updates, then withdrawals, then the planted rows."""
    operation = s.ADD if data.department.code in WRITES_ADD else ""
    rows = [e.row(operation) for e in data.entries if e.file_index == index]
    changes = sorted((c for c in data.changes if c.file_index == index),
                     key=lambda c: (c.operation != s.UPDATE, c.entry.start, c.entry.decision))
    rows += [c.row for c in changes]
    rows += [row for file_index, row, _ in data.planted if file_index == index]
    return rows


def file_name(data: DepartmentData, index: int, rows: list[dict[str, object]]) -> str:
    spec = data.department.files[index]
    parts = [t for t in s.LIST_TYPES if any(r[s.LIST_TYPE] == t and r[s.OPERATION] != s.WITHDRAW for r in rows)]
    label = "红黑名单" if len(parts) == 2 else parts[0] if parts else "变更"
    operations = [op for op in (s.UPDATE, s.WITHDRAW) if any(r[s.OPERATION] == op for r in rows)]
    if operations:
        label += "及" + "、".join(operations)
    return f"{spec.date}-{label}.{'xlsx' if spec.fmt == 'xlsx' else 'csv'}"


def csv_bytes(rows: list[list[object]], encoding: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


class _StableZip(zipfile.ZipFile):
    """A zip whose entries all carry FIXED_TIME, so the same workbook gives the same bytes."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = self.compression
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        # openpyxl adds each worksheet from a temporary file, whose mtime would end up in the zip.
        self.writestr(arcname or Path(filename).name, Path(filename).read_bytes(), compress_type, compresslevel)


def save_workbook(workbook, path: Path) -> None:
    """Like openpyxl's save, with fixed document times and zip timestamps."""
    from openpyxl.writer.excel import ExcelWriter

    workbook.properties.creator = "武昌区社会信用体系建设领导小组办公室（示例）"
    workbook.properties.lastModifiedBy = None
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    with _StableZip(path, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()


COLUMN_WIDTHS = {
    s.LIST_TYPE: 10, s.SUBJECT_TYPE: 18, s.NAME: 40, s.USCC: 22, s.LEGAL_REP: 12, s.ID_NUMBER: 22, s.CATEGORY: 24,
    s.DOMAIN: 14, s.REASON: 60, s.BASIS: 40, s.DECISION: 26, s.START: 13, s.END: 13, s.OPERATION: 8,
    s.WITHDRAWAL_REASON: 10, s.REMARK: 24,
}


def write_submission_xlsx(path: Path, rows: list[list[object]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "报送数据"
    for line in rows:
        sheet.append(line)
    for index, column in enumerate(s.TEMPLATE_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = COLUMN_WIDTHS[column]
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if column in s.IDENTIFIER_COLUMNS or column == s.DECISION:
                cell.number_format = "@"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    save_workbook(workbook, path)


def write_department(folder: Path, data: DepartmentData, rng: random.Random) -> list[tuple[str, list[dict[str, object]]]]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for index, spec in enumerate(data.department.files):
        rows = file_rows(data, index)
        name = file_name(data, index, rows)
        table = [list(s.TEMPLATE_COLUMNS)]
        for row in rows:
            table.append([format_date(row[c], spec.dates, rng) if c in s.DATE_COLUMNS else row[c] for c in s.TEMPLATE_COLUMNS])
        table = [["" if v is None else v for v in line] for line in table]
        if spec.fmt == "xlsx":
            write_submission_xlsx(folder / name, [[None if v == "" else v for v in line] for line in table])
        else:
            (folder / name).write_bytes(csv_bytes(table, spec.fmt))
        written.append((name, rows))
    return written


# --- templates --------------------------------------------------------------------

GENERAL_NOTES = (
    "文件名以报送日期开头，如 2024-03-31-黑名单.csv；同一部门的文件按文件名开头的日期先后处理（2024-9-1 在 2024-10-01 之前），报送后不再修改，更正请另交新文件（用“更新”或“移出”）。",
    "只读取第一个工作表（本模板的“填写说明”“可选值”两个工作表不读取，可以保留）；第 1 行是表头，列名须与模板一致，列的顺序不限。",
    "名单类型、主体类型、类别、领域、操作、移出原因可从下拉列表选择；红名单和黑名单的类别不同，请先填“名单类型”，“类别”的下拉列表随之变化。",
    "条目由“部门 + 决定文书号 + 统一社会信用代码（自然人为身份证件号码）”确定。“新增”已存在的条目、“更新”或“移出”不存在的条目都是错误。",
    "“更新”整行替换原条目；“移出”行只需填主体类型、决定文书号、代码和移出原因。",
    "日期可以写成 2024-03-05、2024/3/5、2024.3.5、2024年3月5日，或使用 Excel 的日期单元格。",
    "统一社会信用代码和身份证件号码两列已设为“文本”格式，请勿改为数字格式，否则 Excel 会把号码改成 4.20106E+17 这样的科学计数法，后几位丢失。",
    "校验前先规范化：去掉首尾空格，全角数字和字母转为半角，代码转为大写并去掉中间的空格。",
    "有错误的行不公示，其余行照常公示；缺少必填列时整个文件不处理。",
    "“备注”仅供内部使用，不公示。身份证件号码只公示前 6 位和末位。",
)


# Rules schema.COLUMN_RULES leaves empty, spelled out for the clerk.
EXTRA_RULES = {
    s.LEGAL_REP: "组织填法定代表人或负责人，个体工商户填经营者，自然人留空",
    s.REASON: "写明列入的事实：违法失信行为及处理结果，或所获守信荣誉",
}


def column_rules() -> list[tuple[str, str, str]]:
    return [(name, required, rule or EXTRA_RULES.get(name, "")) for name, required, rule in s.COLUMN_RULES]


def write_templates(folder: Path, vocab_dir: Path) -> None:
    """The blank templates: a CSV of the header, and a workbook of the data sheet, its instructions and its options.

    The workbook's sheets carry the names reading recognises (``schema.TEMPLATE_SHEET``,
    ``TEMPLATE_EXTRA_SHEETS``), so a filled-in template draws no ``extra-sheets`` warning.
    """
    from openpyxl import Workbook

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "报送模板.csv").write_bytes(csv_bytes([list(s.TEMPLATE_COLUMNS)], "utf-8-sig"))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = s.TEMPLATE_SHEET
    write_data_sheet(sheet)
    write_guide_sheet(workbook.create_sheet(s.TEMPLATE_HELP_SHEET))
    ranges = write_options_sheet(workbook.create_sheet(s.TEMPLATE_OPTIONS_SHEET), vocab_dir)
    add_dropdowns(sheet, ranges)
    save_workbook(workbook, folder / "报送模板.xlsx")


HEADER_FILL = "DDEBF7"
TEMPLATE_ROWS = 5000  # the drop-downs reach this row


def write_data_sheet(sheet) -> None:
    """The header, column widths and formats (identifiers and decision numbers as text, dates as dates)."""
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet.append(list(s.TEMPLATE_COLUMNS))
    for index, column in enumerate(s.TEMPLATE_COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.number_format = "@"
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = COLUMN_WIDTHS[column]
        if column in s.IDENTIFIER_COLUMNS or column == s.DECISION:
            dimension.number_format = "@"  # text: Excel keeps all 18 characters
        elif column in s.DATE_COLUMNS:
            dimension.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"


def write_guide_sheet(guide) -> None:
    """填写说明: each column's rule, then the general notes."""
    from openpyxl.styles import Alignment, Font, PatternFill

    guide.append(["列名", "是否必填", "规则"])
    for name, required, rule in column_rules():
        guide.append([name, required, rule or "—"])
    guide.append([])
    guide.append(["其他说明"])
    for note in GENERAL_NOTES:
        guide.append(["", "", note])
    for cell in guide[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
    guide.cell(row=len(column_rules()) + 3, column=1).font = Font(bold=True)
    for letter, width in (("A", 18), ("B", 18), ("C", 90)):
        guide.column_dimensions[letter].width = width
    for (cell,) in guide.iter_rows(min_col=3, max_col=3):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    guide.freeze_panes = "A2"


OPTION_LISTS = ((s.RED, "红名单类别", "red-categories.csv"), (s.BLACK, "黑名单类别", "black-categories.csv"),
                (s.DOMAIN, "领域", "domains.csv"))


def write_options_sheet(options, vocab_dir: Path) -> dict[str, str]:
    """可选值: a column per vocabulary; returns each one's range as a formula reference, by list type (or 领域)."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ranges = {}
    for index, (key, title, file) in enumerate(OPTION_LISTS, start=1):
        with (vocab_dir / file).open(encoding="utf-8-sig", newline="") as handle:
            terms = [r["名称"].strip() for r in csv.DictReader(handle) if (r.get("名称") or "").strip()]
        options.cell(row=1, column=index, value=title).font = Font(bold=True)
        for number, term in enumerate(terms, start=2):
            options.cell(row=number, column=index, value=term)
        letter = get_column_letter(index)
        options.column_dimensions[letter].width = 36
        ranges[key] = f"'{s.TEMPLATE_OPTIONS_SHEET}'!${letter}$2:${letter}${len(terms) + 1}"
    return ranges


def add_dropdowns(sheet, ranges: dict[str, str]) -> None:
    """Drop-down lists: the closed lists of the schema, 领域, and 类别 by the row's 名单类型 (red or black categories)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    def letter(column: str) -> str:
        return get_column_letter(s.TEMPLATE_COLUMNS.index(column) + 1)

    list_type = f"${letter(s.LIST_TYPE)}2"
    sources = {column: '"' + ",".join(allowed) + '"' for column, allowed in (
        (s.LIST_TYPE, s.LIST_TYPES), (s.SUBJECT_TYPE, s.SUBJECT_TYPES), (s.OPERATION, s.OPERATIONS),
        (s.WITHDRAWAL_REASON, s.WITHDRAWAL_REASONS))}
    sources[s.CATEGORY] = f'IF({list_type}="{s.RED}",{ranges[s.RED]},{ranges[s.BLACK]})'
    sources[s.DOMAIN] = ranges[s.DOMAIN]
    prompts = {s.CATEGORY: "先填“名单类型”：红名单和黑名单的类别不同，下拉列表随之变化（见“可选值”工作表）。",
               s.DOMAIN: "属于重点领域时从下拉列表选择，不属于请留空。"}
    for column in s.TEMPLATE_COLUMNS:
        if column not in sources:
            continue
        validation = DataValidation(type="list", formula1=sources[column], allow_blank=True, showErrorMessage=True,
                                    errorTitle="无效的值", error="请从下拉列表中选择。")
        if column in prompts:
            validation.promptTitle, validation.prompt, validation.showInputMessage = column, prompts[column], True
        validation.add(f"{letter(column)}2:{letter(column)}{TEMPLATE_ROWS}")
        sheet.add_data_validation(validation)


# --- main ---------------------------------------------------------------------------

def write_departments(path: Path) -> None:
    lines = [["部门代码", "部门名称", "联系电话"]]
    for number, department in enumerate(sorted(DEPARTMENTS, key=lambda d: d.code), start=1):
        lines.append([department.code, department.name, f"027-8888{number:04d}"])
    path.write_bytes(csv_bytes(lines, "utf-8").replace(b"\r\n", b"\n"))


def expected_states(data: DepartmentData) -> Counter:
    """What the build should count for this department, as of AS_OF."""
    counts: Counter = Counter()
    changed = {id(c.entry): c for c in data.changes}
    for entry in data.entries:
        change = changed.get(id(entry))
        if change is None:
            counts["published" if entry.status == LIVE else "expired"] += 1
        elif change.operation == s.WITHDRAW:
            counts["superseded"] += 1
            counts["withdrawn"] += 1
        else:
            counts["superseded"] += 1
            counts["published"] += 1
    counts["rejected"] = len(data.planted)
    counts["read"] = len(data.entries) + len(data.changes) + len(data.planted)
    return counts


def rewrite_templates(data_dir: Path) -> None:
    """Replace ``data_dir/templates`` with fresh templates, their options from the folder's vocabulary (else data/vocab)."""
    templates = data_dir / "templates"
    if templates.exists():
        shutil.rmtree(templates)
    write_templates(templates, data_dir / "vocab" if (data_dir / "vocab").is_dir() else ROOT / "data" / "vocab")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="数据文件夹（默认 data/）")
    parser.add_argument("--templates-only", action="store_true", help="只重写 templates/，不动部门登记表和报送文件")
    args = parser.parse_args(argv)
    data_dir: Path = args.data
    if args.templates_only:
        rewrite_templates(data_dir)
        return 0
    rng = random.Random(SEED)
    names = Names(rng)
    datasets = {d.code: plan_department(rng, names, d) for d in sorted(DEPARTMENTS, key=lambda d: d.code)}
    plant_errors(rng, names, datasets)
    planted = sorted((code, index, expected) for code, d in datasets.items() for index, _, expected in d.planted)
    assert planted == sorted((code, index, expected) for code, index, _, expected in PLANTED), planted

    data_dir.mkdir(parents=True, exist_ok=True)
    write_departments(data_dir / "departments.csv")
    submissions = data_dir / "submissions"
    if submissions.exists():
        shutil.rmtree(submissions)
    rewrite_templates(data_dir)

    total: Counter = Counter()
    print(f"{'部门':<8}{'文件':>4}{'读取':>6}{'公示':>6}{'拒绝':>6}{'移出':>6}{'取代':>6}{'到期':>6}   （预期，构建日期 {AS_OF}）")
    for code, data in datasets.items():
        written = write_department(submissions / code, data, rng)
        counts = expected_states(data)
        total.update(counts)
        print(f"{code:<10}{len(written):>4}{counts['read']:>8}{counts['published']:>8}{counts['rejected']:>8}"
              f"{counts['withdrawn']:>8}{counts['superseded']:>8}{counts['expired']:>8}")
    print(f"{'合计':<8}{'':>6}{total['read']:>8}{total['published']:>8}{total['rejected']:>8}"
          f"{total['withdrawn']:>8}{total['superseded']:>8}{total['expired']:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
