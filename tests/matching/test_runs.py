"""Stored runs read back through the API, and starting a full match when the broker is down;
no worker needed."""

import json
from typing import Any

import httpx
import pytest
from pydantic import JsonValue

from graph.neo4j_store import Neo4jStore
from graph.queries import matching as q
from matching import runs
from matching.models import MatchJobRequest, MatchRunParams
from matching.repository import MatchRunRepository
from talent.audit.models import Actor
from talent.core.errors import ServiceUnavailable
from talent.jobs.model import JobState
from talent.jobs.repository import JobRepository
from tests.matching.helpers import API, role

ML = {"skill_id": "machine-learning", "weight": 1, "min_level": 3}
ACTOR = Actor(id="tester", role="admin")


def _stored(rank: int, *, via: bool) -> dict[str, Any]:
    """A candidate as a run stores it: the explanation's JSON, keys sorted."""
    matched: dict[str, Any] = {
        "credit": 0.5, "label": "Machine learning", "level": 4, "min_level": 3, "must": True,
        "relation": "exact", "skill_id": "machine-learning", "weight": 1.0,
    }  # fmt: skip
    if via:
        matched["relation"] = "narrower"
        matched["via"] = {"label": "Deep learning", "skill_id": "deep-learning"}
    feature = {"contribution": 0.1, "value": 0.5, "weight": 0.2}
    return {
        "expert": {"country": "VN", "full_name": f"Expert {rank}", "headline": None,
                   "residency": "domestic"},
        "expert_id": f"e{rank}",
        "features": {"skill": feature, "evidence": feature},
        "network_path": [
            {"id": f"e{rank}", "label": "Expert", "name": f"Expert {rank}"},
            {"rel": "AFFILIATED"},
            {"id": "o1", "label": "Organization", "name": None},
            {"rel": "CONTRACTOR_OF"},
            {"id": "p1", "label": "Programme", "name": "AI"},
        ],
        "rank": rank,
        "score": 1 - rank / 10,
        "skills": {
            "matched": [matched],
            "missing": [{"label": "Computer vision", "min_level": 2, "must": False,
                         "skill_id": "computer-vision", "weight": 0.5}],
        },
        "works": [{"kind": None, "similarity": 0.3, "title": "A paper", "work_id": "w1",
                   "year": 2020}],
    }  # fmt: skip


def _run_with(store: Neo4jStore, role_id: str, candidates: list[dict[str, Any]]) -> str:
    """A run as a full match job leaves it, written directly."""
    run = MatchRunRepository(store).create(
        run_id=f"run-{role_id}", role_id=role_id, job_id="job-1", params=MatchRunParams(limit=10)
    )
    rows = [
        {
            "rank": c["rank"],
            "expert_id": c["expert_id"],
            "score": c["score"],
            "explanation": json.dumps(c, sort_keys=True),
        }
        for c in candidates
    ]
    store.run(q.add_run_candidates(run.id, rows))
    return run.id


def test_a_stored_run_reads_back_as_it_was_stored_page_by_page(
    client: httpx.Client, store: Neo4jStore
) -> None:
    stored = [_stored(rank, via=rank % 2 == 0) for rank in range(1, 5)]
    run_id = _run_with(store, role(client, requirements=[ML]), stored)
    url = f"{API}/match-runs/{run_id}/candidates"
    first = client.get(url, params={"limit": 2}).json()
    assert first["items"] == stored[:2]
    assert first["next_cursor"] is not None
    last = client.get(url, params={"limit": 2, "cursor": first["next_cursor"]}).json()
    # Four candidates in pages of two: the second page is the last and says so.
    assert last == {"items": stored[2:], "next_cursor": None}
    assert client.get(url, params={"limit": 4}).json() == {"items": stored, "next_cursor": None}


def test_a_run_keeps_its_parameters_and_shows_null_until_counted(
    client: httpx.Client, store: Neo4jStore
) -> None:
    run_id = _run_with(store, role(client, requirements=[ML]), [])
    run = client.get(f"{API}/match-runs/{run_id}").json()
    assert run["params"] == {"limit": 10}
    assert run["state"] == "queued"
    assert run["excluded"] is None
    assert run["weights"] is None


class _Broker:
    def __init__(self, store: Neo4jStore, *, fails: bool) -> None:
        self.store = store
        self.fails = fails
        self.sent: list[tuple[str, list[JsonValue], str]] = []

    def send_task(
        self, name: str, args: list[JsonValue], *, task_id: str, ignore_result: bool
    ) -> object:
        run_id = str(args[1])
        # Sent only once the job and its run are written: the worker always finds them.
        assert JobRepository(self.store).get(task_id) is not None
        assert MatchRunRepository(self.store).get(run_id).job_id == task_id
        if self.fails:
            raise ConnectionError("broker down")
        self.sent.append((name, args, task_id))
        return None


def test_a_match_job_is_sent_after_its_job_and_run_are_written(
    client: httpx.Client, store: Neo4jStore
) -> None:
    role_id = role(client, requirements=[ML])
    broker = _Broker(store, fails=False)
    request = MatchJobRequest(limit=5, weights={"network": 0.5})
    job = runs.start(store, broker, actor=ACTOR, role_id=role_id, request=request)
    params = {"limit": 5, "weights": {"network": 0.5}}
    assert broker.sent == [(runs.MATCH_ROLE_TASK, [job.id, job.run_id, role_id, params], job.id)]
    assert job.params == {"role_id": role_id, "run_id": job.run_id, **params}
    assert job.state == "queued"


def test_a_match_job_the_broker_cannot_take_fails_with_its_run(
    client: httpx.Client, store: Neo4jStore
) -> None:
    role_id = role(client, requirements=[ML])
    with pytest.raises(ServiceUnavailable):
        runs.start(store, _Broker(store, fails=True), actor=ACTOR, role_id=role_id,
                   request=MatchJobRequest())  # fmt: skip
    [run] = client.get(f"{API}/roles/{role_id}/match-runs").json()
    assert (run["state"], run["error"]) == ("failed", "broker unavailable")
    job = JobRepository(store).get(run["job_id"])
    assert job is not None
    assert (job.state, job.error) == (JobState.FAILED, "broker unavailable")
