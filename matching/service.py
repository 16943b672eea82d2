"""Matching as the API and the jobs use it: load the role, rank on the index, explain the top,
and fetch only those candidates' details from the graph; the lead's decisions."""

import bisect
from dataclasses import dataclass
from datetime import date
from typing import Literal

from graph import GraphStore
from matching.cache import IndexCache
from matching.explain import (
    Names,
    conflicts,
    exclusion,
    explain,
    network_path,
    path_ids,
    shown_path,
)
from matching.index import BIT, REASONS, MatchIndex
from matching.models import (
    Candidate,
    Decision,
    DecisionRequest,
    Excluded,
    ExclusionPage,
    MatchRequest,
    MatchResponse,
    MatchSummary,
    RoleContext,
    RoleSpec,
)
from matching.profiles import WeightOverride, profile_for
from matching.rank import Ranking, rank
from matching.repository import ExpertNow, MatchingRepository
from talent.accounts.models import AccountRead
from talent.audit.log import Action, Actor, AuditLog, actor_of
from talent.core.errors import (
    Conflict,
    InvalidInput,
    InvalidReference,
    NotFound,
    PreconditionFailed,
)
from talent.core.pagination import page_of
from talent.experts.models import ExpertRead, ExpertStatus
from talent.experts.service import ExpertService, clearance
from talent.experts.visibility import Clearance, may_see
from talent.resources.catalog import ROLE
from talent.resources.repository import ResourceRepository


@dataclass(frozen=True, slots=True)
class Ranked:
    """A role ranked on one index, with what explaining its candidates needs."""

    index: MatchIndex
    role: RoleSpec
    context: RoleContext
    ranking: Ranking


def load_role(store: GraphStore, index: MatchIndex, role_id: str) -> tuple[RoleSpec, RoleContext]:
    found = MatchingRepository(store).role_with_context(role_id)
    if found is None:
        raise ROLE.not_found(role_id)
    role, context = found
    if context is None:
        raise NotFound(f"role '{role_id}' has no programme", fields={"id": role_id})
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
    return spec, context


def run_ranking(
    store: GraphStore,
    cache: IndexCache,
    role_id: str,
    weights: WeightOverride | None,
    today: date | None = None,
) -> Ranked:
    index = cache.current()
    role, context = load_role(store, index, role_id)
    profile = profile_for(role.kind, weights)
    ranking = rank(index, role, context, profile, today=today or date.today())
    return Ranked(index=index, role=role, context=context, ranking=ranking)


def hidden_from(
    viewer: AccountRead | None, experts: set[str], found: dict[str, ExpertNow]
) -> frozenset[str]:
    """The experts whose affiliations `viewer` may not see (`found`: those the graph still
    holds); none for no viewer at all (a worker storing a run, shown to each reader as they
    may see it)."""
    if viewer is None:
        return frozenset()

    def hides(expert_id: str) -> bool:
        seen = clearance(viewer, expert_id)
        now = found.get(expert_id)
        if now is None:  # gone from the graph: nothing is known of what they allow
            return seen is not Clearance.FULL
        return not may_see("affiliations", now.affiliations, seen, consent_contact=False)

    return frozenset(expert_id for expert_id in experts if hides(expert_id))


def _names(
    store: GraphStore,
    context: RoleContext,
    *,
    experts: set[str],
    orgs: set[str],
    viewer: AccountRead | None,
) -> Names:
    """Only the experts and organisations shown go back to the graph, and they are read fresh:
    the index may trail a background rebuild, and an expert may hide their affiliations."""
    found, org_names = MatchingRepository(store).names_now(experts, orgs)
    return Names(
        experts=found,
        orgs=org_names,
        programme_name=context.programme_name,
        hidden=hidden_from(viewer, experts, found),
    )


