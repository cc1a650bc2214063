"""What every text cell obeys, in every kind of file: nothing hidden, nothing endless.

A name, a code or a decision number identifies a subject. A character nobody
sees can make one look like another: a right-to-left override shows the name
reversed, a zero-width space makes a second entry that looks like the first, an
ESC recolours a terminal. In such columns it is an error and the row is not
published. In free text (列入事由, 认定依据, 备注 …) the character is removed, a line
break (Excel's Alt+Enter) becomes one space, a tab stays, and the clerk is warned.

The cell is examined as typed, before ``clean_text`` removes anything; only
white space at either end, which trimming removes anyway, goes unreported.
Every published column has a length limit (``settings.MAX_TEXT_CHARS``), so an
endless cell never reaches merging, the pages or the search index.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from creditlists import settings
from creditlists.intake.normalize import HIDDEN, LINE_BREAKS, TAB, clean_text
from creditlists.intake.problems import Problem, problem

CONTROL = "control"
BIDI = "bidi"
INVISIBLE = "invisible"
LINE_BREAK = "line-break"  # only in free text; in a name it is a control character

# The bidirectional controls: embeddings, overrides, isolates and marks.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
# Problem codes, by column kind and character kind.
ERRORS = {CONTROL: "control-character", BIDI: "bidi-control", INVISIBLE: "invisible-character"}
WARNINGS = {CONTROL: "control-character-removed", BIDI: "bidi-control-removed", INVISIBLE: "invisible-character-removed",
            LINE_BREAK: "line-break-replaced"}

# What a clerk calls each character; the others are named by their category.
CHARACTER_NAMES = {
    "\x00": "空字符", "\x07": "响铃符", "\x08": "退格符", TAB: "制表符（Tab）", "\n": "换行符", "\r\n": "换行符",
    "\x0b": "垂直制表符", "\x0c": "换页符", "\r": "回车符", "\x1b": "ESC 控制符", "\x7f": "删除符（DEL）",
    "\x85": "下一行符（NEL）", "\x9b": "CSI 控制符", "\u2028": "行分隔符", "\u2029": "段分隔符",
    "\u202a": "从左到右嵌入符", "\u202b": "从右到左嵌入符", "\u202c": "方向格式结束符",
    "\u202d": "从左到右强制符", "\u202e": "从右到左强制符", "\u2066": "从左到右隔离符", "\u2067": "从右到左隔离符",
    "\u2068": "首字方向隔离符", "\u2069": "方向隔离结束符", "\u200e": "从左到右标记", "\u200f": "从右到左标记",
    "\u061c": "阿拉伯文字母标记", "\u200b": "零宽空格", "\u200c": "零宽不连字", "\u200d": "零宽连字",
    "\u2060": "零宽词连接符", "\ufeff": "零宽不换行空格（BOM）", "\u00ad": "软连字符", "\u034f": "组合字素连接符",
    "\u180e": "蒙古文元音分隔符", "\u115f": "韩文填充符", "\u1160": "韩文填充符", "\u3164": "韩文填充符", "\uffa0": "韩文填充符",
}


@dataclass(frozen=True)
class Hidden:
    """The first hidden character of one kind in a cell, and how many of that kind it holds."""

    kind: str  # CONTROL, BIDI, INVISIBLE or LINE_BREAK
    position: int  # counted from 1 in the cell as typed
    characters: str  # one character, or CR LF
    count: int

    @property
    def code_point(self) -> str:
        return " ".join(f"U+{ord(c):04X}" for c in self.characters)

    @property
    def name(self) -> str:
        return character_name(self.characters)


def character_name(characters: str) -> str:
    """The Chinese name of a hidden character (or of CR LF)."""
    if characters in CHARACTER_NAMES:
        return CHARACTER_NAMES[characters]
    if unicodedata.category(characters[0]) == "Cc":
        return "C0 控制字符" if ord(characters[0]) < 0x80 else "C1 控制字符"
    return "格式控制字符" if unicodedata.category(characters[0]) == "Cf" else "不可见字符"


def kind_of(characters: str, free_text: bool) -> str | None:
    """What a HIDDEN match is in a column of this kind; None for what free text may hold (a tab)."""
    if characters in LINE_BREAKS:
        return LINE_BREAK if free_text else CONTROL
    if characters == TAB:
        return None if free_text else CONTROL
    if characters in BIDI_CONTROLS:
        return BIDI
    return CONTROL if unicodedata.category(characters) == "Cc" else INVISIBLE


def find_hidden(text: str, free_text: bool) -> list[Hidden]:
    """The first hidden character of each kind in ``text`` as typed, with the count of its kind."""
    if not HIDDEN.search(text):
        return []
    start, end = len(text) - len(text.lstrip()), len(text.rstrip())
    first: dict[str, tuple[int, str]] = {}
    counts: dict[str, int] = {}
    for match in HIDDEN.finditer(text, start, end):
        kind = kind_of(match.group(), free_text)
        if kind is not None:
            first.setdefault(kind, (match.start() + 1, match.group()))
            counts[kind] = counts.get(kind, 0) + 1
    return [Hidden(kind, position, characters, counts[kind]) for kind, (position, characters) in first.items()]


def _more(hidden: Hidden, free_text: bool) -> str:
    if hidden.count == 1:
        return ""
    if not free_text:
        return f"本格共有 {hidden.count} 个此类字符，请全部删除。"
    return f"本格共有 {hidden.count} 处，均已{'换成空格' if hidden.kind == LINE_BREAK else '删除'}。"


def hidden_problem(number: int, column: str, hidden: Hidden, free_text: bool) -> Problem:
    """The error (names, codes) or warning (free text) for one kind of hidden character in a cell."""
    code = (WARNINGS if free_text else ERRORS)[hidden.kind]
    return problem(code, row=number, column=column, position=hidden.position, name=hidden.name,
                   code_point=hidden.code_point, more=_more(hidden, free_text))


def limit_of(column: str) -> int:
    """The most characters a cell of ``column`` may hold (settings.MAX_TEXT_CHARS)."""
    return settings.MAX_TEXT_CHARS.get(column, settings.MAX_TEXT_CHARS_DEFAULT)


def cell_problems(number: int, column: str, text: str, free_text: bool, check_length: bool = True) -> list[Problem]:
    """Hidden characters in one cell as typed, and ``text-too-long`` for its cleaned text."""
    found = [hidden_problem(number, column, hidden, free_text) for hidden in find_hidden(text, free_text)]
    if check_length and len(text) > 0:
        length, limit = len(clean_text(text)), limit_of(column)
        if length > limit:
            found.append(problem("text-too-long", row=number, column=column, length=length, limit=limit))
    return found
