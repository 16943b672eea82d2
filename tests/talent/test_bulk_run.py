"""The import run against the tests' Neo4j: chunks written whole, cancelled between chunks,
resumed without writing twice, and a chunk that fails part-way leaving nothing."""

from collections.abc import Iterator, Sequence

import pytest

from graph.neo4j_store import Neo4jStore
from graph.queries import entities
from talent.accounts.models import AccountRead, Role
from talent.accounts.notices import Notices
from talent.audit.log import Actor
from talent.bulk import running, service
from talent.bulk.models import ExpertList
from talent.bulk.repository import CHUNK_ROWS, Chunk, ExpertListRepository
from talent.duplicates.checker import DuplicateChecker
from talent.outbox.repository import OutboxRepository

OFFICER = AccountRead(
    id="officer-1",
    email="officer@example.org",
    role=Role.MINISTRY,
    name="Cán bộ",
    active=True,
    created_at=0,
)
ACTOR = Actor(id=OFFICER.id, role=OFFICER.role.value)


class Crash(Exception):
    pass


def _csv(rows: int) -> bytes:
    lines = ["Họ và tên,Thư điện tử,Mã,Quốc gia"]
    lines += [f"Chuyên gia {n:05d},expert{n}@example.org,K-{n},VN" for n in range(rows)]
    return "\n".join(lines).encode()


def _importer(store: Neo4jStore, sent: list[str]) -> running.Importer:
    def dispatch(ids: Sequence[str]) -> None:
        sent.extend(ids)

    notices = Notices(store, dispatch, "http://talent.example")
    return running.Importer(store=store, checker=DuplicateChecker(store), notices=notices)


def _listed(store: Neo4jStore, rows: int) -> ExpertList:
    listed = service.upload(
        store=store,
        caller=OFFICER,
        data=_csv(rows),
        filename="list.csv",
        max_bytes=10_000_000,
        max_rows=10_000,
    )
    service.dry_run(store=store, checker=DuplicateChecker(store), list_id=listed.id)
    return listed


def _experts(store: Neo4jStore) -> int:
    return len(store.run(entities.page(entities.EXPERT, after="", limit=10_000)))


def test_a_run_cancelled_between_chunks_resumes_without_writing_twice(
    store: Neo4jStore,
) -> None:
    listed = _listed(store, 2 * CHUNK_ROWS + 7)
    sent: list[str] = []
    importer = _importer(store, sent)
    seen: list[tuple[int, int]] = []

    def stop_after_first(done: int, total: int) -> bool:
        seen.append((done, total))
        return False

    first = importer.import_list(
        list_id=listed.id, job_id="job-1", actor=ACTOR, invite=True, progress=stop_after_first
    )
    assert seen == [(CHUNK_ROWS, 2 * CHUNK_ROWS + 7)]
    assert first["created"] == CHUNK_ROWS
    assert _experts(store) == CHUNK_ROWS
    assert len(sent) == CHUNK_ROWS
    # The worker died or the run was cancelled: the next run writes the chunks left.
    again = importer.import_list(list_id=listed.id, job_id="job-2", actor=ACTOR, invite=True)
    assert again["created"] == 2 * CHUNK_ROWS + 7
    assert _experts(store) == 2 * CHUNK_ROWS + 7
    # One invitation per created profile, never a second for one the first run wrote.
    assert len(sent) == len(set(sent)) == 2 * CHUNK_ROWS + 7
    assert OutboxRepository(store).count_pending("expert3@example.org") == 1
    # A third run finds every chunk written: nothing changes.
    third = importer.import_list(list_id=listed.id, job_id="job-3", actor=ACTOR, invite=True)
    assert third == again
    assert _experts(store) == 2 * CHUNK_ROWS + 7


def test_a_chunk_that_fails_part_way_leaves_nothing_and_is_written_whole_again(
    store: Neo4jStore,
) -> None:
    listed = _listed(store, 20)
    sent: list[str] = []
    importer = _importer(store, sent)

    def crash_at_the_end(_: str, text: str, __: int) -> None:
        # The chunk's last statement: its experts, audit events and mails were written.
        if "SET c.outcomes" in text:
            raise Crash

    store.fault = crash_at_the_end
    with pytest.raises(Crash):
        importer.import_list(list_id=listed.id, job_id="job-1", actor=ACTOR, invite=True)
    store.fault = None
    assert _experts(store) == 0
    assert OutboxRepository(store).count_pending() == 0
    assert sent == []
    done = importer.import_list(list_id=listed.id, job_id="job-2", actor=ACTOR, invite=True)
    assert done["created"] == 20
    assert _experts(store) == 20
    assert OutboxRepository(store).count_pending() == 20


def test_a_row_refused_for_one_cell_writes_nothing_of_that_person(store: Neo4jStore) -> None:
    data = (
        "Họ và tên,Thư điện tử,Quốc gia,Kỹ năng\n"
        "Nguyễn Thị Hương,huong@example.org,VN,Học máy:4; Không có kỹ năng này\n"
        "Trần Văn Bình,binh@example.org,VN,Học sâu (5)\n"
    ).encode()
    listed = service.upload(
        store=store, caller=OFFICER, data=data, filename="a.csv", max_bytes=10**6, max_rows=10
    )
    report = service.dry_run(store=store, checker=DuplicateChecker(store), list_id=listed.id)
    assert [(r.row, r.outcome.value) for r in report.rows] == [(2, "refused"), (3, "created")]
    assert report.rows[0].problems[0].column == "Kỹ năng"
    done = _importer(store, []).import_list(
        list_id=listed.id, job_id="j", actor=ACTOR, invite=False
    )
    assert (done["created"], done["refused"]) == (1, 1)
    names = [
        row["node"]["full_name"]
        for row in store.run(entities.page(entities.EXPERT, after="", limit=10))
    ]
    assert names == ["Trần Văn Bình"]


def test_a_chunk_another_delivery_wrote_meanwhile_is_not_written_again(
    store: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = _listed(store, 30)
    sent: list[str] = []
    importer = _importer(store, sent)
    first = importer.import_list(list_id=listed.id, job_id="job-1", actor=ACTOR, invite=True)
    assert len(sent) == 30
    # A second delivery that read the chunks before the first wrote them: it sees them as
    # not done, and the chunk's own check under its lock must stop it.
    chunks = ExpertListRepository.chunks

    def stale(self: ExpertListRepository, list_id: str) -> Iterator[Chunk]:
        for chunk in chunks(self, list_id):
            yield Chunk(chunk.n, chunk.rows, done=False)

    monkeypatch.setattr(ExpertListRepository, "chunks", stale)
    again = importer.import_list(list_id=listed.id, job_id="job-2", actor=ACTOR, invite=True)
    assert again == first
    assert len(sent) == 30
    assert _experts(store) == 30