def explained(
    store: GraphStore,
    ranked: Ranked,
    positions: list[int],
    *,
    viewer: AccountRead | None,
    first_rank: int = 1,
    drop_gone: bool = False,
) -> list[Candidate]:
    """Explanations of the ranked positions as `viewer` may see them (whole for None);
    `drop_gone` leaves out experts who withdrew or stopped consenting since the index was
    built, and ranks the rest again."""
    index, ranking = ranked.index, ranked.ranking
    paths = [network_path(index, ranking, ranked.context, i) for i in positions]
    experts = {index.ids[i] for i in positions}.union(*(path_ids(p, "Expert") for p in paths))
    orgs = set[str]().union(*(path_ids(p, "Organization") for p in paths))
    names = _names(store, ranked.context, experts=experts, orgs=orgs, viewer=viewer)
    shown = [
        (i, path)
        for i, path in zip(positions, paths, strict=True)
        if not drop_gone or names.matchable(index.ids[i])
    ]
    return [
        explain(index, ranking, ranked.role, i, rank=rank_no, path=path, names=names)
        for rank_no, (i, path) in enumerate(shown, first_rank)
    ]


def shown_candidates(
    store: GraphStore, candidates: list[Candidate], *, viewer: AccountRead
) -> list[Candidate]:
    """Stored explanations (a run's, kept whole) as `viewer` may see them now."""
    experts = set[str]().union(*(path_ids(c.network_path, "Expert") for c in candidates))
    hidden = hidden_from(viewer, experts, MatchingRepository(store).experts_now(experts))
    return [
        c.model_copy(update={"network_path": shown_path(c.network_path, hidden.__contains__)})
        for c in candidates
    ]


def _summary(ranked: Ranked) -> MatchSummary:
    index, ranking = ranked.index, ranked.ranking
    candidates = len(ranking.candidates)
    return MatchSummary(
        role_id=ranked.role.id,
        programme_id=ranked.context.programme_id,
        kind=ranked.role.kind,
        weights={k: round(v, 4) for k, v in ranking.weights.items()},
        depth=ranking.depth,
        index_revision=index.revision,
        considered=len(index),
        candidates=candidates,
        excluded=Excluded(total=len(index) - candidates, by_reason=ranking.excluded_by_reason()),
    )


def top_candidates(
    store: GraphStore,
    cache: IndexCache,
    role_id: str,
    request: MatchRequest,
    *,
    viewer: AccountRead | None,
) -> MatchResponse:
    """The top k candidates for a role, explained as `viewer` may see them (whole for None:
    benchmarks), with exclusions counted by reason."""
    ranked = run_ranking(store, cache, role_id, request.weights)
    top = ranked.ranking.top(request.k).tolist()
    items = explained(store, ranked, top, viewer=viewer, drop_gone=True)
    return MatchResponse(**_summary(ranked).model_dump(), items=items)


def match(
    store: GraphStore,
    cache: IndexCache,
    role_id: str,
    request: MatchRequest,
    *,
    viewer: AccountRead,
) -> MatchResponse:
    """`top_candidates`, recorded in the audit trail as a match request."""
    result = top_candidates(store, cache, role_id, request, viewer=viewer)
    details = {**request.model_dump(exclude_none=True), "returned": len(result.items)}
    AuditLog(store).record(actor_of(viewer), Action.MATCH_REQUEST, "role", role_id, details)
    return result


def exclusions(
    store: GraphStore,
    cache: IndexCache,
    role_id: str,
    *,
    reason: str | None,
    after: str,
    limit: int,
    viewer: AccountRead,
) -> ExclusionPage:
    """Who was left out and why, in id order; `reason` keeps those excluded for it. Pending
    (unconfirmed) profiles are never listed. A conflict of interest found through affiliations
    `viewer` may not see is named as a reason, without the organisations."""
    if reason is not None and reason not in REASONS:
        raise InvalidInput(
            f"unknown reason; expected one of {', '.join(REASONS)}", fields={"reason": reason}
        )
    ranked = run_ranking(store, cache, role_id, None)
    index, ranking = ranked.index, ranked.ranking
    mask = ranking.reasons != 0 if reason is None else (ranking.reasons & BIT[reason]) != 0
    mask &= ~index.pending  # unconfirmed registrations are no one's to see yet
    order = index.by_id()
    key = lambda k: index.ids[int(order[k])]  # noqa: E731
    start = bisect.bisect_right(range(len(order)), after, key=key) if after else 0
    listed = order[start:]
    positions = listed[mask[listed]][: limit + 1].tolist()
    page = page_of(positions, limit=limit, key=lambda i: index.ids[i])
    names = _names(
        store,
        ranked.context,
        experts={index.ids[i] for i in page.items},
        orgs={o for i in page.items for o in conflicts(index, ranking, i)},
        viewer=viewer,
    )
    return ExclusionPage(
        **_summary(ranked).model_dump(),
        items=[exclusion(index, ranking, ranked.role, i, names=names) for i in page.items],
        reasons=list(REASONS),
        next_cursor=page.next_cursor,
    )


