"""The KPI of the attraction pipeline: leading experts engaged against the target, overall and
per strategic technology group, with the cumulative monthly trend."""

from collections import defaultdict

import numpy as np

from talent.pipeline.models import GroupKpi, Kpi, Stage, TrendPoint
from talent.pipeline.repository import PipelineRepository
from talent.search.index import SearchIndex

LEADING_LEVEL = 4  # a leading expert: level 4 or 5 in a skill of the group


def kpi(*, repo: PipelineRepository, index: SearchIndex, target: int) -> Kpi:
    """Leading experts engaged against the target, overall and per group, with the monthly trend.

    A leading expert has level 4 or more in a skill of a strategic technology group."""
    position = {expert_id: i for i, expert_id in enumerate(index.ids)}
    leading_in = index.group_level >= LEADING_LEVEL  # experts x groups
    stages = repo.stages()
    by_stage = {s.value: 0 for s in Stage}
    leading_by_stage = {s.value: 0 for s in Stage}
    per_group = [{s.value: 0 for s in Stage} for _ in index.groups]
    for expert, stage in stages.items():
        by_stage[stage.value] += 1
        p = position.get(expert)
        if p is None:
            continue
        if leading_in[p].any():
            leading_by_stage[stage.value] += 1
        for k in np.flatnonzero(leading_in[p]):
            per_group[k][stage.value] += 1
    engaged = leading_by_stage[Stage.ENGAGED]
    # An expert moved back and engaged again counts once, in the month of the last engagement.
    last_engaged: dict[str, str] = {}
    for engagement in repo.engagements():
        p = position.get(engagement.expert_id)
        engaged_now = stages.get(engagement.expert_id) is Stage.ENGAGED
        if p is not None and leading_in[p].any() and engaged_now:
            last_engaged[engagement.expert_id] = engagement.at
    months: dict[str, int] = defaultdict(int)
    for at in last_engaged.values():
        months[at[:7]] += 1
    trend, running = [], 0
    for month in sorted(months):
        running += months[month]
        trend.append(TrendPoint(month=month, engaged_leading=running))
    return Kpi(
        target=target,
        engaged_leading=engaged,
        progress=round(engaged / target, 4),
        by_stage=by_stage,
        leading_by_stage=leading_by_stage,
        groups=[
            GroupKpi(group=g, engaged_leading=per_group[k][Stage.ENGAGED], by_stage=per_group[k])
            for k, g in enumerate(index.groups)
        ],
        trend=trend,
    )
