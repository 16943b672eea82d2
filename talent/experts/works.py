"""An expert's works as staff read them on the expert's page: every work listing the expert
(staff read all works, as over the API), newest first, each co-author named only where the
viewer may open that co-author's profile (an active one: a pending or withdrawn profile is
not found by staff, so it is not named either)."""

from pydantic import BaseModel

from graph import GraphStore
from talent.experts.models import ExpertStatus
from talent.resources import service
from talent.resources.catalog import WORK
from talent.resources.models import WorkRead
from talent.resources.repository import ResourceRepository
from talent.search.repository import SearchRepository

# The most works the page lists (a page of the API's largest size, four times over).
MAX_SHOWN = 200


class CoAuthor(BaseModel):
    expert_id: str
    name: str


class ShownWork(BaseModel):
    work: WorkRead
    co_authors: list[CoAuthor]


class AuthoredWorks(BaseModel):
    works: list[ShownWork]
    more: bool  # the expert has more works than are shown


def authored(*, store: GraphStore, expert_id: str) -> AuthoredWorks:
    """The works listing `expert_id` (the profile as read, a merge's survivor), newest first,
    with the co-authors a staff member may open."""
    repo = ResourceRepository(store, WORK)
    found = service.page(repo=repo, after="", limit=MAX_SHOWN, owner_id=expert_id)
    shown = found.items
    others = sorted({a for w in shown for a in w.author_ids if a != expert_id})
    cards = SearchRepository(store).current_cards(others)
    open_to_staff = {
        i: card.name for i, card in cards.items() if card.status == ExpertStatus.ACTIVE.value
    }
    ordered = sorted(shown, key=lambda w: (-(w.year or 0), w.title.casefold(), w.id))
    return AuthoredWorks(
        works=[
            ShownWork(
                work=w,
                co_authors=[
                    CoAuthor(expert_id=a, name=open_to_staff[a])
                    for a in w.author_ids
                    if a != expert_id and a in open_to_staff
                ],
            )
            for w in ordered
        ],
        more=found.next_cursor is not None,
    )
