"""Problems found in a submission, as data.

Every problem has a stable kebab-case code, the row as the department sees it
in Excel (header = row 1, ``None`` for the file as a whole), the column, and a
Chinese message that says what is wrong and how to fix it. The codes are the
contract with departments and with the guide in README: never rename one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"

# code -> (severity, message template). Templates use str.format fields.
CODES: dict[str, tuple[str, str]] = {
    # --- the file as a whole ---
    "unsupported-file-type": (ERROR, "不支持的文件类型“{suffix}”。请另存为 CSV（UTF-8 或 GBK 编码）或 Excel 工作簿（.xlsx）后重新报送。"),
    "file-too-large": (ERROR, "文件大小 {size} 字节，超过上限 {limit} 字节。请把数据拆成几个文件分别报送。"),
    "too-many-rows": (ERROR, "文件的数据超过上限 {limit} 行，整个文件未处理。请把数据拆成几个文件分别报送。"),
    "encoding-error": (ERROR, "无法识别文件编码（既不是 UTF-8，也不是 GBK/GB18030）。请在 Excel 中选择“另存为 → CSV UTF-8（逗号分隔）”后重新报送。"),
    "mixed-encoding": (ERROR, "文件混用了两种编码：{where}的文字是 UTF-8 编码，文件的其余部分是 GBK 编码，按 GBK 读出来是乱码（如“姝︽眽”），{effect}。多半是从网页或别的文件复制粘贴了文字，或把两个文件拼在了一起。请在 Excel 中核对这些文字（可能显示为乱码，须重新输入），再把整个文件另存为“CSV UTF-8（逗号分隔）”后重新报送。"),
    "utf-16-text": (ERROR, "文件是 UTF-16 编码的文本（Excel 另存为“Unicode 文本”时得到的文件，列之间用制表符分隔），不是本系统能读取的 CSV。请在 Excel 中打开该文件，选择“另存为”，保存类型选“CSV UTF-8（逗号分隔）(*.csv)”或“Excel 工作簿 (*.xlsx)”，再重新报送。"),
    "encrypted-workbook": (ERROR, "文件是设置了打开密码（已加密）的 Excel 工作簿，无法读取。请在 Excel 中用密码打开，点“文件 → 信息 → 保护工作簿 → 用密码进行加密”，删除密码后确定，再另存为“Excel 工作簿 (*.xlsx)”后重新报送。"),
    "legacy-workbook": (ERROR, "文件是旧版 Excel 97-2003 工作簿（.xls）或其他旧版 Office 文件，不是 .xlsx 或 CSV（扩展名可能被改过），无法读取。请在 Excel 中打开（若要求输入密码，请先取消密码保护），选择“另存为”，保存类型选“Excel 工作簿 (*.xlsx)”或“CSV UTF-8（逗号分隔）(*.csv)”，再重新报送。"),
    "xlsx-too-large": (ERROR, "Excel 工作簿解压后过大，未读取：{detail}。请在 Excel 中删除多余的内容（如远处零星的单元格、多余的工作表、图片），或把数据拆成几个文件，另存为“Excel 工作簿 (*.xlsx)”后重新报送。"),
    "wrong-delimiter": (ERROR, "表头只读出一列，其中有“{delimiter}”：文件用了错误的分隔符。请在 Excel 中另存为“CSV UTF-8（逗号分隔）”，不要用分号或制表符分隔。"),
    "extra-sheets": (WARNING, "工作簿有多个工作表，只读取了第一个“{sheet}”，其余（{others}）未读取。若数据在其他工作表，请把它移到第一个。报送模板自带的“填写说明”“可选值”两个工作表不读取，也不引起本提示。"),
    "merged-cells": (ERROR, "工作表中有合并的单元格（{ranges}），整个文件未处理。请取消合并，并在每一行填写完整的值。"),
    "formula-cell": (ERROR, "第 {column_number} 列的单元格是公式，不能作为报送内容。请复制该列后“选择性粘贴 → 数值”，再重新报送。"),
    "format-error": (ERROR, "无法读取文件：{detail}。请用 Excel 打开并另存为 .xlsx 或 CSV UTF-8 后重新报送。"),
    "empty-file": (ERROR, "文件是空的，没有表头也没有数据。请用本站“报送指南”页的报送模板填写后重新报送。"),
    "no-data-rows": (WARNING, "文件只有表头，没有数据行。"),
    "blank-header": (ERROR, "第 {column_number} 列的表头是空的，但该列有内容。请填写列名或删除该列。"),
    "duplicate-label": (ERROR, "列名“{column}”出现了不止一次。请删除重复的列。"),
    "missing-column": (ERROR, "缺少必填列“{column}”，整个文件未被处理。请用本站“报送指南”页的报送模板，列名须与模板完全一致。"),
    "extra-label": (WARNING, "“{column}”不是模板中的列，已忽略。若是笔误，请改为模板中的列名。"),
    "unsafe-path": (ERROR, "文件“{name}”{reason}，出于安全考虑未读取。请把文件本身（不是快捷方式或链接）直接放在部门文件夹中。"),
    "same-file-twice": (ERROR, "文件“{name}”与“{first}”是同一个文件（通过链接或快捷方式），只读取了前者。请删除多余的链接，每个文件只放一份。"),
    "bad-file-name": (ERROR, "文件名不是有效的 UTF-8 文字（显示为“{name}”），未读取。请用中文或英文重新命名后报送。"),
    "nested-folder": (ERROR, "部门文件夹中的子文件夹“{name}”不会被处理。请把文件直接放在部门文件夹中。"),
    "file-name-without-date": (ERROR, "文件名“{name}”不是以有效的报送日期开头，无法确定它与本部门其他文件的先后，整个文件未处理。请把文件重命名为“报送日期-内容”，如“2024-03-31-黑名单.csv”（也可写 2024-3-31），再重新报送。"),
    "file-name-needs-date": (WARNING, "文件名“{name}”没有以报送日期开头。区信用办按文件名开头的日期先后处理本部门的文件，这样“更新”和“移出”行才能找到它们要改的条目；没有日期的文件正式报送时整个不被处理。本次检查把它当作今天报送的文件，各行照常检查。报送前请把文件改名为“{suggested}”（报送日期-内容）。"),
    "file-date-in-future": (ERROR, "文件名“{name}”开头的报送日期 {date} 晚于本次发布日期 {as_of}，整个文件未处理。请核对后把文件名开头改为实际报送的日期（不晚于 {as_of}），再重新报送。"),
    "unknown-department": (ERROR, "“{department}”不是已登记的部门代码，文件未处理。部门代码取自文件所在文件夹的名称（事项清单和使用情况季报取自文件名）。已登记的部门：{known}。请把文件放在以本部门代码命名的文件夹中，或校验时用 --department 指定部门代码；不在其中的部门请先请区信用办登记。"),
    "too-many-problems": (WARNING, "问题超过 {limit} 条，其余未逐条列出。请先改正以上问题后重新校验。"),
    # --- one row ---
    "blank-row": (WARNING, "空行，已跳过。"),
    "repeated-header": (ERROR, "本行与表头相同，多半是把两个文件拼在了一起。请删除这一行。"),
    "duplicate-row": (ERROR, "与第 {first_row} 行完全相同。请删除重复的行。"),
    "cell-too-long": (ERROR, "第 {column_number} 列的单元格有 {length} 个字符，超过上限 {limit} 个字符（Excel 的一个单元格最多 32767 个字符），本行未公示。若该单元格本不该这么长，多半是 CSV 中某个英文双引号 \" 没有配对，把后面几行并进了这一格；请补齐引号或删去多余的内容后重新报送。"),
    "extra-cell": (ERROR, "本行的单元格比表头多（第 {column_number} 列有内容但没有列名）。请检查是否多了逗号或错位。"),
    "missing-value": (ERROR, "“{column}”必须填写{condition}。"),
    "bad-list-type": (ERROR, "“{value}”不是有效的名单类型。请填写“红名单”或“黑名单”。"),
    "bad-subject-type": (ERROR, "“{value}”不是有效的主体类型。请填写“法人及非法人组织”“个体工商户”或“自然人”。"),
    "name-too-long": (ERROR, "主体名称有 {length} 个字，超过 100 字上限。请填写登记的名称，不要附加说明。"),
    "text-too-long": (ERROR, "“{column}”有 {length} 个字，超过上限 {limit} 字，本行未公示。请精简到 {limit} 字以内后重新报送；详细材料请留在本部门存档。"),
    # hidden characters: an error in names, codes, numbers and other short columns; removed with a warning in free text
    "control-character": (ERROR, "“{column}”的第 {position} 个字符是控制字符：{name} {code_point}。名称、代码和文书号只能由看得见的文字组成，控制字符会扰乱显示或让人误认。请删除该字符（看不见时可清空该单元格，重新手工输入，不要复制粘贴）后重新报送。{more}"),
    "bidi-control": (ERROR, "“{column}”的第 {position} 个字符是看不见的{name} {code_point}，会改变其后文字的显示方向（如倒序显示），使名称看起来像另一个名称。请删除该字符（可清空该单元格，重新手工输入，不要复制粘贴）后重新报送。{more}"),
    "invisible-character": (ERROR, "“{column}”的第 {position} 个字符是看不见的{name} {code_point}，会让名称或代码看起来与别的名称或代码相同。请删除该字符（可清空该单元格，重新手工输入，不要复制粘贴）后重新报送。{more}"),
    "control-character-removed": (WARNING, "“{column}”的第 {position} 个字符是控制字符：{name} {code_point}，已删除后公示。{more}多半是从其他系统复制时带入的，下次请删除后再报送。"),
    "bidi-control-removed": (WARNING, "“{column}”的第 {position} 个字符是看不见的{name} {code_point}，会改变文字的显示方向，已删除后公示。{more}下次请删除后再报送。"),
    "invisible-character-removed": (WARNING, "“{column}”的第 {position} 个字符是看不见的{name} {code_point}，已删除后公示。{more}下次请删除后再报送。"),
    "line-break-replaced": (WARNING, "“{column}”的第 {position} 个字符是换行符（单元格内按了 Alt+Enter），已换成一个空格后公示。{more}需要分开的内容请用句号或分号隔开。"),
    "identifier-as-number": (ERROR, "“{column}”被 Excel 存成了数字（{value}），后几位已经丢失。请把该列单元格格式设为“文本”后重新输入完整号码，或在号码前加英文单引号 '。"),
    "bad-uscc-format": (ERROR, "统一社会信用代码“{value}”格式不对：应为 18 位，由数字和除 I、O、Z、S、V 以外的大写字母组成。请核对营业执照。"),
    "bad-uscc-checksum": (ERROR, "统一社会信用代码“{value}”的校验位（第 18 位）与前 17 位对不上，说明代码中至少有一位抄错了，不一定是最后一位。请拿营业执照逐位核对整个代码后重新填写；不要只改最后一位，那样可能把抄错的代码变成另一家单位的代码。"),
    "uscc-is-id-number": (ERROR, "“统一社会信用代码”填的是一个居民身份证号码，不能作为信用代码公示。个体工商户请填写营业执照上的统一社会信用代码；自然人请把“主体类型”填为“自然人”，号码填在“身份证件号码”列（只公示前 6 位和末位）。若营业执照上的代码确实如此，请与区信用办联系。"),
    "bad-id-format": (ERROR, "身份证件号码格式不对：应为 17 位数字加 1 位数字或 X。请核对证件。"),
    "bad-id-birthdate": (ERROR, "身份证件号码第 7–14 位不是有效的出生日期。请核对证件。"),
    "bad-id-checksum": (ERROR, "身份证件号码的校验位（第 18 位）与前 17 位对不上，说明号码中至少有一位抄错了，不一定是最后一位。请拿身份证逐位核对整个号码后重新填写；不要只改最后一位，那样可能把抄错的号码变成另一个人的号码。"),
    "uscc-ignored": (WARNING, "主体类型是“自然人”，已忽略“统一社会信用代码”，不会公示。自然人请只填身份证件号码。"),
    "id-number-in-text": (ERROR, "“{column}”里写有完整的身份证件号码，会被公开。身份证件号码只能填在“身份证件号码”列（只公示前 6 位和末位），请从此处删除。"),
    "id-number-part-in-text": (ERROR, "“{column}”里写有某位自然人身份证件号码的前 14 位（地区码和出生日期），会被公开。请从此处删除；身份证件号码只能填在“身份证件号码”列。"),
    "id-number-ignored": (WARNING, "主体类型不是“自然人”，已忽略“身份证件号码”，不会公示。组织请只填统一社会信用代码。"),
    "unknown-category": (ERROR, "“{value}”不是{list_type}的类别。{hint}可选：{options}。"),
    "unknown-domain": (ERROR, "“{value}”不是重点领域。{hint}可选：{options}；不属于重点领域请留空。"),
    "bad-date": (ERROR, "“{column}”的“{value}”不是有效日期。请写成 2024-03-05、2024/3/5 或 2024年3月5日。"),
    "date-out-of-range": (ERROR, "“{column}”的日期 {value} 不在 {first} 年至 {last} 年之间，多半是年份输错了。请核对后改正。"),
    "date-in-future": (ERROR, "认定日期 {value} 晚于本次发布日期 {as_of}。尚未作出的认定不能公示，请核对日期。"),
    "end-before-start": (ERROR, "公示截止日期 {end} 不晚于认定日期 {start}。请核对两个日期。"),
    "long-publication-period": (WARNING, "公示期超过 3 年（{start} 至 {end}）。严重失信名单公示期一般为 1 至 3 年，请核对。"),
    "bad-operation": (ERROR, "“{value}”不是有效的操作。请填写“新增”“更新”或“移出”，留空视为新增。"),
    "bad-withdrawal-reason": (ERROR, "“{value}”不是有效的移出原因。请填写“信用修复”“撤销”或“其他”。"),
    "withdrawal-reason-not-needed": (WARNING, "操作不是“移出”，已忽略“移出原因”。"),
    "duplicate-key": (ERROR, "该条目已经存在（同一部门、决定文书号和代码，首次见于 {first_seen}），本行的{columns}与它不同。要把它改成本行的内容，请把“操作”填为“更新”；若本行是另一个条目，请核对决定文书号和代码。"),
    "already-published": (WARNING, "该条目已公示，无需重复报送：本行的各项公示内容与已有的条目（首次见于 {first_seen}）完全相同，未作任何改动。"),
    "unknown-key": (ERROR, "找不到要{operation}的条目（本部门没有决定文书号“{decision}”和该代码的在列条目）。请核对决定文书号和代码，或把“操作”改为“新增”。"),
    # --- matter lists (data/matters/) and quarterly usage reports (data/usage/) ---
    "duplicate-department-file": (ERROR, "部门 {department} 在{where}已有文件 {first}，本文件未处理。每个部门只交一个文件（CSV 或 xlsx 二选一），请删除多余的文件。"),
    "bad-quarter-folder": (ERROR, "文件夹名“{folder}”不是季度，整个文件未处理。季报须放在以季度命名的文件夹中（年份、字母 Q 和季度，如 2026Q1）。"),
    "quarter-not-over": (ERROR, "{quarter} 到 {end} 才结束，整个文件未处理。请在季度结束后报送该季度的使用情况。"),
    "duplicate-matter": (ERROR, "事项“{value}”在第 {first_row} 行已经出现。同一事项只填一行，请合并或删除重复的行。"),
    "bad-matter-type": (ERROR, "“{value}”不是有效的事项类型。请填写以下之一：{options}（对应《实施意见》第二部分（三）1–7）。"),
    "bad-usage-method": (ERROR, "“{value}”不是有效的使用方式。请填写 {options} 中的一项或几项，多项之间用“、”或“；”分隔。"),
    "bad-count": (ERROR, "“{column}”的“{value}”不是非负整数。请填写 0、1、2 这样的整数，不要带单位、小数点或负号；没有请填 0。"),
    "no-matter-list": (WARNING, "本部门还没有可用的事项清单，无法核对事项名称。请先报送事项清单（文件名为部门代码，如 {department}.xlsx 或 {department}.csv）。"),
    "unknown-matter": (WARNING, "“{value}”不在本部门已报送的事项清单中。请与清单中的事项名称一字不差，或先在事项清单中补充该事项。"),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file or a row, located as the department sees it in Excel.

    ``row`` counts the header as row 1 (None: the file as a whole); ``column``
    is the column's label and ``column_number`` its position from 1, where the
    problem has them.
    """

    code: str
    message: str
    row: int | None = None
    column: str | None = None
    column_number: int | None = None

    @property
    def severity(self) -> str:
        return CODES[self.code][0]

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def problem(code: str, row: int | None = None, column: str | None = None, column_number: int | None = None,
            **params: object) -> Problem:
    """Build a problem, filling the code's message template from ``params``."""
    _, template = CODES[code]
    fields = {"column": column, "column_number": column_number, **params}
    return Problem(code=code, message=template.format(**fields), row=row, column=column, column_number=column_number)
