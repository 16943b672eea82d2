"""What a lead's candidate-list pages read and do beyond the ranking: one candidate with the
decision taken on them now (the step before a rejection), a role's past match runs with who
started each, its decisions to export, the weights of each kind of role, decisions on several
candidates at once, and candidates compared side by side."""

from dataclasses import dataclass
from typing import Literal

from graph import GraphStore
from matching import runs, service
from matching.cache import IndexCache
from matching.leads import RoleView, role_view
from matching.models import (
    Candidate,
    Decision,
    DecisionRequest,
    ExpertCard,
    MatchRun,
    Note,
    NoteRequest,
)
from matching.profiles import PRESETS
from matching.repository import MatchingRepository
from talent.accounts.models import AccountRead
from talent.accounts.repository import AccountRepository
from talent.audit.log import Action, Actor, AuditLog
from talent.core.errors import InvalidInput, NotFound, PreconditionFailed
from talent.resources.catalog import ROLE
from talent.resources.repository import ResourceRepository

# Match-job events read to name who started each run (newest first).
RUN_EVENTS = 500


@dataclass(frozen=True, slots=True)
class Pending:
    """A candidate about to be decided on: the role, the expert as shown, and the decision
    that stands now (None: not decided yet)."""

    view: RoleView
    expert_id: str
    card: ExpertCard | None
    current: Decision | None


def pending(store: GraphStore, role_id: str, expert_id: str) -> Pending:
    """The role, the expert (None if the graph no longer holds them) and their decision now."""
    view = role_view(store, role_id)
    found = MatchingRepository(store).experts_now({expert_id})
    current = next((d for d in service.decisions(store, role_id) if d.expert_id == expert_id), None)
    card = found[expert_id].card if expert_id in found else None
    return Pending(view, expert_id, card, current)


@dataclass(frozen=True, slots=True)
class PastRun:
    run: MatchRun
    started_by: str | None  # the account's name; None once it is gone or not recorded


def past_runs(store: GraphStore, role_id: str) -> tuple[RoleView, list[PastRun]]:
    """The role and its stored runs, newest first, each with who started it (from the audit
    trail's match-job events)."""
    view = role_view(store, role_id)
    events = (
        AuditLog(store)
        .page(before="", limit=RUN_EVENTS, action=Action.MATCH_JOB, target=role_id)
        .items
    )
    started = {str(e.details.get("run_id", "")): e.actor for e in events}
    accounts = AccountRepository(store)
    names: dict[str, str | None] = {}
    for actor in set(started.values()):
        try:
            names[actor] = accounts.get(actor).name
        except NotFound:
            names[actor] = None
    found = [
        PastRun(run, names.get(started.get(run.id, ""))) for run in runs.of_role(store, role_id)
    ]
    return view, found


@dataclass(frozen=True, slots=True)
class Decided:
    decision: Decision
    card: ExpertCard | None  # None once the graph no longer holds the expert


def decided(store: GraphStore, role_id: str) -> tuple[RoleView, list[Decided]]:
    """The role and its decisions as they stand: the shortlist first, then the rejected, each
    in the order they were taken, with each expert as shown now."""
    view = role_view(store, role_id)
    found = service.decisions(store, role_id)
    cards = MatchingRepository(store).experts_now({d.expert_id for d in found})
    order = {"shortlisted": 0, "rejected": 1}
    listed = sorted(found, key=lambda d: (order.get(d.decision, 2), d.at, d.expert_id))
    items = [Decided(d, cards[d.expert_id].card if d.expert_id in cards else None) for d in listed]
    return view, items


@dataclass(frozen=True, slots=True)
class KindWeights:
    """How a kind of role weighs the criteria: each one's share of the score (summing to 1),
    and how much a level-3 skill counts against a level-5 one (the preset's depth)."""

    kind: str
    shares: dict[str, float]
    level3_of_level5: float


def kind_weights() -> list[KindWeights]:
    """The presets of the kinds of role, as matching uses them (never copied by hand)."""
    return [
        KindWeights(kind, profile.weights.normalised(), (3 / 5) ** profile.depth)
        for kind, profile in PRESETS.items()
    ]


# The most candidates one bulk decision or one comparison takes.
BULK_LIMIT = 50
COMPARE_LIMIT = 3


def decide_many(
    store: GraphStore,
    role_id: str,
    decision: Literal["shortlisted", "rejected"],
    requests: list[DecisionRequest],
    *,
    actor: Actor,
) -> list[Decision]:
    """Several candidates decided at once: all or none, in one transaction (one that is no
    candidate any more refuses the lot, as `service.decide` refuses it alone)."""
    if not 1 <= len(requests) <= BULK_LIMIT:
        raise InvalidInput(
            f"choose from 1 to {BULK_LIMIT} candidates", fields={"expert_id": str(len(requests))}
        )
    return store.write(
        lambda tx: [service.decide(tx, role_id, decision, r, actor=actor) for r in requests]
    )


def compared(
    store: GraphStore,
    cache: IndexCache,
    role_id: str,
    expert_ids: list[str],
    *,
    viewer: AccountRead,
) -> tuple[RoleView, list[Candidate]]:
    """The chosen candidates explained side by side (as `viewer` may see them), each at their
    rank in the role's full ranking; an expert who is no candidate (any more) is left out."""
    view = role_view(store, role_id)
    ranked = service.run_ranking(store, cache, role_id, None)
    order = ranked.ranking.top(None).tolist()
    rank_of = {ranked.index.ids[p]: (n, p) for n, p in enumerate(order, 1)}
    found: list[Candidate] = []
    for expert_id in dict.fromkeys(expert_ids):
        if expert_id in rank_of:
            rank, position = rank_of[expert_id]
            found += service.explained(store, ranked, [position], viewer=viewer, first_rank=rank)
    return view, found


def notes(store: GraphStore, role_id: str) -> dict[str, Note]:
    """The lead's private notes on the role's candidates, by expert."""
    ResourceRepository(store, ROLE).get(role_id)
    return {n.expert_id: n for n in MatchingRepository(store).notes(role_id)}


def write_note(
    store: GraphStore, role_id: str, expert_id: str, request: NoteRequest, *, expected: int | None
) -> Note:
    """Write the lead's private note (empty clears it). `expected` is the version read (0: no
    note yet; None: any): 412 if another was written since. Kept out of the audit trail: the
    note is the lead's alone."""
    ResourceRepository(store, ROLE).get(role_id)
    expert = service.named_expert(store, expert_id)
    written = MatchingRepository(store).write_note(
        role_id, expert.id, request.text, expected=expected
    )
    if written is None:
        raise PreconditionFailed(
            f"the note on expert '{expert_id}' was changed since it was read",
            fields={"at": str(expected)},
        )
    return written
