"""The duplicate checker follows the graph: new and changed profiles by a partial refresh,
merges, undos, deletions and a refilled graph by a full rebuild."""

from api.store import prepare
from graph import GraphStore
from talent.accounts.models import AccountRead, Role
from talent.duplicates.checker import DuplicateChecker
from talent.experts.models import ExpertCreate
from talent.experts.service import ExpertService
from talent.reviews.merges import Merges
from tests.conftest import CataloguedStore

ADMIN = AccountRead(
    id="admin", email="admin@example.org", role=Role.ADMIN, name="a", active=True, created_at=0
)


def _expert(name: str, email: str, **extra: object) -> ExpertCreate:
    return ExpertCreate.model_validate(
        {"full_name": name, "country": "VN", "emails": [email], "birth_year": 1980, **extra}
    )


def _found(checker: DuplicateChecker, item: ExpertCreate) -> list[str]:
    return [c.id for c in checker.find(item)]


def _add(store: GraphStore, item: ExpertCreate) -> str:
    return str(ExpertService(store).create(ADMIN, item, duplicates=DuplicateChecker(store)).id)


def test_new_and_changed_profiles_are_seen_without_a_full_rebuild(store: CataloguedStore) -> None:
    checker = DuplicateChecker(store)
    first = _add(store, _expert("Nguyễn Văn Ánh", "anh@example.org"))
    assert _found(checker, _expert("Anh Nguyen Van", "anh@example.org")) == [first]
    second = _add(store, _expert("Trần Thị Bích", "bich@example.org"))
    assert _found(checker, _expert("Tran Thi Bich", "bich@example.org")) == [second]
    ExpertService(store).withdraw(ADMIN, second)
    assert _found(checker, _expert("Tran Thi Bich", "bich@example.org")) == []
    assert (checker.full_builds, checker.refreshes) == (1, 2)


def test_merges_undos_and_a_refilled_graph_rebuild_the_index(store: CataloguedStore) -> None:
    checker = DuplicateChecker(store)
    survivor = _add(store, _expert("Lê Văn Hùng", "hung@example.org"))
    merged = _add(store, _expert("Hung Le", "hung.le@example.org"))
    probe = _expert("Le Hung", "hung.le@example.org")
    assert merged in _found(checker, probe)
    merge = Merges(store).merge(ADMIN, survivor, merged)
    assert merged not in _found(checker, probe)
    Merges(store).undo(ADMIN, merge.id)
    assert merged in _found(checker, probe)
    assert checker.full_builds == 3

    store.drop_all()
    prepare(store)
    assert _found(checker, probe) == []
