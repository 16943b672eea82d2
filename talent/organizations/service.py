"""An admin's decision on an organisation proposed at registration; the organisations as the
admin pages list them (with how many profiles name each); an organisation deleted only while
no profile names it."""

from graph import GraphStore
from talent.accounts.models import AccountRead
from talent.audit.log import Action, Actor, AuditLog, actor_of
from talent.core.changes import ORGANIZATION, Change, Kind, expert_changes
from talent.core.errors import Conflict, NotFound
from talent.core.repository import record_changes
from talent.organizations.models import Listed, OrganizationDecision, ProposedOrganization
from talent.organizations.repository import OrganizationRepository
from talent.resources import service as resources
from talent.resources.catalog import ORGANIZATION as ORGANIZATIONS
from talent.resources.models import OrganizationRead
from talent.resources.repository import ResourceRepository

# The queue is short (proposals are rate-limited with registrations): one page shows it all.
MAX_PROPOSED = 200


def proposed(*, store: GraphStore, limit: int = MAX_PROPOSED) -> list[ProposedOrganization]:
    """The organisations waiting for review, oldest first."""
    return OrganizationRepository(store).proposed(limit)


def decide(
    *, store: GraphStore, admin: AccountRead, org_id: str, body: OrganizationDecision
) -> None:
    """One transaction with its audit event and change records: approved, the organisation is
    offered to everyone; rejected, it is deleted with the affiliations naming it. 404 for no
    such organisation, 409 for one not (or no longer) waiting: of two admins deciding at once,
    the second."""

    def work(tx: GraphStore) -> None:
        repo = OrganizationRepository(tx)
        if repo.find(org_id) is None:
            raise NotFound(f"organization '{org_id}' does not exist", fields={"id": org_id})
        changes = [Change(ORGANIZATION, org_id, Kind.UPDATED)]
        details: dict[str, object] = {"decision": body.decision}
        if body.decision == "approve":
            decided = repo.approve(org_id)
        else:
            experts = repo.reject(org_id)
            decided = experts is not None
            changes = [Change(ORGANIZATION, org_id, Kind.DELETED)]
            changes += expert_changes(experts or [])
            details["experts"] = experts or []
        if not decided:
            raise Conflict(
                "the organisation is not waiting for review", fields={"id": "already decided"}
            )
        record_changes(tx, changes)
        AuditLog(tx).record(actor_of(admin), Action.REVIEW_DECIDE, "organization", org_id, details)

    store.write(work)


def listed(*, store: GraphStore, after: str, limit: int) -> tuple[list[Listed], str | None]:
    """A page of organisations in id order, each with how many profiles name it; the id the
    next page starts after (None on the last)."""
    rows = ResourceRepository(store, ORGANIZATIONS).page(after=after, limit=limit + 1)
    items, more = rows[:limit], len(rows) > limit
    counts = OrganizationRepository(store).affiliated_counts([o.id for o in items])
    found = [Listed(organization=o, experts=counts[o.id]) for o in items]
    return found, (items[-1].id if more and items else None)


def delete(*, store: GraphStore, actor: Actor, org_id: str) -> OrganizationRead:
    """Delete the organisation, audited, unless a profile names it as an affiliation (409,
    saying how many): deleting it would silently take their affiliations with it."""

    def work(tx: GraphStore) -> OrganizationRead:
        repo = ResourceRepository(tx, ORGANIZATIONS)
        current = repo.get(org_id)  # 404 for an unknown id
        named = OrganizationRepository(tx).affiliated_counts([org_id])[org_id]
        if named:
            raise Conflict(
                "profiles name this organisation as an affiliation; it cannot be deleted",
                fields={"experts": str(named)},
            )
        resources.delete(repo=repo, resource_id=org_id, actor=actor)
        return current

    return store.write(work)


def affiliated(*, store: GraphStore, org_id: str) -> int:
    """How many profiles name the organisation as an affiliation."""
    return OrganizationRepository(store).affiliated_counts([org_id])[org_id]
