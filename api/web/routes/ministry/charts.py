"""Server-rendered charts: the geometry of bars and lines in SVG user units, drawn by the
templates, which also give each chart a table for screen readers and a title."""

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

WIDTH = 420  # narrow, so that a phone shows the text at a readable size
# The trend is narrower still: at 360 px its ticks (14 units, ministry.css) read at 12 px or
# more; two or three month labels fit under the axis without touching (the table gives all).
LINE_WIDTH = 340
LABEL_WIDTH = 84  # a month's label at 14 units ("thg 12 2026"), with room to spare
LABEL_GAP = 8
BAR = 12
BAR_GAP = 3
LINE = 16
LABEL_CHARACTERS = 50  # a group's name wraps to lines of about this many characters
GROUP_GAP = 14
VALUE_ROOM = 44  # right of the longest bar, for its value


@dataclass(frozen=True, slots=True)
class Bar:
    series: str
    value: int
    y: float
    width: float


@dataclass(frozen=True, slots=True)
class BarGroup:
    lines: list[tuple[str, float]]  # the label, wrapped: (text, baseline)
    bars: list[Bar]


@dataclass(frozen=True, slots=True)
class BarChart:
    width: int
    height: int
    groups: list[BarGroup]


def bar_chart(rows: Sequence[tuple[str, Sequence[tuple[str, int]]]]) -> BarChart:
    """Horizontal bars, one cluster per row (its label above), all on one scale."""
    largest = max((value for _, bars in rows for _, value in bars), default=0) or 1
    room = WIDTH - VALUE_ROOM
    groups, y = [], 0.0
    for label, values in rows:
        wrapped = textwrap.wrap(label, LABEL_CHARACTERS) or [""]
        lines = [(text, y + LINE * (k + 1) - 4) for k, text in enumerate(wrapped)]
        top = y + LINE * len(wrapped) + 2
        bars = [
            Bar(series, value, top + i * (BAR + BAR_GAP), max(1.0, room * value / largest))
            for i, (series, value) in enumerate(values)
        ]
        groups.append(BarGroup(lines, bars))
        y = top + len(values) * (BAR + BAR_GAP) + GROUP_GAP
    return BarChart(WIDTH, int(y), groups)


@dataclass(frozen=True, slots=True)
class Point:
    month: str
    value: int
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class LineChart:
    width: int
    height: int
    top: float
    bottom: float
    left: float
    points: list[Point]
    path: str
    ticks: list[tuple[int, float]]  # (value, y)
    labelled: list[tuple[Point, str]]  # the points whose month is written, with the anchor


def months_between(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` (YYYY-MM), both included."""
    year, month = (int(part) for part in first.split("-"))
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def running_by_month(values: dict[str, int], until: date) -> list[tuple[str, int]]:
    """A cumulative series with a point for every month of the year to `until` (or since the
    first value, if earlier), carried forward."""
    if not values:
        return []
    last = max(max(values), until.isoformat()[:7])
    year_before = f"{until.year - 1:04d}-{until.month:02d}"
    first = min(min(values), months_between(year_before, last)[1])
    series, running = [], 0
    for month in months_between(first, last):
        running = values.get(month, running)
        series.append((month, running))
    return series


def line_chart(series: list[tuple[str, int]], height: int = 220) -> LineChart:
    """A line over months, from 0 to a round top value, with the month labels that fit: the
    first and the last always, anchored so that none runs off the chart."""
    left, right, top, bottom = 44.0, 14.0, 12.0, float(height - 30)
    peak = max((v for _, v in series), default=0)
    step = max(1, -(-peak // 4))
    ticks_top = step * 4
    span = max(1, len(series) - 1)
    inner = LINE_WIDTH - left - right
    points = [
        Point(m, v, left + inner * i / span, bottom - (bottom - top) * v / ticks_top)
        for i, (m, v) in enumerate(series)
    ]
    path = " ".join(f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(points))
    ticks = [(k * step, bottom - (bottom - top) * k * step / ticks_top) for k in range(5)]
    return LineChart(
        LINE_WIDTH, height, top, bottom, left, points, path, ticks, _month_labels(points)
    )


def _month_labels(points: list[Point]) -> list[tuple[Point, str]]:
    """The first month (anchored at its start), the last (at its end) and, from the middle
    outwards, those whose label, centred, keeps clear of the labels already chosen."""
    if len(points) < 2:
        return [(p, "middle") for p in points]
    spans = [(points[0].x, points[0].x + LABEL_WIDTH), (points[-1].x - LABEL_WIDTH, points[-1].x)]
    chosen = {0: "start", len(points) - 1: "end"}
    centre = (points[0].x + points[-1].x) / 2
    for i in sorted(range(1, len(points) - 1), key=lambda i: abs(points[i].x - centre)):
        low, high = points[i].x - LABEL_WIDTH / 2, points[i].x + LABEL_WIDTH / 2
        if all(high + LABEL_GAP <= a or low - LABEL_GAP >= b for a, b in spans):
            spans.append((low, high))
            chosen[i] = "middle"
    return [(points[i], anchor) for i, anchor in sorted(chosen.items())]
