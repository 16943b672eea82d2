"""Matching as the API and the jobs use it: load the role, rank on the index, explain the top,
and fetch only those candidates' details from the graph."""

import bisect
from datetime import date
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from graph import GraphStore
from graph.queries import matching as q
from matching.cache import IndexCache
from matching.explain import exclusion, explain
from matching.index import BIT, REASONS, MatchIndex
from matching.profiles import RoleProfile, WeightOverride, profile_for
from matching.rank import Ranking, RoleContext, RoleSpec, rank
from talent.core.errors import InvalidReference, NotFound
from talent.core.ids import now_ms
from talent.core.types import Strict
from talent.resources.catalog import ROLE
from talent.resources.models import RoleRead
from talent.resources.repository import ResourceRepository


class MatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    k: int = Field(default=20, ge=1, le=200, description="how many candidates to return")
    weights: WeightOverride | None = Field(
        default=None, description="replace some of the role kind's preset weights"
    )


class DecisionRequest(Strict):
    expert_id: str = Field(min_length=1, max_length=120)
    reason: str = Field(min_length=3, max_length=2000)


def load_role(store: GraphStore, index: MatchIndex, role_id: str) -> tuple[RoleSpec, RoleContext]:
    role: RoleRead = ResourceRepository(store, ROLE).get(role_id)
    graph = index.skill_graph
    labels = [
        graph.labels[graph.position[r.skill_id]]
        for r in role.requirements
        if r.skill_id in graph.position
    ]
    spec = RoleSpec(
        id=role.id,
        kind=role.kind,
        title=role.title,
        description=role.description,
        requirements=role.requirements,
        constraints=role.constraints,
        skill_labels=labels,
    )
    rows = store.run(q.role_context(role_id))
    if not rows:
        raise NotFound(f"role '{role_id}' has no programme", fields={"id": role_id})
    row = rows[0]
    context = RoleContext(
        programme_id=row["programme_id"],
        programme_name=row["programme_name"] or "",
        contractors=sorted(row["contractors"]),
        team=sorted(set(row["team"])),
        rejected=sorted(set(row["rejected"])),
    )
    return spec, context


def _names(store: GraphStore, explained: list[dict[str, Any]], context: RoleContext) -> set[str]:
    """Fill in names for the experts and organisations the explanations point at: only these
    go back to the graph. Returns the candidates no longer active or consenting there (the
    index may trail a background rebuild)."""
    expert_ids = {e["expert_id"] for e in explained}
    org_ids: set[str] = set()
    for e in explained:
        for step in e.get("network_path", []):
            if step.get("label") == "Expert":
                expert_ids.add(step["id"])
            elif step.get("label") == "Organization":
                org_ids.add(step["id"])
        org_ids.update(e.get("details", {}).get("conflict_of_interest", []))
    cards, orgs = {}, {}
    if expert_ids:
        cards = {r["id"]: r for r in store.run(q.expert_cards(sorted(expert_ids)))}
    if org_ids:
        orgs = {r["id"]: r["name"] for r in store.run(q.organization_names(sorted(org_ids)))}
    for e in explained:
        card = cards.get(e["expert_id"], {})
        e["expert"] = {k: card.get(k) for k in ("full_name", "headline", "country", "residency")}
        for step in e.get("network_path", []):
            if step.get("label") == "Expert":
                step["name"] = cards.get(step["id"], {}).get("full_name")
            elif step.get("label") == "Organization":
                step["name"] = orgs.get(step["id"])
            elif step.get("label") == "Programme":
                step["name"] = context.programme_name
        if "details" in e and "conflict_of_interest" in e["details"]:
            e["details"]["conflict_of_interest"] = [
                {"id": o, "name": orgs.get(o)} for o in e["details"]["conflict_of_interest"]
            ]
    return {
        e["expert_id"]
        for e in explained
        if cards.get(e["expert_id"], {}).get("status") != "active"
        or cards.get(e["expert_id"], {}).get("consent_match") is False
    }


