"""A job's outcome against a cancel that arrives as its worker finishes: whichever is first
wins, and the job never stays "cancelling" with no worker left to settle it (seen: a list's
dry run, cancelled by a new mapping the moment it finished, stuck in "cancelling")."""

import pytest

from graph.neo4j_store import Neo4jStore
from talent.core.errors import Conflict
from talent.jobs import service as jobs_service
from talent.jobs.model import JobState
from talent.jobs.repository import JobRepository
from tests.graph.test_uniqueness_races import _race


def _running(store: Neo4jStore) -> str:
    jobs = JobRepository(store)
    job_id = jobs.create(kind="reminders", params={}).id
    assert jobs.claim(job_id, stale_after_ms=60_000) is not None
    return job_id


def test_a_cancel_that_read_the_job_before_its_worker_finished_is_refused(
    store: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    jobs = JobRepository(store)
    job_id = _running(store)
    read_while_running = jobs.get(job_id)
    assert read_while_running is not None
    assert jobs.finish(job_id, {"sent": 3}) is not None
    # The cancel's own read happened before the finish: it still believes the job runs.
    stale_reads = iter([read_while_running])
    real_get = jobs_service.get
    monkeypatch.setattr(jobs_service, "get", lambda s, i: next(stale_reads, None) or real_get(s, i))
    with pytest.raises(Conflict):
        jobs_service.request_cancel(store, job_id)
    after = jobs.get(job_id)
    assert after is not None
    assert (after.state, after.result) == (JobState.SUCCEEDED, {"sent": 3})


def test_a_worker_finishing_after_a_cancel_was_asked_records_it_cancelled(
    store: Neo4jStore,
) -> None:
    jobs = JobRepository(store)
    job_id = _running(store)
    assert jobs_service.request_cancel(store, job_id).state is JobState.CANCELLING
    finished = jobs.finish(job_id, {"sent": 1})
    assert finished is not None
    assert finished.state is JobState.CANCELLED


def test_a_finish_does_not_undo_a_cancel_or_a_failure_recorded_before_it(
    store: Neo4jStore,
) -> None:
    jobs = JobRepository(store)
    for settled in (JobState.CANCELLED, JobState.FAILED):
        job_id = _running(store)
        assert jobs.move(job_id, states=[JobState.RUNNING], to=settled) is not None
        assert jobs.finish(job_id, {"sent": 1}) is None
        after = jobs.get(job_id)
        assert after is not None
        assert after.state is settled


def test_cancels_racing_a_finish_leave_the_job_settled(store: Neo4jStore) -> None:
    jobs = JobRepository(store)
    for _ in range(5):
        job_id = _running(store)

        def attempt(n: int, job_id: str = job_id) -> object:
            if n == 0:
                return jobs.finish(job_id, {"sent": 1})
            return jobs_service.request_cancel(store, job_id)

        _, errors = _race(attempt)
        assert all(isinstance(e, Conflict) for e in errors), errors
        after = jobs.get(job_id)
        assert after is not None
        assert after.state in {JobState.SUCCEEDED, JobState.CANCELLED}