def _unknown(expert_id: str) -> InvalidReference:
    return InvalidReference(
        "the input names things that do not exist",
        fields={"expert_id": f"no Expert with id '{expert_id}'"},
    )


def named_expert(store: GraphStore, expert_id: str) -> ExpertRead:
    """The expert a decision or note names (a merged id stands for its survivor); 422 naming
    `expert_id` when there is none."""
    try:
        return ExpertService(store).resolve(expert_id)
    except NotFound:
        raise _unknown(expert_id) from None


def decide(
    store: GraphStore,
    role_id: str,
    decision: Literal["shortlisted", "rejected"],
    request: DecisionRequest,
    *,
    actor: Actor,
) -> Decision:
    """Record the lead's shortlist or rejection, with the reason; a later decision replaces it.
    Only candidates are decided on: an active profile that consented to be matched (a merged
    id stands for its survivor)."""
    ResourceRepository(store, ROLE).get(role_id)
    expert = named_expert(store, request.expert_id)
    if expert.status is not ExpertStatus.ACTIVE or not expert.consent.match:
        why = "consented to be matched" if expert.status is ExpertStatus.ACTIVE else "active"
        raise Conflict(
            f"expert '{request.expert_id}' is not a candidate: the profile is not {why}",
            fields={"expert_id": f"not {why}"},
        )
    details = {"expert_id": expert.id, "decision": decision, "reason": request.reason}
    if expert.id != request.expert_id:
        details["requested_id"] = request.expert_id

    def work(tx: GraphStore) -> None:
        if not MatchingRepository(tx).decide(
            role_id, expert.id, decision=decision, reason=request.reason
        ):
            raise _unknown(request.expert_id)
        AuditLog(tx).record(actor, Action.MATCH_DECIDE, "role", role_id, details)

    store.write(work)
    decided = MatchingRepository(store).decisions(role_id)
    return next(d for d in decided if d.expert_id == expert.id)


def restore(
    store: GraphStore, role_id: str, expert_id: str, *, expected: int | None, actor: Actor
) -> Decision:
    """Withdraw the lead's decision on an expert: a rejected one is a candidate again, a
    shortlisted one leaves the shortlist. `expected` is the time of the decision the caller
    saw (412 if another has replaced it since); 409 when there is no decision to withdraw.
    Recorded as a decision "restored", so the role's history shows it. Returns the decision
    withdrawn."""
    ResourceRepository(store, ROLE).get(role_id)
    expert = named_expert(store, expert_id)

    def work(tx: GraphStore) -> Decision:
        repo = MatchingRepository(tx)
        withdrawn = repo.withdraw(role_id, expert.id, at=expected)
        if withdrawn is None:
            now = next((d for d in repo.decisions(role_id) if d.expert_id == expert.id), None)
            if now is None:
                raise Conflict(
                    f"expert '{expert_id}' has no decision on this role to withdraw",
                    fields={"expert_id": "no decision"},
                )
            raise PreconditionFailed(
                f"the decision on expert '{expert_id}' was replaced since it was read",
                fields={"at": str(now.at)},
            )
        details = {
            "expert_id": expert.id,
            "decision": "restored",
            "previous": withdrawn.decision,
            "reason": withdrawn.reason,
        }
        AuditLog(tx).record(actor, Action.MATCH_DECIDE, "role", role_id, details)
        return withdrawn

    return store.write(work)


def decisions(store: GraphStore, role_id: str) -> list[Decision]:
    """The lead's current decision on each expert considered for the role, oldest first."""
    ResourceRepository(store, ROLE).get(role_id)
    return MatchingRepository(store).decisions(role_id)
