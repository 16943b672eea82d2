"""The KPI trend's geometry: month labels that fit under the axis of a phone-sized chart
without touching, the first and last always shown and anchored inside the chart."""

import itertools

import pytest

from api.web.routes.ministry.charts import LABEL_GAP, LABEL_WIDTH, LINE_WIDTH, line_chart


def _series(months: int) -> list[tuple[str, int]]:
    return [(f"{2025 + m // 12}-{m % 12 + 1:02d}", m) for m in range(months)]


@pytest.mark.parametrize("months", [2, 3, 6, 12, 13, 25, 60])
def test_month_labels_keep_clear_of_each_other_and_of_the_edges(months: int) -> None:
    chart = line_chart(_series(months))
    spans = []
    for point, anchor in chart.labelled:
        start = {"start": point.x, "end": point.x - LABEL_WIDTH}.get(
            anchor, point.x - LABEL_WIDTH / 2
        )
        spans.append((start, start + LABEL_WIDTH))
    assert next(p.month for p, _ in chart.labelled) == "2025-01"
    assert chart.labelled[-1][0].month == _series(months)[-1][0]
    assert all(a >= 0 and b <= LINE_WIDTH for a, b in spans)
    ordered = sorted(spans)
    assert all(b + LABEL_GAP <= c for (_, b), (c, _) in itertools.pairwise(ordered))
    assert chart.width == LINE_WIDTH == 340  # narrow: text reads at a phone's width


def test_a_year_of_months_gets_a_label_in_the_middle() -> None:
    chart = line_chart(_series(13))
    assert [(p.month, anchor) for p, anchor in chart.labelled] == [
        ("2025-01", "start"),
        ("2025-07", "middle"),
        ("2026-01", "end"),
    ]
