"""An admin's decision on an organisation proposed at registration."""

from graph import GraphStore
from talent.accounts.models import AccountRead
from talent.audit.log import Action, AuditLog, actor_of
from talent.core.changes import ORGANIZATION, Change, Kind, expert_changes
from talent.core.errors import Conflict, NotFound
from talent.core.repository import record_changes
from talent.organizations.models import OrganizationDecision, ProposedOrganization
from talent.organizations.repository import OrganizationRepository

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
