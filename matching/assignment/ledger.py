"""An expert's load ledger: what the ministry allows them (lead roles, roles in all), lowered by
the hours they have declared committed elsewhere, less the roles they are proposed for; its
view on the expert's page, and the ministry setting an expert's lead limit."""

from datetime import date

from pydantic import BaseModel, Field

from graph import GraphStore
from matching.assignment.problem import LEAD_KINDS, Person
from matching.assignment.repository import AssignmentRepository, Held, Ledger
from talent.accounts.models import AccountRead
from talent.audit.log import Action, AuditLog, actor_of
from talent.core.changes import expert_changes
from talent.core.errors import Conflict
from talent.core.repository import record_changes
from talent.core.types import Strict
from talent.experts.models import ExpertRead, ExpertStatus
from talent.experts.repository import ExpertRepository

# What the ministry allows each expert unless it set otherwise: one programme to lead, and
# three roles in all; the roles they are already proposed for count against both.
DEFAULT_LEAD_LIMIT = 1
DEFAULT_ROLE_LIMIT = 3
# The most lead roles the ministry may allow one person: a chief engineer or architect of more
# than this many programmes at once is not a person but a committee.
MAX_LEAD_LIMIT = 5
HOME = "VN"
# A month's working hours, and what a lead role and any role take of them: hours an expert has
# declared committed elsewhere lower what they may take on.
MONTH_HOURS = 160
LEAD_HOURS = 40
ROLE_HOURS = 20


def person(ledger: Ledger, today: date | None = None) -> Person:
    """The rules' view of a candidate: the ministry's limits, lowered by the hours they have
    committed elsewhere (while those last), less the roles they hold elsewhere."""
    leads_held = sum(1 for kind in ledger.held if kind in LEAD_KINDS)
    lead_limit = DEFAULT_LEAD_LIMIT if ledger.lead_limit is None else ledger.lead_limit
    role_limit = DEFAULT_ROLE_LIMIT
    ends = ledger.commitment_until
    if ledger.commitment_hours and (ends is None or ends >= (today or date.today())):
        free = max(0, MONTH_HOURS - ledger.commitment_hours)
        lead_limit = min(lead_limit, free // LEAD_HOURS)
        role_limit = min(role_limit, free // ROLE_HOURS)
    return Person(
        expert=ledger.expert_id,
        at_home=ledger.country == HOME,
        diaspora=ledger.diaspora,
        organizations=ledger.organizations,
        years=ledger.years,
        lead_limit=max(0, lead_limit - leads_held),
        role_limit=max(0, role_limit - len(ledger.held)),
    )


class LeadLimit(Strict):
    """The lead roles the ministry allows one expert; none: the default (1)."""

    lead_limit: int | None = Field(ge=0, le=MAX_LEAD_LIMIT)


class HeldView(BaseModel):
    role_id: str
    title: str
    kind: str
    programme_id: str
    programme_name: str
    at: int = Field(description="when the accepted assignment proposed them (ms)")
    assignment: str


class LedgerView(BaseModel):
    """What the ledger allows the expert now, and why."""

    expert_id: str
    lead_limit: int = Field(description="lead roles the ministry allows, as set or by default")
    lead_limit_set: bool = Field(description="the ministry set it for this expert")
    commitment_hours: int
    commitment_until: date | None
    proposed: list[HeldView] = Field(description="the roles they are proposed for now")
    leads_left: int = Field(description="lead roles an assignment may still propose them for")
    roles_left: int = Field(description="roles in all an assignment may still propose them for")
    version: int = Field(description="the profile's version, for If-Match when setting the limit")


def ledger_of(store: GraphStore, expert_id: str, *, today: date | None = None) -> LedgerView:
    """The expert's ledger as an assignment would read it, with the roles it counts."""
    day = today or date.today()
    expert = ExpertRepository(store).get(expert_id)
    repo = AssignmentRepository(store)
    held: list[Held] = repo.held_by(expert.id)
    facts = repo.ledgers([expert.id], [], day.year)[expert.id]
    left = person(facts, day)
    return LedgerView(
        expert_id=expert.id,
        lead_limit=DEFAULT_LEAD_LIMIT if expert.lead_limit is None else expert.lead_limit,
        lead_limit_set=expert.lead_limit is not None,
        commitment_hours=expert.commitment_hours,
        commitment_until=expert.commitment_until,
        proposed=[HeldView.model_validate(h, from_attributes=True) for h in held],
        leads_left=left.lead_limit,
        roles_left=left.role_limit,
        version=expert.version,
    )


def set_lead_limit(
    store: GraphStore,
    actor: AccountRead,
    expert_id: str,
    limit: LeadLimit,
    *,
    expected: int | None = None,
) -> ExpertRead:
    """The ministry's lead limit for one expert (none: back to the default), written at the
    version read (or `expected`, the client's) in one transaction with its audit event."""

    def work(tx: GraphStore) -> ExpertRead:
        experts = ExpertRepository(tx)
        expert = experts.get(expert_id)
        if expert.status in (ExpertStatus.MERGED, ExpertStatus.WITHDRAWN):
            raise Conflict(f"'{expert.id}' is {expert.status}", fields={"status": expert.status})
        experts.set_lead_limit(expert, limit.lead_limit, expected=expected)
        record_changes(tx, expert_changes([expert.id]))
        details = {"from": expert.lead_limit, "to": limit.lead_limit}
        AuditLog(tx).record(actor_of(actor), Action.EXPERT_LEAD_LIMIT, "expert", expert.id, details)
        return experts.get(expert.id)

    return store.write(work)
