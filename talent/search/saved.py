"""Saved searches: any search with its filters, named by the ministry officer or lead who saved
it; opening it shows its results with those new since the last visit marked, and remembers
what it showed for the next one. Nobody sees or opens another's."""

from pydantic import BaseModel

from graph import GraphStore
from talent.accounts.models import AccountRead
from talent.alerts.models import WatchKind
from talent.alerts.service import unwatch
from talent.core.errors import Conflict, NotFound
from talent.core.ids import new_id, now_ms
from talent.search.cards import SearchPage, search_page
from talent.search.index import SearchIndex
from talent.search.models import SavedSearch, SavedSearchCreate
from talent.search.repository import SavedSearchRepository
from talent.search.service import search

# What a visit remembers: the first results, as far as a person reads down a list.
REMEMBERED = 200
MAX_SAVED = 100


class Visit(BaseModel):
    """A saved search opened: its results, and which of them are new since the last visit
    (none on the first)."""

    saved: SavedSearch
    page: SearchPage
    new: list[str]


def save(
    store: GraphStore, index: SearchIndex, account: AccountRead, request: SavedSearchCreate
) -> SavedSearch:
    """The search kept under its name, once it runs (a skill no taxonomy term names is refused
    now, with its suggestions, rather than at every visit)."""
    search(index, request.search, limit=1, cursor=None)
    repo = SavedSearchRepository(store)
    if len(repo.of_owner(account.id)) >= MAX_SAVED:
        raise Conflict(
            f"you keep {MAX_SAVED} saved searches already: delete one first",
            fields={"name": request.name},
        )
    saved = SavedSearch(
        id=new_id(),
        owner=account.id,
        name=request.name,
        search=request.search,
        created_at=now_ms(),
    )
    return repo.create(saved)


def saved_searches(store: GraphStore, account: AccountRead) -> list[SavedSearch]:
    return SavedSearchRepository(store).of_owner(account.id)


def _own(store: GraphStore, account: AccountRead, saved_id: str) -> SavedSearch:
    found = SavedSearchRepository(store).get(saved_id, account.id)
    if found is None:
        # Another's saved search is not the caller's to know of: as one that does not exist.
        raise NotFound(f"no saved search '{saved_id}'", fields={"id": saved_id})
    return found


def visit(
    store: GraphStore,
    index: SearchIndex,
    account: AccountRead,
    saved_id: str,
    *,
    limit: int,
    cursor: str | None = None,
    remember: bool = True,
) -> Visit:
    """The saved search run now; those of its first results it did not show at the last visit
    are new. The first page of a visit is remembered for the next (`remember`)."""
    saved = _own(store, account, saved_id)
    page = search_page(
        store=store, index=index, request=saved.search, limit=limit, cursor=cursor, caller=account
    )
    before = set(saved.seen)
    shown = [card.hit.expert_id for card in page.cards]
    new = [e for e in shown if e not in before] if saved.seen_at is not None else []
    if remember and cursor is None:
        # From the index alone: what is remembered is not shown, so no contact is read.
        top = search(index, saved.search, limit=REMEMBERED, cursor=None)
        ids = [hit.expert_id for hit in top.items]
        SavedSearchRepository(store).seen(saved.id, account.id, ids, now_ms())
    return Visit(saved=saved, page=page, new=new)


def forget(store: GraphStore, account: AccountRead, saved_id: str) -> None:
    """The saved search deleted, with the caller's watch of it."""

    def work(tx: GraphStore) -> None:
        if not SavedSearchRepository(tx).delete(saved_id, account.id):
            raise NotFound(f"no saved search '{saved_id}'", fields={"id": saved_id})
        unwatch(tx, account, WatchKind.SEARCH, saved_id)

    store.write(work)
