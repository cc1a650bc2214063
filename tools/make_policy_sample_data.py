"""Write the fictional sample matter lists and quarterly usage reports (seeded).

    .venv/bin/python tools/make_policy_sample_data.py [--data DIR]

- ``data/matters/<部门代码>.csv``: 5–9 plausible matters for every department
  in ``data/departments.csv``, covering the seven 事项类型; one department's
  list is an .xlsx, as Excel saves it.
- ``data/usage/<YYYY>Q<n>/<部门代码>.csv`` for 2025Q3 … 2026Q3, one row per
  matter. As of 2026-11-29 every one of these quarters is due (2026Q3 on
  2026-10-15) and 2026Q4 is not yet. 武昌区精神文明建设委员会办公室 (wmb) misses
  2026Q2, so the supervision table has a gap; one report is GBK, one is xlsx.
- A few rows are wrong on purpose, so the reports show problems while the
  build still succeeds: see MATTER_MISTAKES and USAGE_MISTAKES.

Every name, law-like title marked （示例） and number is made up.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261129
FIXED_TIME = dt.datetime(2026, 10, 10, 9, 0, 0)
QUARTERS = ("2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3")
MISSING_REPORT = ("wmb", "2026Q2")
XLSX_MATTERS = "swj"
XLSX_USAGE = ("zjj", "2026Q2")
GBK_USAGE = ("fgw", "2026Q3")
MATTER_HEADER = ("事项名称", "事项类型", "使用方式", "设定依据", "备注")
USAGE_HEADER = ("事项名称", "查询信用记录次数", "使用信用报告份数", "失信约束次数", "守信激励次数", "备注")

# (事项名称, 事项类型, 使用方式, 设定依据) per department.
MATTERS: dict[str, list[tuple[str, str, str, str]]] = {
    "fgw": [
        ("政府投资项目审批", "准入审批", "查询信用记录、信用承诺", "《政府投资条例》"),
        ("企业投资项目核准", "准入审批", "查询信用记录、联合奖惩", "《企业投资项目核准和备案管理条例》"),
        ("区级财政专项资金项目申报审核", "财政税收", "查询信用记录；使用信用报告", "《武昌区财政专项资金管理办法（示例）》"),
        ("招商引资项目准入评估", "公共资源交易", "使用信用报告", "《武昌区招商引资项目管理办法（示例）》"),
        ("价格监督检查", "重点领域监管", "查询信用记录", "《中华人民共和国价格法》"),
        ("中介服务机构年度评价", "重点领域监管", "查询信用记录、联合奖惩", "《武昌区中介服务机构管理办法（示例）》"),
        ("社会信用体系建设示范单位评选", "人事评优", "查询信用记录", "《武昌区社会信用体系建设示范创建办法（示例）》"),
    ],
    "fy": [
        ("失信被执行人名单纳入审查", "其他事项", "查询信用记录、联合奖惩", "《最高人民法院关于公布失信被执行人名单信息的若干规定》"),
        ("限制消费令审查", "其他事项", "联合奖惩", "《最高人民法院关于限制被执行人高消费及有关消费的若干规定》"),
        ("司法拍卖竞买人资格审查", "公共资源交易", "查询信用记录", "《最高人民法院关于人民法院网络司法拍卖若干问题的规定》"),
        ("人民陪审员选任资格审查", "人事评优", "查询信用记录", "《中华人民共和国人民陪审员法》"),
        ("破产管理人选任", "其他领域监管服务", "查询信用记录、使用信用报告", "《中华人民共和国企业破产法》"),
        ("诉讼费用缓减免审查", "其他事项", "查询信用记录、信用承诺", "《诉讼费用交纳办法》"),
    ],
    "gaj": [
        ("保安服务公司设立许可", "准入审批", "查询信用记录、信用承诺", "《保安服务管理条例》"),
        ("旅馆业特种行业许可", "行政许可", "查询信用记录、信用承诺", "《旅馆业治安管理办法》"),
        ("公章刻制业备案", "准入审批", "查询信用记录", "《印铸刻字业暂行管理规则》"),
        ("大型群众性活动安全许可", "其他领域监管服务", "查询信用记录", "《大型群众性活动安全管理条例》"),
        ("剧毒化学品购买许可", "重点领域监管", "查询信用记录、联合奖惩", "《危险化学品安全管理条例》"),
        ("警务辅助人员招聘资格审查", "人事评优", "查询信用记录", "《武汉市警务辅助人员管理办法（示例）》"),
    ],
    "rsj": [
        ("人力资源服务许可", "准入审批", "查询信用记录、信用承诺", "《人力资源市场暂行条例》"),
        ("劳务派遣经营许可", "准入审批", "查询信用记录、信用承诺", "《劳务派遣行政许可实施办法》"),
        ("就业创业补贴发放", "财政税收", "查询信用记录", "《就业补助资金管理办法》"),
        ("事业单位公开招聘资格审查", "人事评优", "查询信用记录", "《事业单位人事管理条例》"),
        ("劳动保障监察", "其他领域监管服务", "查询信用记录、联合奖惩", "《劳动保障监察条例》"),
        ("社会保险费征缴稽核", "其他领域监管服务", "查询信用记录", "《中华人民共和国社会保险法》"),
        ("拖欠农民工工资失信联合惩戒对象认定", "其他事项", "联合奖惩", "《保障农民工工资支付条例》"),
    ],
    "scjgj": [
        ("企业登记注册", "准入审批", "查询信用记录、信用承诺", "《中华人民共和国市场主体登记管理条例》"),
        ("食品经营许可", "重点领域监管", "查询信用记录、信用承诺", "《中华人民共和国食品安全法》"),
        ("药品零售企业许可", "重点领域监管", "查询信用记录", "《中华人民共和国药品管理法》"),
        ("企业信用风险分类监管", "重点领域监管", "查询信用记录、使用信用报告", "《武昌区企业信用风险分类管理办法（示例）》"),
        ("广告监督管理", "其他领域监管服务", "查询信用记录、联合奖惩", "《中华人民共和国广告法》"),
        ("守合同重信用企业公示", "人事评优", "查询信用记录", "《武昌区守合同重信用企业公示办法（示例）》"),
        ("知识产权质押融资项目推荐", "财政税收", "使用信用报告", "《武昌区知识产权资助办法（示例）》"),
        ("特种设备使用登记", "重点领域监管", "查询信用记录", "《中华人民共和国特种设备安全法》"),
        ("计量器具强制检定监督", "其他事项", "查询信用记录", "《中华人民共和国计量法》"),
    ],
    "sthjj": [
        ("建设项目环境影响评价文件审批", "准入审批", "查询信用记录、信用承诺", "《中华人民共和国环境影响评价法》"),
        ("排污许可证核发", "重点领域监管", "查询信用记录、信用承诺", "《排污许可管理条例》"),
        ("环境违法行为行政处罚", "重点领域监管", "查询信用记录、联合奖惩", "《中华人民共和国环境保护法》"),
        ("环保专项资金项目申报审核", "财政税收", "使用信用报告", "《武昌区环境保护专项资金管理办法（示例）》"),
        ("企业环境信用评价", "重点领域监管", "查询信用记录、联合奖惩", "《企业环境信用评价办法（试行）》"),
        ("危险废物经营许可初审", "准入审批", "查询信用记录", "《危险废物经营许可证管理办法》"),
    ],
    "swj": [
        ("纳税信用等级评定", "财政税收", "查询信用记录、联合奖惩", "《纳税信用管理办法》"),
        ("增值税留抵退税审核", "财政税收", "查询信用记录", "《中华人民共和国增值税法》"),
        ("发票领用核定", "财政税收", "查询信用记录、信用承诺", "《中华人民共和国发票管理办法》"),
        ("税收优惠备案核查", "财政税收", "查询信用记录", "《中华人民共和国税收征收管理法》"),
        ("重大税收违法失信主体信息公布", "其他事项", "联合奖惩", "《重大税收违法失信主体信息公布管理办法》"),
        ("出口退税企业分类管理", "重点领域监管", "查询信用记录、使用信用报告", "《出口退（免）税企业分类管理办法》"),
        ("涉税专业服务机构信用评价", "其他领域监管服务", "查询信用记录", "《涉税专业服务监管办法（试行）》"),
    ],
    "wjw": [
        ("医疗机构执业登记", "准入审批", "查询信用记录、信用承诺", "《医疗机构管理条例》"),
        ("医师执业注册", "人事评优", "查询信用记录", "《中华人民共和国医师法》"),
        ("公共场所卫生许可", "重点领域监管", "查询信用记录、信用承诺", "《公共场所卫生管理条例》"),
        ("医疗卫生监督检查", "重点领域监管", "查询信用记录、信用评估", "《中华人民共和国基本医疗卫生与健康促进法》"),
        ("卫生健康系统评先评优", "人事评优", "查询信用记录", "《武昌区卫生健康系统评先评优办法（示例）》"),
        ("基本公共卫生服务项目补助", "财政税收", "查询信用记录", "《基本公共卫生服务补助资金管理办法》"),
        ("放射诊疗许可", "准入审批", "查询信用记录", "《放射诊疗管理规定》"),
    ],
    "wmb": [
        ("文明单位评选", "人事评优", "查询信用记录", "《武汉市文明单位创建管理办法（示例）》"),
        ("道德模范评选推荐", "人事评优", "查询信用记录、联合奖惩", "《武昌区道德模范评选表彰办法（示例）》"),
        ("诚信经营示范店评定", "人事评优", "查询信用记录、使用信用报告", "《武昌区诚信经营示范店评定办法（示例）》"),
        ("志愿服务组织星级评定", "其他领域监管服务", "查询信用记录", "《志愿服务条例》"),
        ("文明创建专项经费补助", "财政税收", "查询信用记录", "《武昌区文明创建专项经费管理办法（示例）》"),
    ],
    "xfjy": [
        ("公众聚集场所投入使用、营业前消防安全检查", "准入审批", "查询信用记录、信用承诺", "《中华人民共和国消防法》"),
        ("消防监督检查", "重点领域监管", "查询信用记录、联合奖惩", "《消防监督检查规定》"),
        ("消防技术服务机构监管", "其他领域监管服务", "查询信用记录", "《社会消防技术服务管理规定》"),
        ("消防安全重点单位界定", "重点领域监管", "查询信用记录", "《机关、团体、企业、事业单位消防安全管理规定》"),
        ("消防产品质量监督", "重点领域监管", "查询信用记录、联合奖惩", "《消防产品监督管理规定》"),
    ],
    "yjj": [
        ("危险化学品经营许可", "准入审批", "查询信用记录、信用承诺", "《危险化学品安全管理条例》"),
        ("安全生产监督检查", "重点领域监管", "查询信用记录、联合奖惩", "《中华人民共和国安全生产法》"),
        ("安全生产标准化企业评定", "人事评优", "查询信用记录", "《企业安全生产标准化建设定级办法》"),
        ("安全生产专项资金补助", "财政税收", "查询信用记录、使用信用报告", "《武昌区安全生产专项资金管理办法（示例）》"),
        ("生产安全事故调查处理", "重点领域监管", "联合奖惩", "《生产安全事故报告和调查处理条例》"),
        ("烟花爆竹经营（零售）许可", "准入审批", "查询信用记录", "《烟花爆竹安全管理条例》"),
    ],
    "zjj": [
        ("建筑工程施工许可", "准入审批", "查询信用记录、信用承诺", "《建筑工程施工许可管理办法》"),
        ("建筑业企业资质审核", "准入审批", "查询信用记录、使用信用报告", "《建筑业企业资质管理规定》"),
        ("房屋建筑工程招标投标监管", "公共资源交易", "查询信用记录、联合奖惩", "《中华人民共和国招标投标法》"),
        ("房屋征收评估机构选定", "公共资源交易", "使用信用报告", "《国有土地上房屋征收与补偿条例》"),
        ("物业服务企业信用评价", "重点领域监管", "查询信用记录、联合奖惩", "《物业管理条例》"),
        ("建设工程质量安全监督", "重点领域监管", "查询信用记录", "《建设工程质量管理条例》"),
        ("商品房预售许可", "准入审批", "查询信用记录、信用承诺", "《城市商品房预售管理办法》"),
        ("老旧小区改造项目资金拨付", "财政税收", "查询信用记录", "《武昌区老旧小区改造资金管理办法（示例）》"),
    ],
}
# Wrong on purpose in the matter lists above (department, matter, what is wrong, code):
MATTER_MISTAKES = [
    ("gaj", "旅馆业特种行业许可", "事项类型 行政许可 is not one of the seven", "bad-matter-type"),
    ("wjw", "医疗卫生监督检查", "使用方式 信用评估 is not a method", "bad-usage-method"),
]
# Wrong on purpose in the usage reports (department, quarter, what, code):
USAGE_MISTAKES = [
    ("sthjj", "2025Q4", "a count of -3", "bad-count"),
    ("yjj", "2026Q1", "a count written 12次", "bad-count"),
    ("rsj", "2026Q2", "a matter not in its list (退休人员资格认证)", "unknown-matter"),
    ("gaj", "every quarter", "旅馆业特种行业许可, whose matter row was rejected", "unknown-matter"),
]
REMARKS = ("", "", "", "含容缺受理 {n} 件", "信用承诺 {n} 份", "联合奖惩系统自动比对")


def departments(data_dir: Path) -> list[str]:
    with (data_dir / "departments.csv").open(encoding="utf-8-sig", newline="") as handle:
        return [row["部门代码"].strip() for row in csv.DictReader(handle)]


def csv_text(header: tuple[str, ...], rows: list[list[object]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write_table(path: Path, header: tuple[str, ...], rows: list[list[object]], encoding: str = "utf-8-sig") -> None:
    """CSV as Excel saves it (BOM or GBK, CRLF), or an xlsx when the path says so."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".xlsx":
        import openpyxl

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = "Sheet1"
        sheet.append(list(header))
        for row in rows:
            sheet.append(row)
        workbook.properties.created = workbook.properties.modified = FIXED_TIME
        workbook.save(path)
    else:
        path.write_bytes(csv_text(header, rows).encode(encoding))


