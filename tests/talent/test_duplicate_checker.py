"""The duplicate checker follows the change log: new and changed profiles, merges, undos and
withdrawals change the index profile by profile; only a refilled graph rebuilds it whole."""

from api.store import prepare
from graph import GraphStore
from graph.neo4j_store import Neo4jStore
from talent.accounts.models import AccountRead, Role
from talent.duplicates.checker import DuplicateChecker
from talent.experts.models import ExpertCreate
from talent.experts.service import ExpertService
from talent.reviews.merges import Merges
from talent.snapshot.follower import Follower

ADMIN = AccountRead(
    id="admin", email="admin@example.org", role=Role.ADMIN, name="a", active=True, created_at=0
)


def _expert(name: str, email: str, **extra: object) -> ExpertCreate:
    return ExpertCreate.model_validate(
        {"full_name": name, "country": "VN", "emails": [email], "birth_year": 1980, **extra}
    )


def _found(checker: DuplicateChecker, item: ExpertCreate) -> list[str]:
    return [c.id for c in checker.find(item)]


def _stats(checker: DuplicateChecker) -> tuple[int, int]:
    assert isinstance(checker.source, Follower)
    return checker.source.rebuilds, checker.source.applied


def _add(store: GraphStore, item: ExpertCreate) -> str:
    return str(ExpertService(store).create(ADMIN, item, duplicates=DuplicateChecker(store)).id)


def test_new_and_changed_profiles_are_seen_without_a_full_rebuild(store: Neo4jStore) -> None:
    checker = DuplicateChecker(store)
    first = _add(store, _expert("Nguyễn Văn Ánh", "anh@example.org"))
    assert _found(checker, _expert("Anh Nguyen Van", "anh@example.org")) == [first]
    second = _add(store, _expert("Trần Thị Bích", "bich@example.org"))
    assert _found(checker, _expert("Tran Thi Bich", "bich@example.org")) == [second]
    ExpertService(store).withdraw(ADMIN, second)
    assert _found(checker, _expert("Tran Thi Bich", "bich@example.org")) == []
    # Built once; then the second profile's creation and the withdrawal, record by record.
    assert _stats(checker)[0] == 1
    assert _stats(checker)[1] >= 2


def test_merges_and_undos_follow_the_log_and_a_refilled_graph_rebuilds(
    store: Neo4jStore,
) -> None:
    checker = DuplicateChecker(store)
    survivor = _add(store, _expert("Lê Văn Hùng", "hung@example.org"))
    merged = _add(store, _expert("Hung Le", "hung.le@example.org"))
    probe = _expert("Le Hung", "hung.le@example.org")
    assert merged in _found(checker, probe)
    merge = Merges(store).merge(ADMIN, survivor, merged)
    assert merged not in _found(checker, probe)
    Merges(store).undo(ADMIN, merge.id)
    assert merged in _found(checker, probe)
    assert _stats(checker)[0] == 1

    store.drop_all()
    prepare(store)
    assert _found(checker, probe) == []
    assert _stats(checker)[0] == 2
