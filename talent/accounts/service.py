"""Accounts as admins list, create, deactivate and reactivate them; each change is audited."""

from graph import GraphStore
from graph.errors import GraphConflict
from talent.accounts.models import AccountCreate, AccountRead
from talent.accounts.repository import AccountRepository
from talent.audit.changes import mask
from talent.audit.log import Action, Actor, AuditLog
from talent.core.errors import Conflict
from talent.core.pagination import Page, page_of


def page(*, repo: AccountRepository, after: str, limit: int) -> Page[AccountRead]:
    """`limit` accounts in id order after the id `after`, with a cursor only if more follow."""
    rows = repo.page(after=after, limit=limit + 1)
    return page_of(rows, limit=limit, key=lambda account: account.id)


def create(*, repo: AccountRepository, actor: Actor, item: AccountCreate) -> AccountRead:
    """An admin's new account (409 if the e-mail has one), audited in the same transaction
    with its role, name, profile and masked e-mail; never the password."""

    def work(tx: GraphStore) -> AccountRead:
        created = AccountRepository(tx).create(item)
        details = {
            "email": mask(created.email),
            "role": created.role.value,
            "name": created.name,
            "expert_id": item.expert_id,
        }
        AuditLog(tx).record(actor, Action.ACCOUNT_CREATE, "account", created.id, details)
        return created

    try:
        return repo.store.write(work)
    except GraphConflict:
        # An account that took the address meanwhile (a confirmed registration).
        email = str(item.email).lower()
        raise Conflict("an account with this e-mail exists", fields={"email": email}) from None


def deactivate(*, repo: AccountRepository, actor: Actor, account_id: str) -> AccountRead:
    """Close an account (its tokens stop at once), audited in the same transaction; the last
    active admin stays open (409)."""

    def work(tx: GraphStore) -> AccountRead:
        accounts = AccountRepository(tx)
        account = accounts.get(account_id)  # 404 for an unknown id
        if not accounts.deactivate(account_id):
            raise Conflict(
                "the last active admin cannot be deactivated; make another admin first",
                fields={"account_id": account_id},
            )
        details = {"email": mask(account.email), "role": account.role.value}
        AuditLog(tx).record(actor, Action.ACCOUNT_DEACTIVATE, "account", account_id, details)
        return accounts.get(account_id)

    return repo.store.write(work)


def reactivate(*, repo: AccountRepository, actor: Actor, account_id: str) -> AccountRead:
    """Open a closed account again, audited in the same transaction. 409 for an open one, a
    pending one (its mailed link opens it), one withdrawn for good, or an expert's whose
    profile another account owns by now: one profile, one owner."""

    def work(tx: GraphStore) -> AccountRead:
        accounts = AccountRepository(tx)
        account = accounts.get(account_id)  # 404 for an unknown id
        if account.active:
            raise Conflict("the account is open already", fields={"account_id": account_id})
        if accounts.standing(account_id).pending_email is not None:
            raise Conflict(
                "the account awaits the confirmation of its e-mail; its mailed link opens it",
                fields={"account_id": account_id},
            )
        expert_id = account.expert_id
        if expert_id and accounts.has_other_owner(expert_id, account_id):
            raise Conflict("this profile already has an owner", fields={"expert_id": expert_id})
        if not accounts.reactivate(account_id):
            raise Conflict(
                "this account cannot be opened again: it was withdrawn, or changed meanwhile",
                fields={"account_id": account_id},
            )
        details = {"email": mask(account.email), "role": account.role.value}
        AuditLog(tx).record(actor, Action.ACCOUNT_REACTIVATE, "account", account_id, details)
        return accounts.get(account_id)

    return repo.store.write(work)
