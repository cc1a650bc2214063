"""What a department does next about one file of its report, in plain Chinese.

The report lists every problem with the fix of its cell; these sentences say
what to hand in again, and how: only the rejected rows in a new file, with
their 操作 as it was (a 新增 stays 新增); 更新 instead of 新增 for a changed
entry (``duplicate-key``); the decision number and code checked for an entry
not found (``unknown-key``); the whole file again when the file as a whole was
not processed; nothing for a row that repeats a published entry
(``already-published``). Matter lists and usage reports are replaced whole.
"""

from __future__ import annotations

from collections.abc import Iterable

from creditlists.intake.report import FileReport

SUBMISSION, MATTERS, USAGE = "submission", "matters", "usage"  # the kinds of file in a department report
ROWS_NAMED = 10  # rows named in a sentence; beyond, "等共 N 行"

# A file that was not processed at all, by the problem that stopped it (else WHOLE_FILE of its kind).
FILE_STEPS = {
    "file-name-without-date": "整个文件未处理：文件名没有以报送日期开头。请把文件改名为“报送日期-内容”（如 2026-11-30-黑名单.csv）后，把整个文件重新报送。",
    "file-date-in-future": "整个文件未处理：文件名开头的报送日期晚于区信用办处理文件的日期。请把文件名开头改为实际报送的日期后，把整个文件重新报送。",
}
WHOLE_FILE = {
    SUBMISSION: "整个文件未处理，其中的行一行也没有公示：请按下表“整个文件”一行的说明改正后，把整个文件重新报送"
                "（文件名以新的报送日期开头，“操作”照原样填写）。",
    MATTERS: "整份事项清单未处理：请按下表“整个文件”一行的说明改正后，重新报送整份事项清单。",
    USAGE: "本季度的季报整个未处理：请按下表“整个文件”一行的说明改正后，重新报送本季度的整份季报。",
}
# Rows rejected by a merge problem: what to change before sending them again.
MERGE_STEPS = {
    "duplicate-key": "{rows}：该条目已经公示，但这些行的内容与它不同（不同的列见下表）。要改成这些行的内容，请把“操作”改用“更新”，"
                     "另存为一个新文件报送这些行；若是另一个条目，请核对决定文书号和代码。",
    "unknown-key": "{rows}：找不到要更新或移出的条目。请核对决定文书号和统一社会信用代码（自然人为身份证件号码）与当初报送的一字不差，"
                   "改正后另存为一个新文件报送这些行；若该条目从未公示过，请把“操作”改为“新增”。",
}
ROWS_FIXED = {
    SUBMISSION: "{rows}被拒绝，没有公示：请只把以下被拒绝的行按下表的说明改正后，另存为一个新文件报送（文件名以报送日期开头），"
                "“操作”照原样填写（原来是“新增”的仍填“新增”）。其余的行已经处理，不必再报送。",
    MATTERS: "{rows}未采用：请按下表的说明改正后，重新报送整份事项清单（事项清单每次整份替换）。",
    USAGE: "{rows}未计入：请按下表的说明改正后，重新报送本季度的整份季报（季报每次整份替换）。",
}
REPEATED = "{rows}与已公示的条目完全相同，无需处理；以后只需报送新增或有改动的条目。"
WARNINGS_ONLY = "另有 {count} 条提示，不影响公示，下次报送时请留意。"
ALL_DONE = {SUBMISSION: "全部 {count} 行已处理，无需再做什么。", MATTERS: "事项清单已采用，无需再做什么。", USAGE: "本季度的季报已收到，无需再做什么。"}
EMPTY = "文件没有数据行，无需处理；若本应有数据，请填写后重新报送。"
MERGE_CODES = tuple(MERGE_STEPS)
REPEAT_CODE = "already-published"


def rows_text(rows: Iterable[int]) -> str:
    """第 3、5、9 行; more than ROWS_NAMED rows: the first ones and 等共 N 行."""
    numbers = sorted(set(rows))
    named = "、".join(str(n) for n in numbers[:ROWS_NAMED])
    return f"第 {named} 行" if len(numbers) <= ROWS_NAMED else f"第 {named} 行等共 {len(numbers)} 行"


def next_steps(report: FileReport, kind: str = SUBMISSION) -> list[str]:
    """The sentences that tell the department what to do about ``report``, most urgent first."""
    if report.file_rejected:
        file_codes = [p.code for p in report.errors if p.row is None]
        return [next((FILE_STEPS[c] for c in file_codes if c in FILE_STEPS), WHOLE_FILE[kind])]
    steps = _row_steps(report, kind)
    repeats = [p.row for p in report.warnings if p.code == REPEAT_CODE and p.row is not None]
    if repeats:
        steps.append(REPEATED.format(rows=rows_text(repeats)))
    others = len(report.warnings) - len(repeats)
    if not steps and report.rows_read == 0:
        return [EMPTY]
    if not steps:
        steps.append(ALL_DONE[kind].format(count=report.rows_read))
    if others:
        steps.append(WARNINGS_ONLY.format(count=others))
    return steps


def _row_steps(report: FileReport, kind: str) -> list[str]:
    """The steps for rejected rows: merge problems by code, every other rejected row together."""
    by_code: dict[str, set[int]] = {}
    for found in report.errors:
        if found.row is not None:
            by_code.setdefault(found.code if kind == SUBMISSION and found.code in MERGE_CODES else "", set()).add(found.row)
    fixed = by_code.pop("", set())
    merged = set().union(*by_code.values()) if by_code else set()
    steps = [ROWS_FIXED[kind].format(rows=rows_text(fixed))] if fixed else []
    steps += [MERGE_STEPS[code].format(rows=rows_text(rows - fixed)) for code, rows in sorted(by_code.items()) if rows - fixed]
    unlisted = report.rejected - len(fixed | merged)
    if unlisted > 0:  # beyond the problems listed (settings.MAX_PROBLEMS_PER_FILE)
        steps.append(f"另有 {unlisted} 行被拒绝但未逐行列出：请先改正以上的行，重新报送后再看新的报告。")
    return steps
