"""The submission template and the published table: column names and their rules.

The template's column names are Chinese because departments fill them in
Excel; the code refers to them through the constants below.
"""

from __future__ import annotations

LIST_TYPE = "名单类型"
SUBJECT_TYPE = "主体类型"
NAME = "主体名称"
USCC = "统一社会信用代码"
LEGAL_REP = "法定代表人"
ID_NUMBER = "身份证件号码"
CATEGORY = "类别"
DOMAIN = "领域"
REASON = "列入事由"
BASIS = "认定依据"
DECISION = "决定文书号"
START = "认定日期"
END = "公示截止日期"
OPERATION = "操作"
WITHDRAWAL_REASON = "移出原因"
REMARK = "备注"

TEMPLATE_COLUMNS = (
    LIST_TYPE, SUBJECT_TYPE, NAME, USCC, LEGAL_REP, ID_NUMBER, CATEGORY, DOMAIN,
    REASON, BASIS, DECISION, START, END, OPERATION, WITHDRAWAL_REASON, REMARK,
)
# The official xlsx template (data/templates/, written by tools/make_sample_data.py):
# the data sheet first, then a sheet of instructions and one of the values the
# drop-downs offer. Reading skips those two by these exact names, without a warning.
TEMPLATE_SHEET = "报送模板"
TEMPLATE_HELP_SHEET = "填写说明"
TEMPLATE_OPTIONS_SHEET = "可选值"
TEMPLATE_EXTRA_SHEETS = (TEMPLATE_HELP_SHEET, TEMPLATE_OPTIONS_SHEET)
# Columns a file must have; whether a cell may be empty depends on the row.
REQUIRED_COLUMNS = (LIST_TYPE, SUBJECT_TYPE, NAME, CATEGORY, REASON, DECISION, START)
IDENTIFIER_COLUMNS = (USCC, ID_NUMBER)
# Free text: a hidden character here is removed with a warning; in every other column it is an error.
FREE_TEXT_COLUMNS = (REASON, BASIS, REMARK)
DATE_COLUMNS = (START, END)

RED = "红名单"
BLACK = "黑名单"
LIST_TYPES = (RED, BLACK)

ORGANISATION = "法人及非法人组织"
SOLE_TRADER = "个体工商户"
PERSON = "自然人"
SUBJECT_TYPES = (ORGANISATION, SOLE_TRADER, PERSON)

ADD = "新增"
UPDATE = "更新"
WITHDRAW = "移出"
OPERATIONS = (ADD, UPDATE, WITHDRAW)
# The fourth action of the change log: an entry whose publication period ended.
EXPIRE = "到期"

WITHDRAWAL_REASONS = ("信用修复", "撤销", "其他")

MAX_NAME_LENGTH = 100

# The published table. Names are the template's Chinese column names so that
# the CSV reads the same in Excel as the template departments know.
DEPARTMENT_CODE = "认定部门代码"
DEPARTMENT_NAME = "认定部门"
PUBLISHED_FIELDS: tuple[tuple[str, str, str], ...] = (
    # (name, Table Schema type, description)
    (LIST_TYPE, "string", "红名单（守信）或黑名单（严重失信）"),
    (SUBJECT_TYPE, "string", "法人及非法人组织、个体工商户或自然人"),
    (NAME, "string", "主体的登记名称或姓名"),
    (USCC, "string", "18 位统一社会信用代码（GB 32100-2015）；自然人为空"),
    (LEGAL_REP, "string", "法定代表人或负责人"),
    (ID_NUMBER, "string", "自然人的身份证件号码，仅保留前 6 位和末位，其余以 * 遮蔽"),
    (CATEGORY, "string", "列入类别，取自武昌信用办〔2018〕3号列举的守信或严重失信情形"),
    (DOMAIN, "string", "所属重点领域，可为空"),
    (REASON, "string", "列入事由"),
    (BASIS, "string", "认定依据（法律法规及条款）"),
    (DECISION, "string", "认定决定的文书号"),
    (START, "date", "作出认定的日期"),
    (END, "date", "公示期的最后一天；红名单未填写的按认定日期起 3 年计"),
    (DEPARTMENT_CODE, "string", "认定部门的代码"),
    (DEPARTMENT_NAME, "string", "认定部门的名称"),
)
PUBLISHED_COLUMNS = tuple(name for name, _, _ in PUBLISHED_FIELDS)

# The template as the guide page explains it: (column, when required, rule).
COLUMN_RULES: tuple[tuple[str, str, str], ...] = (
    (LIST_TYPE, "必填", "红名单 或 黑名单"),
    (SUBJECT_TYPE, "必填", "法人及非法人组织、个体工商户 或 自然人"),
    (NAME, "必填", "去掉首尾空格后不超过 100 字"),
    (USCC, "自然人以外必填", "18 位，数字和除 I、O、Z、S、V 以外的大写字母，第 18 位校验位正确（GB 32100-2015）；第 1 位可以是字母"),
    (LEGAL_REP, "选填", "不超过 50 字"),
    (ID_NUMBER, "自然人必填", "17 位数字加 1 位数字或 X，出生日期有效，校验位正确（GB 11643-1999）；只公示前 6 位和末位"),
    (CATEGORY, "必填", "取自该名单类型的类别词表"),
    (DOMAIN, "选填", "取自重点领域词表"),
    (REASON, "必填", "不超过 2000 字"),
    (BASIS, "黑名单必填", "法律法规及条款，不超过 2000 字"),
    (DECISION, "必填", "如 武昌市监罚〔2024〕12号，不超过 100 字"),
    (START, "必填", "不晚于发布日期"),
    (END, "黑名单必填", "晚于认定日期，超过 3 年给出提示；红名单不填的自认定日期起公示 3 年"),
    (OPERATION, "选填", "新增（默认）、更新 或 移出"),
    (WITHDRAWAL_REASON, "移出时必填", "信用修复、撤销 或 其他"),
    (REMARK, "选填", "仅供内部使用，不公示"),
)
