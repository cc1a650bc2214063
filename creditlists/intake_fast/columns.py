"""A table as columns of distinct values: each cell's checks run once per distinct value, not once per row.

A column of a million rows holds a few thousand distinct dates, list types or
categories, and mostly distinct names and codes. ``pandas.factorize`` gives
each row the index of its value among the distinct ones (``Column.codes``,
in C); a check of one value (cleaning it, parsing a date, looking for
hidden characters) runs once per distinct value in Python with the very
functions of ``intake``, and its answers reach every row by one numpy
``take``. That is how the answers stay those of the row checks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from creditlists.intake.normalize import HIDDEN, clean_text, nfkc
from creditlists.intake.reading import Cell

Flags = npt.NDArray[np.bool_]
Objects = npt.NDArray[np.object_]


@dataclass
class Column:
    """One column: the row -> distinct value index, and the distinct cells."""

    codes: npt.NDArray[np.intp]
    cells: list[Cell]

    @classmethod
    def of(cls, values: Sequence[Cell]) -> Column:
        """The column of these cells; an empty cell (None) counts as "", as the row checks read it."""
        if None in values:
            values = ["" if value is None else value for value in values]
        codes, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=False)
        return cls(codes.astype(np.intp, copy=False), list(uniques))

    @classmethod
    def blank(cls, rows: int) -> Column:
        """A column the file does not have: every cell empty, as the row checks read a missing cell."""
        return cls(np.zeros(rows, dtype=np.intp), [""])

    @cached_property
    def texts(self) -> list[str]:
        """Each distinct cell as a str; a number or a date (see ``odd``) as ""."""
        return [cell if isinstance(cell, str) else "" for cell in self.cells]

    @cached_property
    def hidden(self) -> Flags:
        """Per distinct text: it holds a character ``text.cell_problems`` looks at (a free text's tab gives nothing, but counts here)."""
        return self.found(HIDDEN)

    @cached_property
    def cleaned(self) -> list[str]:
        """Each distinct text as ``clean_text`` makes it (without a hidden character, that is ``nfkc`` and trimming)."""
        return [clean_text(text) if hidden else nfkc(text).strip() for text, hidden in zip(self.texts, self.hidden.tolist(), strict=True)]

    def found(self, pattern: re.Pattern[str]) -> Flags:
        """Per distinct text: ``pattern`` matches somewhere in it.

        One search over all the texts joined by a character that no pattern
        used here matches or lets a match run across (U+FFFF: not a digit,
        not a separator of digits, not hidden), instead of one search per text.
        """
        texts = self.texts
        ends = np.cumsum(np.fromiter((len(text) + 1 for text in texts), dtype=np.int64, count=len(texts)))
        hits = np.zeros(len(texts), dtype=np.bool_)
        positions = [match.start() for match in pattern.finditer(JOINER.join(texts))]
        if positions:
            hits[np.searchsorted(ends, np.asarray(positions, dtype=np.int64), side="right")] = True
        return hits

    def odd(self) -> Flags:
        """Rows whose cell is not text (an xlsx number or date): left to the row checks."""
        return self.rows([not isinstance(cell, str) for cell in self.cells], np.bool_)

    def rows(self, per_value: Sequence[Any] | npt.NDArray[Any], dtype: Any) -> npt.NDArray[Any]:
        """One answer per row from one per distinct value."""
        return np.asarray(per_value, dtype=dtype)[self.codes]


JOINER = "\uffff"


def table_columns(rows: list[tuple[int, list[Cell]]], width: int) -> list[Column]:
    """The first ``width`` cells of every row as columns; a short row's missing cells are empty."""
    padded = [cells if len(cells) == width else [*cells[:width], *([""] * (width - len(cells)))] for _, cells in rows]
    if not padded or width == 0:
        return [Column.blank(len(rows)) for _ in range(width)]
    return [Column.of(values) for values in zip(*padded, strict=True)]


def too_long(column: Column, limit: int) -> Flags:
    """Per row: ``text-too-long`` as ``text.cell_problems`` finds it, the cleaned text longer than ``limit``."""
    return column.rows([len(text) > 0 and len(cleaned) > limit for text, cleaned in zip(column.texts, column.cleaned, strict=True)], np.bool_)
