"""Static SVG charts of the usage reports, drawn with matplotlib at build time.

No script runs in the browser: a page shows the SVG with ``<img>`` and the same
numbers in a table. Text stays text in the SVG (``svg.fonttype = none``), so
Chinese labels need no font at build time and every plotted number can be read
(and tested) in the file. A fixed hash salt and no date make the output
byte-identical for the same numbers.

Layout is computed from character counts, not measured text, because the build
only knows matplotlib's own DejaVu Sans, which has no Chinese glyphs: a Chinese
character is taken as one font size wide, as browsers draw it.
"""

from __future__ import annotations

import io
import math
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from creditlists import settings

if TYPE_CHECKING:  # matplotlib is imported only when a chart is drawn
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.container import BarContainer
    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType

# Okabe–Ito colours: told apart with every common colour-vision deficiency.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7")
MARKERS = ("o", "s", "^", "D")
FONT_SIZE = 10.0  # points; the SVG is 72 units per inch
LABEL_SIZE = 8.0
RC: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": settings.CHART_HASH_SALT,
    "font.family": ["sans-serif"],
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": FONT_SIZE,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


@dataclass(frozen=True)
class Series:
    """One named row of numbers; None is a gap (no report)."""

    name: str
    values: tuple[int | None, ...]


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Approximate width in points: a wide (Chinese) character is one em, others 0.6 em."""
    wide = len(_WIDE.findall(text))
    return (wide + 0.6 * (len(text) - wide)) * size


def _figure(width_in: float, height_in: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width_in, height_in))


def _svg(figure: Figure, title: str) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # DejaVu Sans has no Chinese glyphs; the SVG keeps the text and the browser picks a font.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Title": title, "Creator": None})
    return separate_numbers(buffer.getvalue())


_ATTRIBUTE = re.compile(rb'="[^"]*"')
_NUMBER_GAP = re.compile(rb"(?<=[0-9.]) +(?=[-0-9.])")


def separate_numbers(svg: bytes) -> bytes:
    """The SVG with the spaces between the numbers of an attribute made commas, which SVG reads alike.

    matplotlib writes coordinates such as ``rotate(-0 450.641975 1012.517656)``;
    with the space and the point counted as separators (they are, in how people
    write ID numbers), that is a run of 20 digits, and one of its windows of 18
    passed the ID check, so the leak check stopped a 10,000-entry build on its
    own chart. A comma ends a run, and each number alone has far fewer than 14
    digits. Text between the tags (labels, numbers shown) is left as it is.
    """
    return _ATTRIBUTE.sub(lambda m: _NUMBER_GAP.sub(b",", m.group()), svg)


def _legend(figure: Figure, handles: Sequence[Artist | BarContainer], names: list[str], top_in: float, height_in: float) -> None:
    """One row of legend entries above the plot."""
    # The stub takes only Artists; matplotlib also takes a bar container (a tuple of bars) as one handle.
    figure.legend(handles, names, loc="upper center", ncol=len(names), frameon=False,  # type: ignore[call-overload]
                  bbox_to_anchor=(0.5, 1 - 0.08 / height_in), fontsize=FONT_SIZE)


def grouped_bars(title: str, categories: list[str], series: list[Series], empty_label: str = "未报送",
                 labels: list[list[str]] | None = None) -> bytes:
    """Horizontal bars, one group per category (department), one bar per series, each labelled with its value
    (or with ``labels[series][category]``, e.g. a count and its share).

    A category whose values are all None gets ``empty_label`` instead of bars.
    """
    import matplotlib

    with matplotlib.rc_context(RC):
        group = 0.22 * len(series) + 0.25  # inches per category
        height = group * len(categories) + 1.2
        left = max((text_width(c) for c in categories), default=0) + 12  # points
        width = 9.0
        figure = _figure(width, height)
        figure.subplots_adjust(left=left / 72 / width, right=1 - 0.6 / width, top=1 - 0.75 / height, bottom=0.45 / height)
        axes = figure.add_subplot()
        bar = 0.8 / len(series)
        positions = range(len(categories))
        handles = []
        peak = max((v for s in series for v in s.values if v is not None), default=0)
        for index, item in enumerate(series):
            offsets = [p - 0.4 + bar * (index + 0.5) for p in positions]
            values = [v or 0 for v in item.values]
            bars = axes.barh(offsets, values, height=bar * 0.92, color=COLOURS[index % len(COLOURS)], label=item.name)
            shown = labels[index] if labels else ["" if v is None else str(v) for v in item.values]
            axes.bar_label(bars, labels=shown, padding=2, fontsize=LABEL_SIZE)
            handles.append(bars)
        for position in positions:
            if all(s.values[position] is None for s in series):
                axes.text(0, position, " " + empty_label, va="center", ha="left", fontsize=LABEL_SIZE, color="#555555")
        axes.set_yticks(list(positions), categories)
        axes.invert_yaxis()
        axes.set_xlim(0, _nice_top(peak) * 1.08)
        axes.xaxis.grid(True, color="#dddddd")
        axes.set_axisbelow(True)
        axes.tick_params(axis="y", length=0)
        _legend(figure, handles, [s.name for s in series], 0.75, height)
        return _svg(figure, title)


def lines(title: str, points: list[str], series: list[Series]) -> bytes:
    """One line per series over ``points`` (quarters), every point labelled with its value; None is a gap."""
    import matplotlib

    with matplotlib.rc_context(RC):
        width, height = 9.0, 4.8
        figure = _figure(width, height)
        figure.subplots_adjust(left=0.75 / width, right=1 - 0.3 / width, top=1 - 0.75 / height, bottom=0.55 / height)
        axes = figure.add_subplot()
        x = list(range(len(points)))
        peak = max((v for s in series for v in s.values if v is not None), default=0)
        handles = []
        for index, item in enumerate(series):
            y = [math.nan if v is None else v for v in item.values]
            (line,) = axes.plot(x, y, color=COLOURS[index % len(COLOURS)], marker=MARKERS[index % len(MARKERS)], linewidth=2, label=item.name)
            handles.append(line)
            for xi, value in zip(x, item.values):
                if value is not None:
                    axes.annotate(str(value), (xi, value), textcoords="offset points", xytext=(0, 6), ha="center",
                                  fontsize=LABEL_SIZE, color=COLOURS[index % len(COLOURS)])
        axes.set_xticks(x, points)
        axes.set_xlim(-0.4, len(points) - 0.6)
        axes.set_ylim(0, _nice_top(peak) * 1.15)
        axes.yaxis.grid(True, color="#dddddd")
        axes.set_axisbelow(True)
        _legend(figure, handles, [s.name for s in series], 0.75, height)
        return _svg(figure, title)


def month_ticks(months: list[str], most: int = 8) -> list[int]:
    """The positions of the months whose names the axis shows: every ``step``-th calendar month, at most ``most`` of them."""
    step = next((n for n in (1, 2, 3, 6, 12) if math.ceil(len(months) / n) <= most), 12 * math.ceil(len(months) / (12 * most)))
    return [i for i, month in enumerate(months) if (int(month[:4]) * 12 + int(month[5:7]) - 1) % step == 0]


def changes_of(values: Sequence[int]) -> list[int]:
    """The positions where a series changes: the first, each that differs from the one before, and the last."""
    return [i for i, v in enumerate(values) if i in (0, len(values) - 1) or v != values[i - 1]]


def labelled_points(values: Sequence[int], gap: int) -> list[int]:
    """The positions a month chart labels: the changes (``changes_of``), kept from the last one back
    when at least ``gap`` months from the one kept after them, so that labels do not run into each other."""
    kept: list[int] = []
    for position in reversed(changes_of(values)):
        if not kept or kept[-1] - position >= gap:
            kept.append(position)
    return kept[::-1]


def label_gap(values: Sequence[int], months: int, axes_width_in: float) -> int:
    """Months between two labels of ``values`` on an axis ``axes_width_in`` wide: the widest label and a little room."""
    widest = max((text_width(str(v), LABEL_SIZE) for v in values), default=0.0) + 4
    return max(1, math.ceil(widest / (axes_width_in * 72 / max(months, 1))))


MONTH_LINES = (9.0, 4.4, 0.6, 0.3)  # width, height, left and right margins of ``month_lines``, in inches


def month_label_points(values: Sequence[int]) -> list[int]:
    """The positions ``month_lines`` labels on a series of ``values``, one a month."""
    width, _, left, right = MONTH_LINES
    return labelled_points(values, label_gap(values, len(values), width - left - right))


def month_lines(title: str, months: list[str], series: list[Series]) -> bytes:
    """One line per series over many months (YYYY-MM), labelled where it changes (``labelled_points``).

    At each label the highest series is labelled above its line and the others
    below, so that the labels of two lines do not meet; the table beside the
    chart gives every month.
    """
    import matplotlib

    with matplotlib.rc_context(RC):
        width, height, left, right = MONTH_LINES
        figure = _figure(width, height)
        figure.subplots_adjust(left=left / width, right=1 - right / width, top=1 - 0.75 / height, bottom=0.55 / height)
        axes = figure.add_subplot()
        numbers = [[v or 0 for v in item.values] for item in series]
        handles = []
        for index, (item, values) in enumerate(zip(series, numbers)):
            colour = COLOURS[index % len(COLOURS)]
            shown = month_label_points(values)
            (line,) = axes.plot(range(len(months)), values, color=colour, marker=MARKERS[index % len(MARKERS)], markevery=shown,
                                markersize=4, linewidth=2, label=item.name)
            handles.append(line)
            for xi in shown:
                above = all(values[xi] > other[xi] or (values[xi] == other[xi] and index < j) for j, other in enumerate(numbers) if j != index)
                axes.annotate(str(values[xi]), (xi, values[xi]), textcoords="offset points", xytext=(0, 5 if above else -6),
                              ha="center", va="bottom" if above else "top", fontsize=LABEL_SIZE, color=colour)
        _month_axis(axes, months)
        top = _nice_top(max((max(v, default=0) for v in numbers), default=0))
        axes.set_ylim(-0.08 * top, top * 1.12)  # room below zero for the labels under a line near it
        axes.yaxis.grid(True, color="#dddddd")
        axes.set_axisbelow(True)
        _legend(figure, handles, [s.name for s in series], 0.75, height)
        return _svg(figure, title)


def month_panels(title: str, months: list[str], series: list[Series]) -> bytes:
    """One panel of bars per series, one bar per month, sharing the month axis; each bar above zero carries its value.

    Each panel has its own scale, so that a month with one 到期 shows beside one with a hundred 新增.
    """
    import matplotlib

    with matplotlib.rc_context(RC):
        panel = 1.15  # inches
        width, height = 9.0, panel * len(series) + 0.8
        figure = _figure(width, height)
        figure.subplots_adjust(left=1.1 / width, right=1 - 0.3 / width, top=1 - 0.25 / height, bottom=0.55 / height, hspace=0.35)
        x = list(range(len(months)))
        panels = figure.subplots(len(series), 1, sharex=True, squeeze=False)[:, 0]
        for index, (axes, item) in enumerate(zip(panels, series)):
            values = [v or 0 for v in item.values]
            bars = axes.bar(x, values, width=0.7, color=COLOURS[index % len(COLOURS)])
            axes.bar_label(bars, labels=[str(v) if v else "" for v in values], padding=1, fontsize=LABEL_SIZE)
            axes.set_ylim(0, _nice_top(max(values, default=0)) * 1.3)
            axes.set_yticks([])
            axes.spines["left"].set_visible(False)
            axes.set_ylabel(item.name, rotation=0, ha="right", va="center", fontsize=FONT_SIZE)
        _month_axis(panels[-1], months)
        return _svg(figure, title)


def _month_axis(axes: Axes, months: list[str]) -> None:
    """Months on the x axis: a tick for every month, names on ``month_ticks``."""
    shown = month_ticks(months)
    axes.set_xticks(range(len(months)), minor=True)
    axes.set_xticks(shown, [months[i] for i in shown])
    axes.set_xlim(-0.6, len(months) - 0.4)


def _nice_top(peak: int) -> float:
    """A round upper bound for the value axis (at least 1, so an all-zero chart still draws)."""
    if peak <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(peak))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if peak <= step * magnitude:
            return float(step * magnitude)
    return float(peak)
