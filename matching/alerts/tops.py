"""Each role's top candidates, kept by a worker between evaluations: a role whose own records
did not change is brought up to date by scoring the experts that changed alone against it (an
expert's score is theirs alone), and ranked whole only when it must be."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

import numpy as np

from graph import GraphStore
from matching.index import MatchIndex
from matching.models import RoleContext, RoleSpec
from matching.profiles import profile_for
from matching.rank import may_qualify, rank
from matching.service import load_role
from talent.alerts.models import MAX_K
from talent.core.errors import NotFound


@dataclass(frozen=True, slots=True)
class Top:
    ids: list[str]  # best first, MAX_K at most; ties by id
    scores: list[float]
    spec: RoleSpec
    context: RoleContext
    # What every score also hangs on: the index's text model and skill graph (replaced by a
    # rebuild), and the day (availability dates).
    text: object
    skills: object
    today: date

    def current(self, index: MatchIndex, today: date) -> bool:
        return self.text is index.text and self.skills is index.skill_graph and self.today == today


def _ordered(scored: dict[str, float]) -> tuple[list[str], list[float]]:
    best = sorted(scored.items(), key=lambda item: (-item[1], item[0]))[:MAX_K]
    return [i for i, _ in best], [s for _, s in best]


class RoleTops:
    """What a worker remembers of the roles it ranked; lost with the process (the next
    evaluation ranks each role whole once)."""

    def __init__(self) -> None:
        self.tops: dict[str, Top] = {}
        self.whole = 0  # roles ranked whole, for the benchmark
        self.partly = 0  # roles brought up to date by the changed experts alone
        self.passed = 0  # roles none of the changed experts could be a candidate of

    def forget(self, programmes: Collection[str], roles: Collection[str]) -> None:
        """A role changed, or its programme (contractors, or anyone shortlisted for one of its
        roles: the programme's team, which every role's network score reads)."""
        for role_id, top in list(self.tops.items()):
            if role_id in roles or top.context.programme_id in programmes:
                del self.tops[role_id]

    def top(
        self,
        store: GraphStore,
        index: MatchIndex,
        role_id: str,
        changed: frozenset[str],
        today: date,
    ) -> list[str] | None:
        """The role's top MAX_K expert ids with the experts in `changed` scored as they are
        now; None when the role (or its programme) is gone."""
        top = self.tops.get(role_id)
        if (
            top is None
            or not top.current(index, today)
            or not changed.isdisjoint(top.ids)
            or not changed.isdisjoint(top.context.team)
        ):
            return self._whole(store, index, role_id, today)
        positions = np.asarray(
            sorted(index.position[e] for e in changed if e in index.position), dtype=np.int64
        )
        # Most experts that change lack a must-have of most roles: those are never scored.
        positions = may_qualify(index, top.spec, positions)
        if not len(positions):
            self.passed += 1
            return top.ids
        ranking = rank(
            index,
            top.spec,
            top.context,
            profile_for(top.spec.kind, None),
            today=today,
            only=positions,
        )
        scored = dict(zip(top.ids, top.scores, strict=True))
        for p, score in zip(ranking.candidates.tolist(), ranking.score.tolist(), strict=True):
            scored[index.ids[p]] = score
        ids, scores = _ordered(scored)
        self.tops[role_id] = Top(ids, scores, top.spec, top.context, top.text, top.skills, today)
        self.partly += 1
        return ids

    def _whole(
        self, store: GraphStore, index: MatchIndex, role_id: str, today: date
    ) -> list[str] | None:
        try:
            spec, context = load_role(store, index, role_id)
        except NotFound:
            self.tops.pop(role_id, None)
            return None
        ranking = rank(index, spec, context, profile_for(spec.kind, None), today=today)
        best = ranking.top(MAX_K)
        scores = ranking.score[np.searchsorted(ranking.candidates, best)]
        ids = [index.ids[p] for p in best.tolist()]
        self.tops[role_id] = Top(
            ids, scores.tolist(), spec, context, index.text, index.skill_graph, today
        )
        self.whole += 1
        return ids
