"""Portfolio assignment as the API runs it: which roles, the job that assigns them (its work is
`portfolio.assign`), reading it back as the caller may see it, and accepting its proposals."""

from collections.abc import Callable
from dataclasses import dataclass

from pydantic import JsonValue

from graph import GraphStore
from matching.assignment.models import (
    Accepted,
    AssignmentJob,
    AssignmentRequest,
    AssignmentResult,
    RecordedView,
)
from matching.assignment.repository import AssignmentRepository, OpenRole
from matching.repository import MatchingRepository
from matching.service import shown_candidates
from talent.accounts.models import AccountRead
from talent.audit.log import Action, Actor, AuditLog
from talent.core.errors import Conflict, InvalidInput, NotFound
from talent.core.ids import now_ms
from talent.jobs import service as jobs
from talent.jobs.model import JobRecord, JobState
from talent.jobs.repository import JobRepository
from talent.jobs.service import Broker
from talent.resources.catalog import ROLE
from talent.resources.repository import ResourceRepository

ASSIGN_TASK = "talent.assign_portfolio"
JOB_KIND = "assignment"


def chosen_roles(store: GraphStore, request: AssignmentRequest) -> list[OpenRole]:
    """The open roles the request names; a role or programme unknown or closed is named back."""
    found = AssignmentRepository(store).roles(request.role_ids, request.programme_ids)
    if request.role_ids is not None:
        _named_all("role_ids", request.role_ids, found, lambda r: r.role_id)
    if request.programme_ids is not None:
        _named_all("programme_ids", request.programme_ids, found, lambda r: r.programme_id)
    roles = [r for r in found if not r.closed]
    if not roles:
        raise InvalidInput("no open role to assign", fields={"role_ids": "no open role"})
    ids = {r.role_id for r in roles}
    for field, pairs in (("pinned", request.pinned), ("forbidden", request.forbidden)):
        stray = sorted({p.role_id for p in pairs} - ids)
        if stray:
            raise InvalidInput(
                f"{field} names roles outside the portfolio: {', '.join(stray)}",
                fields={field: f"not in the portfolio: {', '.join(stray)}"},
            )
    return roles


def _named_all(
    field: str, asked: list[str], found: list[OpenRole], key: Callable[[OpenRole], str]
) -> None:
    present = {key(r) for r in found}
    closed = {key(r) for r in found if r.closed}
    missing = sorted(set(asked) - present)
    if missing:
        raise NotFound(f"not found: {', '.join(missing)}", fields={field: ", ".join(missing)})
    if field == "role_ids" and closed:
        shut = ", ".join(sorted(closed))
        raise InvalidInput(f"roles of a closed programme: {shut}", fields={field: shut})


def start(
    store: GraphStore, broker: Broker, *, actor: Actor, request: AssignmentRequest
) -> AssignmentJob:
    """Queue the assignment of the roles the request names; returns the job to follow."""
    roles = chosen_roles(store, request)
    params: dict[str, JsonValue] = request.model_dump(mode="json")
    job = jobs.enqueue(store, broker, kind=JOB_KIND, task=ASSIGN_TASK, params=params, args=[])
    details: dict[str, JsonValue] = {"roles": len(roles), "k": request.k}
    AuditLog(store).record(actor, Action.ASSIGNMENT_RUN, "assignment", job.id, details)
    return AssignmentJob.of(job)


def _record(store: GraphStore, job_id: str) -> JobRecord:
    """The job, if it is an assignment: any other kind of job is none of these routes'."""
    record = jobs.get(store, job_id)
    if record.kind != JOB_KIND:
        raise NotFound(f"assignment '{job_id}' not found", fields={"id": job_id})
    return record


def request_of(store: GraphStore, job_id: str) -> AssignmentRequest:
    """What an assignment was asked to do: the page solves it again around an edit."""
    return AssignmentRequest.model_validate(_record(store, job_id).params)


def job(store: GraphStore, job_id: str, *, viewer: AccountRead) -> AssignmentJob:
    """An assignment job; its proposal's explanations as `viewer` may see them now."""
    shown = AssignmentJob.of(_record(store, job_id))
    if shown.result is None or "roles" not in shown.result:
        return shown
    result = AssignmentResult.model_validate(shown.result)
    seats = [s for role in result.roles for s in role.proposed if s.candidate is not None]
    # One read for every role's explanations, not one per role.
    cards = [s.candidate for s in seats if s.candidate is not None]
    visible = dict(zip(map(id, seats), shown_candidates(store, cards, viewer=viewer), strict=True))
    for role in result.roles:
        role.proposed = [
            s.model_copy(update={"candidate": visible[id(s)]}) if id(s) in visible else s
            for s in role.proposed
        ]
    return shown.model_copy(update={"result": result.model_dump(mode="json")})


def cancel(store: GraphStore, job_id: str) -> AssignmentJob:
    """Stop an assignment job at its next role; 409 once it has finished."""
    _record(store, job_id)
    return AssignmentJob.of(jobs.request_cancel(store, job_id))


