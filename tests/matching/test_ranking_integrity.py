"""One role, one data version, one ranking: a candidate's own shortlisting is no tie of hers,
and a full match job stores exactly the scores and order that live matches give."""

import subprocess
import time
from typing import Any

import httpx

from tests.matching.helpers import API, expert, matches, organization, ranked_ids, role, work

ML = {"skill_id": "machine-learning", "weight": 1, "min_level": 3}
CONFIRMED = "institution_confirmed"


def _by_id(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["expert_id"]: item for item in result["items"]}


def test_shortlisting_a_candidate_leaves_her_own_score_unchanged(client: httpx.Client) -> None:
    lab = organization(client, "Viện Trí tuệ nhân tạo")
    chosen = expert(client, affiliations=[{"organization_id": lab, "source": CONFIRMED}])
    colleague = expert(client, affiliations=[{"organization_id": lab, "source": CONFIRMED}])
    role_id = role(client, requirements=[ML])
    before = _by_id(matches(client, role_id))[chosen]
    assert before["features"]["network"]["value"] == 0.0
    shortlisted = client.post(
        f"{API}/roles/{role_id}/shortlist",
        json={"expert_id": chosen, "reason": "led the national speech platform"},
    )
    assert shortlisted.status_code == 200, shortlisted.text
    after = _by_id(matches(client, role_id))
    # Neither her shortlisting nor her own membership of her lab ties her to the programme.
    assert after[chosen]["features"]["network"]["value"] == 0.0
    assert after[chosen]["score"] == before["score"]
    assert after[chosen]["network_path"] == []
    # Her colleague is tied through her: a tie from someone else.
    assert after[colleague]["features"]["network"]["value"] == 0.5
    path = [step.get("id") for step in after[colleague]["network_path"] if "id" in step]
    assert path == [colleague, lab, chosen, path[-1]]


def _job_candidates(client: httpx.Client, role_id: str) -> list[dict[str, Any]]:
    started = client.post(f"{API}/roles/{role_id}/match-jobs", json={"limit": 10})
    assert started.status_code == 202, started.text
    url = f"{API}/roles/{role_id}/match-jobs/{started.json()['id']}"
    deadline = time.monotonic() + 120
    while (job := client.get(url).json())["state"] not in {"succeeded", "failed", "cancelled"}:
        assert time.monotonic() < deadline, job
        time.sleep(0.1)
    assert job["state"] == "succeeded", job
    stored: list[dict[str, Any]] = client.get(
        f"{API}/match-runs/{job['run_id']}/candidates"
    ).json()["items"]
    return stored


def test_a_match_job_stores_the_scores_and_order_of_live_matches(
    client: httpx.Client, worker: subprocess.Popen[bytes]
) -> None:
    speech = expert(client, skills=[{"skill_id": "machine-learning", "level": 4}])
    graphs = expert(client, skills=[{"skill_id": "machine-learning", "level": 5}])
    vision = expert(client, skills=[{"skill_id": "machine-learning", "level": 3}])
    work(client, speech, "Deep learning for speech recognition", "speech models")
    work(client, graphs, "Graph databases at scale", "storage engines")
    work(client, vision, "Vision transformers for satellite images", "deep learning on images")
    role_id = role(client, requirements=[ML], description="speech recognition with deep learning")
    # The service's index learns its text model from these three works ...
    matches(client, role_id)
    # ... and a work written afterwards is one it did not learn from; the worker's index,
    # built afresh, learns from all four.
    vocoder = expert(client, skills=[{"skill_id": "machine-learning", "level": 4}])
    work(client, vocoder, "Speech synthesis with neural vocoders", "deep learning for speech")
    live = matches(client, role_id, k=10)
    stored = _job_candidates(client, role_id)
    assert ranked_ids(live) == [speech, graphs, vocoder, vision]
    assert [(c["expert_id"], c["score"]) for c in stored] == [
        (c["expert_id"], c["score"]) for c in live["items"]
    ]
    assert [c["features"] for c in stored] == [c["features"] for c in live["items"]]
