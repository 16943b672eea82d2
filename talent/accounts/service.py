"""Accounts as admins list them."""

from talent.accounts.models import AccountRead
from talent.accounts.repository import AccountRepository
from talent.core.pagination import Page, page_of


def page(*, repo: AccountRepository, after: str, limit: int) -> Page[AccountRead]:
    """`limit` accounts in id order after the id `after`, with a cursor only if more follow."""
    rows = repo.page(after=after, limit=limit + 1)
    return page_of(rows, limit=limit, key=lambda account: account.id)
