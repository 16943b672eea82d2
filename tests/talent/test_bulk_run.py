"""The import run against the tests' Neo4j: chunks written whole, cancelled between chunks,
resumed without writing twice, and a chunk that fails part-way leaving nothing."""

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pytest
from pydantic import JsonValue

from graph.neo4j_store import Neo4jStore
from graph.queries import entities, expert_lists
from graph.query import Query
from talent.accounts.models import AccountRead, Role
from talent.accounts.notices import Notices
from talent.audit.log import Actor
from talent.bulk import judging, running, service
from talent.bulk.columns import Field
from talent.bulk.models import ExpertList, RowReport
from talent.bulk.repository import CHUNK_ROWS, Chunk, ExpertListRepository
from talent.core.errors import Conflict, Stale
from talent.duplicates.checker import DuplicateChecker
from talent.jobs.model import DRY_RUN_EXPERTS_TASK, JobResult, JobState
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


class Sent:
    """A broker that records what it is asked to send and sends nothing."""

    def __init__(self) -> None:
        self.tasks: list[tuple[str, list[JsonValue]]] = []

    def send_task(
        self, name: str, args: list[JsonValue], *, task_id: str, ignore_result: bool
    ) -> object:
        self.tasks.append((name, args))
        return None


def _uploaded(store: Neo4jStore, rows: int) -> ExpertList:
    return service.upload(
        store=store,
        caller=OFFICER,
        data=_csv(rows),
        filename="list.csv",
        max_bytes=10_000_000,
        max_rows=10_000,
    )


def _run(store: Neo4jStore, listed: ExpertList, job_id: str, version: int) -> JobResult:
    return service.run_dry_run(
        store=store,
        checker=DuplicateChecker(store),
        list_id=listed.id,
        job_id=job_id,
        version=version,
        actor=ACTOR,
        progress=lambda done, total: True,
    )


def test_a_dry_run_job_keeps_its_report_only_for_the_mapping_it_judged(
    store: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = _uploaded(store, 12)
    broker = Sent()
    job = service.start_dry_run(store=store, broker=broker, caller=OFFICER, list_id=listed.id)
    sent = [listed.id, 2, OFFICER.id, "ministry"]
    assert broker.tasks == [(DRY_RUN_EXPERTS_TASK, [job.id, *sent])]
    with pytest.raises(Conflict, match="still going") as going:
        service.report(store, listed.id)
    assert going.value.fields == {"dry_run": "running", "dry_run_job": job.id}
    # The mapping changes while the rows are judged: nothing of the old mapping is kept.
    judge = judging.judge_list
    mapping = [Field.FULL_NAME, Field.EMAILS, None, Field.COUNTRY]

    def judge_then_remap(*args: Any) -> dict[int, list[RowReport]] | None:
        found = judge(*args)
        service.set_mapping(store=store, caller=OFFICER, list_id=listed.id, mapping=mapping)
        return found

    monkeypatch.setattr("talent.bulk.service.judge_list", judge_then_remap)
    with pytest.raises(Stale, match="its report was not kept"):
        _run(store, listed, job.id, 2)
    monkeypatch.setattr("talent.bulk.service.judge_list", judge)
    now = service.get(store, listed.id)
    assert (now.mapping, now.dry_run, now.dry_run_job, now.version) == (mapping, None, None, 3)
    assert ExpertListRepository(store).reports(listed.id) == []
    # The job the new mapping left behind is refused at its start too.
    with pytest.raises(Stale):
        _run(store, listed, job.id, 3)
    # A fresh dry run's job stores its report, with the mapping it judged.
    again = service.start_dry_run(store=store, broker=broker, caller=OFFICER, list_id=listed.id)
    result = _run(store, listed, again.id, 4)
    assert (result["created"], result["stored"]) == (12, True)
    kept = service.get(store, listed.id)
    assert (kept.dry_run_job, kept.version, kept.mapping) == (again.id, 5, mapping)
    assert kept.dry_run is not None
    assert kept.dry_run.created == 12
    assert len(ExpertListRepository(store).reports(listed.id)) == 12


def test_a_second_dry_run_cancels_the_first_and_a_cancelled_one_stores_nothing(
    store: Neo4jStore,
) -> None:
    listed = _uploaded(store, 5)
    broker = Sent()
    first = service.start_dry_run(store=store, broker=broker, caller=OFFICER, list_id=listed.id)
    second = service.start_dry_run(store=store, broker=broker, caller=OFFICER, list_id=listed.id)
    assert service.dry_run_job(store, listed.id, first.id).state is JobState.CANCELLED
    service.cancel_dry_run(store, listed.id, second.id)
    stopped = service.run_dry_run(
        store=store,
        checker=DuplicateChecker(store),
        list_id=listed.id,
        job_id=second.id,
        version=3,
        actor=ACTOR,
        progress=lambda done, total: False,
    )
    assert stopped == {"list_id": listed.id, "stored": False}
    assert service.get(store, listed.id).dry_run is None


def test_a_start_that_finds_the_list_changed_leaves_no_job_waiting(
    store: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = _uploaded(store, 3)
    broker = Sent()
    # Another request moves the list on between this one's read and its write.
    real = ExpertListRepository.start_dry_run

    def raced(self: ExpertListRepository, *args: Any, version: int) -> ExpertList:
        return real(self, *args, version=version + 1)

    monkeypatch.setattr(ExpertListRepository, "start_dry_run", raced)
    with pytest.raises(Stale):
        service.start_dry_run(store=store, broker=broker, caller=OFFICER, list_id=listed.id)
    assert broker.tasks == []
    left = store.run(Query("MATCH (j:Job) RETURN j.state AS state"))
    assert [row["state"] for row in left] == ["cancelled"]


def _operators(plan: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    yield plan["operatorType"], str(plan.get("args", {}).get("Details", ""))
    for child in plan.get("children", []):
        yield from _operators(child)


def test_a_list_is_keyed_and_its_chunks_are_found_through_an_index(store: Neo4jStore) -> None:
    found = store.run(
        Query(
            "SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type "
            "WHERE labelsOrTypes = ['ExpertList'] RETURN properties, type"
        )
    )
    assert found == [{"properties": ["id"], "type": "UNIQUENESS"}]
    for query in (
        expert_lists.claim_chunk("l", 3, "j"),
        expert_lists.chunks("l"),
        expert_lists.chunk_reports("l"),
    ):
        with store._driver.session() as session:
            plan = session.run(f"EXPLAIN {query.text}", query.params).consume().plan
        assert plan is not None
        seeks = [d for op, d in _operators(plan) if op.startswith("NodeIndexSeek")]
        assert any(":ExpertListChunk(list_id, n)" in d for d in seeks), list(_operators(plan))
