"""Rows of one list that may be one person: the dry run says so as the run will, whether the
earlier row is in the same chunk or an earlier one, and the run queues the pair for review."""

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import AccountRead, Role
from talent.accounts.notices import Notices
from talent.audit.log import Actor
from talent.bulk import judging, running, service
from talent.bulk.repository import CHUNK_ROWS
from talent.duplicates.checker import DuplicateChecker
from talent.duplicates.scoring import DuplicateIndex, Profile
from talent.experts.models import ExpertCreate, ExpertUpdate
from talent.experts.repository import ExpertRepository
from talent.experts.service import ExpertService
from talent.resources.service import create
from talent.reviews.models import ReviewKind, ReviewState
from talent.reviews.queue import ReviewQueue
from talent.snapshot.follower import Follower

OFFICER = AccountRead(
    id="officer-dup",
    email="officer.dup@example.org",
    role=Role.MINISTRY,
    name="Cán bộ",
    active=True,
    created_at=0,
)
HEADER = "Họ và tên,Thư điện tử,Quốc gia,Kỹ năng"
# Same skills and country: support enough for an admin to look (not to call it likely).
TWIN_SKILLS = "Học máy:4; Thị giác máy tính:3"


def _filler(n: int) -> str:
    # Alike in name, but nothing else shared beyond the country: no pair among them.
    return f"Người {n:04d} Số,filler{n}@example.org,JP,"


def _import(store: Neo4jStore, lines: list[str]) -> tuple[str, dict[int, tuple[str, list[int]]]]:
    data = "\n".join([HEADER, *lines]).encode()
    listed = service.upload(
        store=store, caller=OFFICER, data=data, filename="l.csv", max_bytes=10**7, max_rows=10**4
    )
    report = service.dry_run(store=store, checker=DuplicateChecker(store), list_id=listed.id)
    return listed.id, {r.row: (r.outcome.value, r.duplicate_rows) for r in report.rows}


def _run(store: Neo4jStore, list_id: str) -> None:
    notices = Notices(store, lambda ids: None, "http://talent.example")
    importer = running.Importer(store=store, checker=DuplicateChecker(store), notices=notices)
    actor = Actor(id=OFFICER.id, role=OFFICER.role.value)
    importer.import_list(list_id=list_id, job_id="dup-run", actor=actor, invite=False)


def _pairs(store: Neo4jStore) -> list[list[str]]:
    reviews = ReviewQueue(store).page(
        state=ReviewState.OPEN, kind=ReviewKind.DUPLICATE, after="", limit=100
    )
    return [sorted(r.expert_ids) for r in reviews.items]


def test_a_twin_in_the_same_chunk_is_named_by_its_row_and_queued(store: Neo4jStore) -> None:
    list_id, rows = _import(
        store,
        [
            f"Phạm Thị Lan,lan.pham@example.org,VN,{TWIN_SKILLS}",
            _filler(1),
            f"Lan Pham Thi,lan.pt@example.org,Việt Nam,{TWIN_SKILLS}",
        ],
    )
    assert rows == {2: ("created", []), 3: ("created", []), 4: ("created", [2])}
    _run(store, list_id)
    assert _pairs(store) == [
        sorted([judging.expert_id_of(list_id, 2), judging.expert_id_of(list_id, 4)])
    ]


def test_a_twin_in_a_later_chunk_is_found_by_the_dry_run_as_by_the_run(
    store: Neo4jStore,
) -> None:
    twin_row = CHUNK_ROWS + 5
    lines = [f"Phạm Thị Lan,lan.pham@example.org,VN,{TWIN_SKILLS}"]
    lines += [_filler(n) for n in range(3, twin_row)]
    lines.append(f"PHAM THI LAN,lan.second@example.org,VN,{TWIN_SKILLS}")
    list_id, rows = _import(store, lines)
    assert rows[twin_row] == ("created", [2])
    assert [n for n, (_, dups) in rows.items() if dups] == [twin_row]
    _run(store, list_id)
    assert _pairs(store) == [
        sorted([judging.expert_id_of(list_id, 2), judging.expert_id_of(list_id, twin_row)])
    ]


def test_a_run_adds_its_own_rows_to_the_index_and_later_changes_are_still_followed(
    store: Neo4jStore,
) -> None:
    lines = [_filler(n) for n in range(CHUNK_ROWS + 10)]
    list_id, _ = _import(store, lines)
    checker = DuplicateChecker(store)
    notices = Notices(store, lambda ids: None, "http://talent.example")
    importer = running.Importer(store=store, checker=checker, notices=notices)
    actor = Actor(id=OFFICER.id, role=OFFICER.role.value)
    importer.import_list(list_id=list_id, job_id="own-rows", actor=actor, invite=False)
    follower = checker.source
    assert isinstance(follower, Follower)
    # The first chunk's profiles were added by the run, not read back from the graph (row by
    # row or by building the index again).
    assert (follower.stats().rebuilds, follower.stats().applied) == (1, 0)
    index = checker.index()
    first, last = judging.expert_id_of(list_id, 2), judging.expert_id_of(list_id, CHUNK_ROWS + 11)
    assert index.holder("email", "filler0@example.org") == first
    assert index.holder("email", f"filler{CHUNK_ROWS + 9}@example.org") == last
    admin = AccountRead(
        id="admin-dup",
        email="a@example.org",
        role=Role.ADMIN,
        name="Quản trị",
        active=True,
        created_at=0,
    )
    ExpertService(store).update(admin, first, ExpertUpdate(emails=["lan.moved@example.org"]))
    index = checker.index()
    assert index.holder("email", "lan.moved@example.org") == first
    assert index.holder("email", "filler0@example.org") is None


def test_rows_assumed_into_an_index_the_follower_replaced_are_read_back(
    store: Neo4jStore,
) -> None:
    checker = DuplicateChecker(store)
    followed = checker.index()
    item = ExpertCreate(full_name="Đỗ Quang Huy", country="VN", emails=["huy.do@example.org"])
    huy = create(repo=ExpertRepository(store), item=item, actor=Actor(id="t", role="admin")).id
    # Added by its writer to an index that is no longer the one followed (a full build
    # replaced it): the follower must read the row itself.
    stale = DuplicateIndex()
    stale.add(Profile.of(huy, item))
    assert checker.index(written=[huy], into=stale).holder("email", "huy.do@example.org") == huy
    assert checker.index() is followed
    # Added to the followed index itself: not read back.
    item2 = ExpertCreate(full_name="Mai Thu Hà", country="VN", emails=["ha.mai@example.org"])
    ha = create(repo=ExpertRepository(store), item=item2, actor=Actor(id="t", role="admin")).id
    assert isinstance(checker.source, Follower)
    applied = checker.source.stats().applied
    assert checker.index(written=[ha], into=followed) is followed
    assert checker.source.stats().applied == applied
    assert followed.holder("email", "ha.mai@example.org") is None