def matter_rows(code: str) -> list[list[object]]:
    rows = []
    for name, kind, methods, basis in MATTERS[code]:
        remark = "窗口受理时同步查询" if "信用承诺" in methods and len(rows) % 2 == 0 else ""
        rows.append([name, kind, methods, basis, remark])
    return rows


def usage_rows(code: str, quarter_index: int, rng: random.Random) -> list[list[object]]:
    """One row per matter; counts grow a little quarter by quarter."""
    rows = []
    growth = 1 + 0.08 * quarter_index
    for name, kind, methods, _ in MATTERS[code]:
        if kind == "行政许可":  # the rejected matter is still reported under its name
            kind = "准入审批"
        base = {"准入审批": 160, "财政税收": 90, "公共资源交易": 40, "重点领域监管": 120, "其他领域监管服务": 60, "人事评优": 30, "其他事项": 50}[kind]
        queries = int(base * growth * rng.uniform(0.5, 1.5))
        reports = int(queries * rng.uniform(0.02, 0.2)) if "使用信用报告" in methods else int(queries * rng.uniform(0, 0.03))
        constraints = int(queries * rng.uniform(0.01, 0.06)) + (rng.randint(1, 4) if "联合奖惩" in methods else 0)
        incentives = int(queries * rng.uniform(0.02, 0.1)) if kind in ("准入审批", "财政税收", "人事评优") else rng.randint(0, 3)
        remark = rng.choice(REMARKS).format(n=max(1, incentives // 2))
        rows.append([name, queries, reports, constraints, incentives, remark])
    return rows


def add_usage_mistakes(code: str, quarter: str, rows: list[list[object]]) -> None:
    if (code, quarter) == ("sthjj", "2025Q4"):
        rows[1][3] = -3
    if (code, quarter) == ("yjj", "2026Q1"):
        rows[2][1] = "12次"
    if (code, quarter) == ("rsj", "2026Q2"):
        rows.append(["退休人员资格认证", 35, 0, 0, 0, "本季度新增事项，尚未列入清单"])


def write_matters(data_dir: Path, codes: list[str]) -> None:
    folder = data_dir / "matters"
    shutil.rmtree(folder, ignore_errors=True)
    for code in codes:
        suffix = ".xlsx" if code == XLSX_MATTERS else ".csv"
        write_table(folder / f"{code}{suffix}", MATTER_HEADER, matter_rows(code))


def write_usage(data_dir: Path, codes: list[str]) -> None:
    folder = data_dir / "usage"
    shutil.rmtree(folder, ignore_errors=True)
    rng = random.Random(SEED)
    for index, quarter in enumerate(QUARTERS):
        for code in codes:
            rows = usage_rows(code, index, rng)
            if (code, quarter) == MISSING_REPORT:
                continue
            add_usage_mistakes(code, quarter, rows)
            suffix = ".xlsx" if (code, quarter) == XLSX_USAGE else ".csv"
            encoding = "gb18030" if (code, quarter) == GBK_USAGE else "utf-8-sig"
            write_table(folder / quarter / f"{code}{suffix}", USAGE_HEADER, rows, encoding)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    args = parser.parse_args()
    codes = [c for c in departments(args.data) if c in MATTERS]
    write_matters(args.data, codes)
    write_usage(args.data, codes)
    print(f"wrote matter lists for {len(codes)} departments and usage reports for {len(QUARTERS)} quarters under {args.data}")


if __name__ == "__main__":
    main()
