"""A result page is checked against the graph: an index built before a withdrawal or a change
of consent does not show what the expert has since taken back."""

from graph.neo4j_store import Neo4jStore
from matching.live import read_live
from talent.accounts.models import AccountRead, Role
from talent.duplicates.checker import DuplicateChecker
from talent.experts.models import ExpertCreate, ExpertUpdate
from talent.experts.service import ExpertService
from talent.experts.visibility import Clearance
from talent.search.index import SearchIndex
from talent.search.service import SearchRequest, current_page, search

ADMIN = AccountRead(
    id="admin", email="admin@example.org", role=Role.ADMIN, name="a", active=True, created_at=0
)


def _expert(name: str, email: str) -> ExpertCreate:
    return ExpertCreate.model_validate(
        {
            "full_name": name,
            "country": "VN",
            "emails": [email],
            "consent": {"match": True, "contact": True},
            "visibility": {"emails": "staff"},
        }
    )


def _page(store: Neo4jStore, index: SearchIndex) -> list[tuple[str, list[str] | None]]:
    result = search(index, SearchRequest(q="Pham"), limit=10, cursor=None)
    fresh = current_page(store, result, Clearance.STAFF)
    return [(h.full_name, h.emails) for h in fresh.items]


def test_a_stale_index_shows_neither_withdrawn_profiles_nor_retracted_contacts(
    store: Neo4jStore,
) -> None:
    experts, checker = ExpertService(store), DuplicateChecker(store)
    leaving = experts.create(
        ADMIN, _expert("Phạm Minh Đức", "duc@example.org"), duplicates=checker
    ).id
    hiding = experts.create(
        ADMIN, _expert("Phạm Thu Trang", "trang@example.org"), duplicates=checker
    ).id
    index = read_live(store).search
    assert sorted(_page(store, index)) == [
        ("Phạm Minh Đức", ["duc@example.org"]),
        ("Phạm Thu Trang", ["trang@example.org"]),
    ]
    experts.withdraw(ADMIN, leaving)
    experts.update(ADMIN, hiding, ExpertUpdate(consent={"match": True, "contact": False}))
    assert _page(store, index) == [("Phạm Thu Trang", None)]
