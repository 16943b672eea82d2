"""Accounts as admins list, create and deactivate them; each change is audited."""

from talent.accounts.models import AccountCreate, AccountRead
from talent.accounts.repository import AccountRepository
from talent.audit.changes import mask
from talent.audit.log import Action, Actor, AuditLog
from talent.core.pagination import Page, page_of


def page(*, repo: AccountRepository, after: str, limit: int) -> Page[AccountRead]:
    """`limit` accounts in id order after the id `after`, with a cursor only if more follow."""
    rows = repo.page(after=after, limit=limit + 1)
    return page_of(rows, limit=limit, key=lambda account: account.id)


def create(*, repo: AccountRepository, actor: Actor, item: AccountCreate) -> AccountRead:
    """An admin's new account (409 if the e-mail has one), audited with its role, name,
    profile and masked e-mail; never the password."""
    created = repo.create(item)
    details = {
        "email": mask(created.email),
        "role": created.role.value,
        "name": created.name,
        "expert_id": item.expert_id,
    }
    AuditLog(repo.store).record(actor, Action.ACCOUNT_CREATE, "account", created.id, details)
    return created


def deactivate(*, repo: AccountRepository, actor: Actor, account_id: str) -> AccountRead:
    """Close an account (its tokens stop at once), audited."""
    closed = repo.deactivate(account_id)
    details = {"email": mask(closed.email), "role": closed.role.value}
    AuditLog(repo.store).record(actor, Action.ACCOUNT_DEACTIVATE, "account", account_id, details)
    return closed