def _summary(
    index: MatchIndex, ranking: Ranking, role: RoleSpec, context: RoleContext
) -> dict[str, Any]:
    by_reason = ranking.excluded_by_reason()
    candidates = len(ranking.candidates)
    return {
        "role_id": role.id,
        "programme_id": context.programme_id,
        "kind": role.kind,
        "weights": {k: round(v, 4) for k, v in ranking.weights.items()},
        "depth": ranking.depth,
        "index_revision": index.revision,
        "considered": len(index),
        "candidates": candidates,
        "excluded": {"total": len(index) - candidates, "by_reason": by_reason},
    }


def run_ranking(
    store: GraphStore,
    cache: IndexCache,
    role_id: str,
    weights: WeightOverride | None,
    today: date | None = None,
) -> tuple[MatchIndex, RoleSpec, RoleContext, Ranking]:
    index = cache.current()
    role, context = load_role(store, index, role_id)
    profile: RoleProfile = profile_for(role.kind, weights)
    ranking = rank(index, role, context, profile, today=today or date.today())
    return index, role, context, ranking


def explained(
    store: GraphStore,
    index: MatchIndex,
    ranking: Ranking,
    role: RoleSpec,
    context: RoleContext,
    positions: list[int],
    *,
    first_rank: int = 1,
    drop_gone: bool = False,
) -> list[dict[str, Any]]:
    """Explanations of the ranked positions; `drop_gone` leaves out experts who withdrew or
    stopped consenting since the index was built, and ranks the rest again."""
    items = [explain(index, ranking, role, context, i) for i in positions]
    gone = _names(store, items, context)
    if drop_gone:
        items = [item for item in items if item["expert_id"] not in gone]
    for rank_no, item in enumerate(items, first_rank):
        item["rank"] = rank_no
    return items


def match(
    store: GraphStore, cache: IndexCache, role_id: str, request: MatchRequest
) -> dict[str, Any]:
    """The top k candidates for a role, explained, with exclusions counted by reason."""
    index, role, context, ranking = run_ranking(store, cache, role_id, request.weights)
    top = ranking.top(request.k).tolist()
    return {
        **_summary(index, ranking, role, context),
        "items": explained(store, index, ranking, role, context, top, drop_gone=True),
    }


def exclusions(
    store: GraphStore,
    cache: IndexCache,
    role_id: str,
    *,
    reason: str | None,
    after: str,
    limit: int,
) -> dict[str, Any]:
    """Who was left out and why, in id order; `reason` keeps those excluded for it."""
    index, role, context, ranking = run_ranking(store, cache, role_id, None)
    mask = ranking.reasons != 0 if reason is None else (ranking.reasons & BIT[reason]) != 0
    start = bisect.bisect_right(index.ids, after) if after else 0
    positions = np.flatnonzero(mask[start:])[:limit] + start
    items = [exclusion(index, ranking, role, int(i)) for i in positions]
    _names(store, items, context)
    return {**_summary(index, ranking, role, context), "items": items, "reasons": list(REASONS)}


def decide(
    store: GraphStore, role_id: str, decision: str, request: DecisionRequest
) -> dict[str, Any]:
    """Record the lead's shortlist or rejection, with the reason; a later decision replaces it."""
    ResourceRepository(store, ROLE).get(role_id)
    props = {"decision": decision, "reason": request.reason, "at": now_ms()}
    rows = store.run(q.decide(role_id, request.expert_id, props))
    if not rows:
        raise InvalidReference(
            "the input names things that do not exist",
            fields={"expert_id": f"no Expert with id '{request.expert_id}'"},
        )
    return {"expert_id": rows[0]["expert_id"], **rows[0]["decision"]}


def decisions(store: GraphStore, role_id: str) -> list[dict[str, Any]]:
    ResourceRepository(store, ROLE).get(role_id)
    return [{"expert_id": r["expert_id"], **r["decision"]} for r in store.run(q.decisions(role_id))]
