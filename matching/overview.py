"""What a programme lead's matching pages show at once: a role's ranked candidates with the
lead's decisions (experts named) and stored runs; a stored run with a page of its candidates."""

from dataclasses import dataclass

from graph import GraphStore
from matching import runs, service
from matching.cache import IndexCache
from matching.leads import RoleView, role_view
from matching.models import (
    Candidate,
    Decision,
    ExclusionPage,
    MatchJob,
    MatchRequest,
    MatchResponse,
    MatchRun,
)
from matching.repository import MatchingRepository
from talent.accounts.models import AccountRead
from talent.audit.log import Action, AuditLog
from talent.core.pagination import Page

# Experts left out, per page; decisions shown as taken, at most.
EXCLUDED_PAGE = 25
HISTORY = 50


@dataclass(frozen=True, slots=True)
class NamedDecision:
    decision: Decision
    full_name: str | None


@dataclass(frozen=True, slots=True)
class DecisionEvent:
    """One decision as it was taken, from the audit trail: later ones replace it, but the
    lead sees how they got there."""

    expert_id: str
    full_name: str | None
    decision: str
    reason: str
    at: int


@dataclass(frozen=True, slots=True)
class RoleMatches:
    view: RoleView
    result: MatchResponse
    decisions: list[NamedDecision]
    history: list[DecisionEvent]
    runs: list[MatchRun]


@dataclass(frozen=True, slots=True)
class RunView:
    view: RoleView
    run: MatchRun
    candidates: Page[Candidate]


@dataclass(frozen=True, slots=True)
class JobView:
    view: RoleView
    job: MatchJob
    run: MatchRun | None


def named_decisions(store: GraphStore, role_id: str) -> list[NamedDecision]:
    """The lead's decisions on the role, newest first, each with the expert's name now."""
    decided = service.decisions(store, role_id)
    names = MatchingRepository(store).experts_now({d.expert_id for d in decided})
    return [
        NamedDecision(d, names[d.expert_id].card.full_name if d.expert_id in names else None)
        for d in sorted(decided, key=lambda d: (-d.at, d.expert_id))
    ]


def decision_history(store: GraphStore, role_id: str) -> list[DecisionEvent]:
    """The role's last decisions as taken, newest first, each expert named as now."""
    events = (
        AuditLog(store)
        .page(before="", limit=HISTORY, action=Action.MATCH_DECIDE, target=role_id)
        .items
    )
    ids = [str(e.details.get("expert_id", "")) for e in events]
    names = MatchingRepository(store).experts_now({i for i in ids if i})
    return [
        DecisionEvent(
            expert_id=expert_id,
            full_name=names[expert_id].card.full_name if expert_id in names else None,
            decision=str(event.details.get("decision", "")),
            reason=str(event.details.get("reason", "")),
            at=event.at,
        )
        for expert_id, event in zip(ids, events, strict=True)
    ]


def role_matches(
    store: GraphStore,
    cache: IndexCache,
    role_id: str,
    request: MatchRequest,
    *,
    viewer: AccountRead,
) -> RoleMatches:
    """The role's top candidates as `viewer` may see them, its decisions and its stored runs.
    Only read: a page shown (a GET) writes nothing, not even an audit event."""
    view = role_view(store, role_id)
    result = service.top_candidates(store, cache, role_id, request, viewer=viewer)
    decided = named_decisions(store, role_id)
    history = decision_history(store, role_id)
    return RoleMatches(view, result, decided, history, runs.of_role(store, role_id))


def role_exclusions(
    store: GraphStore,
    cache: IndexCache,
    role_id: str,
    *,
    reason: str | None,
    after: str,
    viewer: AccountRead,
) -> tuple[RoleView, ExclusionPage]:
    """The role, and a page of who was left out of its matches and why, as `viewer` may see."""
    view = role_view(store, role_id)
    found = service.exclusions(
        store, cache, role_id, reason=reason, after=after, limit=EXCLUDED_PAGE, viewer=viewer
    )
    return view, found


def run_view(
    store: GraphStore, run_id: str, *, after: int, limit: int, viewer: AccountRead
) -> RunView:
    """A stored run, its role, and a page of its candidates after rank `after`, as `viewer`
    may see them."""
    run = runs.get(store, run_id)
    page = runs.candidates(store, run_id, after=after, limit=limit, viewer=viewer)
    return RunView(role_view(store, run.role_id), run, page)


def job_view(store: GraphStore, role_id: str, job_id: str) -> JobView:
    """A match job of the role (404 for any other), with the run it fills."""
    job = runs.job(store, role_id, job_id)
    found = [r for r in runs.of_role(store, role_id) if r.id == job.run_id]
    return JobView(role_view(store, role_id), job, found[0] if found else None)
