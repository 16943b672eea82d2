"""Accounts as admins list, create, deactivate and reactivate them; each change is audited."""

from talent.accounts.models import AccountCreate, AccountRead
from talent.accounts.repository import AccountRepository
from talent.audit.changes import mask
from talent.audit.log import Action, Actor, AuditLog
from talent.core.errors import Conflict
from talent.core.pagination import Page, page_of
from talent.core.repository import Unit


def page(*, repo: AccountRepository, after: str, limit: int) -> Page[AccountRead]:
    """`limit` accounts in id order after the id `after`, with a cursor only if more follow."""
    rows = repo.page(after=after, limit=limit + 1)
    return page_of(rows, limit=limit, key=lambda account: account.id)


def create(*, repo: AccountRepository, actor: Actor, item: AccountCreate) -> AccountRead:
    """An admin's new account (409 if the e-mail has one), audited in the same unit of work
    with its role, name, profile and masked e-mail; never the password."""
    email = str(item.email).lower()
    repo.check_new(item)
    unit = Unit(repo.store, "account.create", keys=[f"email:{email}"])
    with unit.required():
        created = AccountRepository(unit).insert(item)
    details = {
        "email": mask(created.email),
        "role": created.role.value,
        "name": created.name,
        "expert_id": item.expert_id,
    }
    AuditLog(unit).record(actor, Action.ACCOUNT_CREATE, "account", created.id, details)
    unit.apply(
        refused=lambda: Conflict("an account with this e-mail exists", fields={"email": email})
    )
    return created


def deactivate(*, repo: AccountRepository, actor: Actor, account_id: str) -> AccountRead:
    """Close an account (its tokens stop at once), audited in the same unit of work; the last
    active admin stays open (409)."""
    account = repo.get(account_id)  # 404 for an unknown id
    unit = Unit(repo.store, "account.deactivate", keys=[f"Account:{account_id}"])
    with unit.required():
        AccountRepository(unit).deactivate(account_id)
    details = {"email": mask(account.email), "role": account.role.value}
    AuditLog(unit).record(actor, Action.ACCOUNT_DEACTIVATE, "account", account_id, details)
    unit.apply(
        refused=lambda: Conflict(
            "the last active admin cannot be deactivated; make another admin first",
            fields={"account_id": account_id},
        )
    )
    return repo.get(account_id)


def reactivate(*, repo: AccountRepository, actor: Actor, account_id: str) -> AccountRead:
    """Open a closed account again, audited in the same unit of work. 409 for an open one, a
    pending one (its mailed link opens it), one withdrawn for good, or an expert's whose
    profile another account owns by now: one profile, one owner."""
    account = repo.get(account_id)  # 404 for an unknown id
    if account.active:
        raise Conflict("the account is open already", fields={"account_id": account_id})
    if repo.standing(account_id).pending_email is not None:
        raise Conflict(
            "the account awaits the confirmation of its e-mail; its mailed link opens it",
            fields={"account_id": account_id},
        )
    if account.expert_id and repo.has_other_owner(account.expert_id, account_id):
        raise Conflict("this profile already has an owner", fields={"expert_id": account.expert_id})
    unit = Unit(repo.store, "account.reactivate", keys=[f"Account:{account_id}"])
    with unit.required():
        AccountRepository(unit).reactivate(account_id)
    details = {"email": mask(account.email), "role": account.role.value}
    AuditLog(unit).record(actor, Action.ACCOUNT_REACTIVATE, "account", account_id, details)
    unit.apply(
        refused=lambda: Conflict(
            "this account cannot be opened again: it was withdrawn, or changed meanwhile",
            fields={"account_id": account_id},
        )
    )
    return repo.get(account_id)
