"""Group watches: a technology group's leading experts (as the capability map counts them),
followed expert by expert from the changes, and its shortage (the open roles' demand above
them). What was seen is kept once per group, not per watch; a group first looked at is
remembered without telling anyone."""

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from graph import GraphStore
from matching.alerts.made import State, Touched, told
from talent.alerts.models import Alert, Reason, Watch
from talent.alerts.repository import AlertRepository, SupplyMoved, SupplySeen
from talent.insights.capability import group_demand, leading
from talent.insights.repository import InsightsRepository
from talent.search.index import SearchIndex

Made = list[tuple[str, Alert]]


@dataclass(frozen=True, slots=True)
class _Now:
    mask: np.ndarray  # the index's leading experts of the group
    count: int
    demand: int

    def leads(self, index: SearchIndex, expert_id: str) -> bool:
        p = index.position.get(expert_id)
        return p is not None and bool(self.mask[p])


def _moved(
    index: SearchIndex, now: _Now, seen: SupplySeen | None, found: Touched
) -> tuple[list[str], list[str]]:
    """Who joined the group's leading experts and who left them since it was last seen."""
    if seen is None:
        return [index.ids[p] for p in np.flatnonzero(now.mask).tolist()], []
    if found.everything:
        ids = {index.ids[p] for p in np.flatnonzero(now.mask).tolist()}
        return sorted(ids - seen.leading), sorted(seen.leading - ids)
    joined = [e for e in sorted(found.experts) if now.leads(index, e) and e not in seen.leading]
    left = [e for e in sorted(found.experts) if e in seen.leading and not now.leads(index, e)]
    return joined, left


def evaluate_groups(
    store: GraphStore,
    index: SearchIndex,
    watches: list[tuple[Watch, State | None]],
    found: Touched,
    states: dict[str, State],
) -> Made:
    """The alerts of every group watch; each watch's first look is marked in `states`."""
    if not watches:
        return []
    fresh = any(state is None for _, state in watches)
    if not (found.everything or found.experts or found.roles or fresh):
        return []
    by_group: dict[str, list[tuple[Watch, State | None]]] = defaultdict(list)
    for watch, state in watches:
        by_group[watch.target].append((watch, state))
    repo = AlertRepository(store)
    groups = sorted(g for g in by_group if g in index.groups)
    seen = repo.supply_seen(groups, None if found.everything else sorted(found.experts))
    demand = (
        group_demand(InsightsRepository(store), index)
        if found.everything or found.roles or len(seen) < len(groups)
        else None
    )
    made: Made = []
    moved = []
    for group in groups:
        mask = leading(index, index.groups.index(group))
        before = seen.get(group)
        needed = demand.get(group, 0) if demand is not None else before.demand if before else 0
        now = _Now(mask, int(np.count_nonzero(mask)), needed)
        joined, left = _moved(index, now, before, found)
        short = now.demand > now.count
        shortages = before.shortages if before else 0
        newly_short = before is not None and short and not before.short
        shortages += newly_short
        if before is not None:
            for watch, state in by_group[group]:
                if state is not None:
                    made += _told(watch, group, now, joined, left, shortages if newly_short else 0)
        if before is None or joined or left or short != before.short or needed != before.demand:
            moved.append(SupplyMoved(group, joined, left, needed, short, shortages))
    for watch, state in watches:
        if state is None:
            states[watch.id] = {"seen": True}
    repo.move_supply(moved)
    return made


def _told(
    watch: Watch, group: str, now: _Now, joined: list[str], left: list[str], shortage: int
) -> Made:
    """A watch's alerts: each expert who joined or left, and the group's shortage (its
    `shortage`-th, 0 for none) once."""
    made = [told(watch, Reason.GROUP_JOINED, e, group_id=group, leading=now.count) for e in joined]
    made += [told(watch, Reason.GROUP_LEFT, e, group_id=group, leading=now.count) for e in left]
    if shortage:
        made.append(
            told(
                watch,
                Reason.GROUP_SHORT,
                "",
                once_per=f"{Reason.GROUP_SHORT}:{shortage}",
                group_id=group,
                demand=now.demand,
                leading=now.count,
            )
        )
    return made