def accept(store: GraphStore, *, actor: Actor, job_id: str) -> Accepted:
    """Record a finished assignment's proposals on its roles, replacing theirs, in one
    transaction with its audit event. Refused (409) before the job has succeeded, when another
    assignment recorded proposals for one of its roles since this one started, or when a
    proposed expert is no longer active: solve again."""
    record = _record(store, job_id)
    if record.state is not JobState.SUCCEEDED or not record.result or "roles" not in record.result:
        raise Conflict(
            f"assignment '{job_id}' has no proposal to accept ({record.state})",
            fields={"state": record.state},
        )
    result = AssignmentResult.model_validate(record.result)
    seats = {r.role_id: [s.expert_id for s in r.proposed] for r in result.roles}
    at = now_ms()

    def work(tx: GraphStore) -> Accepted:
        repo = AssignmentRepository(tx)
        repo.lock_roles(sorted(seats))  # before reading: a racing accept waits for this one
        later = repo.proposed_since(sorted(seats), job_id, record.created_at)
        if later:
            raise Conflict(
                "another assignment was accepted since for: " + ", ".join(later),
                fields={"roles": ", ".join(later)},
            )
        gone = repo.not_active(sorted({e for experts in seats.values() for e in experts}))
        if gone:
            raise Conflict(
                "no longer active: " + ", ".join(gone), fields={"experts": ", ".join(gone)}
            )
        # A reload of the accepting page: the roles already carry this assignment's proposals,
        # and their history does not take them twice.
        done = {p.role_id for p in repo.proposals(sorted(seats)) if p.assignment == job_id}
        fresh = {role: experts for role, experts in seats.items() if role not in done}
        if done and not fresh:
            again = sum(len(experts) for experts in seats.values())
            return Accepted(job_id=job_id, roles=len(seats), proposed=again, at=at)
        proposed = repo.propose(fresh, at=at, by=actor.id, job_id=job_id)
        details: dict[str, JsonValue] = {"roles": len(seats), "proposed": proposed}
        AuditLog(tx).record(actor, Action.ASSIGNMENT_ACCEPT, "assignment", job_id, details)
        return Accepted(job_id=job_id, roles=len(seats), proposed=proposed, at=at)

    return store.write(work)


@dataclass(frozen=True, slots=True)
class OpenProgramme:
    programme_id: str
    name: str
    roles: int
    seats: int


def open_programmes(store: GraphStore) -> list[OpenProgramme]:
    """The programmes not closed that have roles, by name: what an assignment can take."""
    grouped: dict[str, list[OpenRole]] = {}
    for role in AssignmentRepository(store).roles(None, None):
        if not role.closed:
            grouped.setdefault(role.programme_id, []).append(role)
    found = [
        OpenProgramme(
            programme_id=programme,
            name=roles[0].programme_name,
            roles=len(roles),
            seats=sum(r.headcount for r in roles),
        )
        for programme, roles in grouped.items()
    ]
    return sorted(found, key=lambda p: (p.name.casefold(), p.programme_id))


@dataclass(frozen=True, slots=True)
class Earlier:
    """An assignment started before, as the list of them shows it."""

    job_id: str
    state: str
    created_at: int
    roles: int | None  # once it has finished
    seats: int | None
    filled: int | None


def earlier(store: GraphStore, *, limit: int = 20) -> list[Earlier]:
    """The assignments started last, the latest first."""
    found = []
    for record in JobRepository(store).recent(JOB_KIND, limit=limit):
        result = record.result or {}
        roles = result.get("roles")
        seats, filled = result.get("seats"), result.get("filled")
        found.append(
            Earlier(
                job_id=record.id,
                state=record.state.value,
                created_at=record.created_at,
                roles=len(roles) if isinstance(roles, list) else None,
                seats=seats if isinstance(seats, int) else None,
                filled=filled if isinstance(filled, int) else None,
            )
        )
    return found


@dataclass(frozen=True, slots=True)
class Board:
    """An assignment job as its page shows it: the job, its request, its result once done, and
    the names of the experts and organisations the result names by id."""

    job: AssignmentJob
    request: AssignmentRequest
    result: AssignmentResult | None
    experts: dict[str, str]
    organizations: dict[str, str]


def board(store: GraphStore, job_id: str, *, viewer: AccountRead) -> Board:
    found = job(store, job_id, viewer=viewer)
    request = AssignmentRequest.model_validate(found.params)
    if found.result is None or "roles" not in found.result:
        return Board(found, request, None, {}, {})
    result = AssignmentResult.model_validate(found.result)
    views = [r for c in result.conflicts for r in c.rules]
    views += [p for role in result.roles for passed in role.passed for p in passed.rules]
    experts = {r.expert_id for r in views if r.expert_id}
    experts |= {p.expert_id for role in result.roles for p in role.passed}
    experts |= {s.expert_id for role in result.roles for s in role.proposed}
    experts |= {p.expert_id for p in request.pinned + request.forbidden}
    orgs = {r.organization_id for r in views if r.organization_id}
    now, org_names = MatchingRepository(store).names_now(experts, orgs)
    names = {e: n.card.full_name or e for e, n in now.items()}
    return Board(found, request, result, names, {o: n or o for o, n in org_names.items()})


def role_history(store: GraphStore, role_id: str) -> list[RecordedView]:
    """Every proposal accepted assignments recorded for the role, newest first, named."""
    ResourceRepository(store, ROLE).get(role_id)
    recorded = AssignmentRepository(store).history(role_id)
    now, _ = MatchingRepository(store).names_now({r.expert_id for r in recorded}, set())
    return [
        RecordedView(
            expert_id=r.expert_id,
            name=now[r.expert_id].card.full_name if r.expert_id in now else r.expert_id,
            at=r.at,
            by=r.by,
            assignment=r.assignment,
            until=r.until,
            ended_by=r.ended_by,
        )
        for r in recorded
    ]
