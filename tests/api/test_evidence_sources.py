"""Evidence by source over HTTP: per technology group, the works of its experts by origin and
trust level, and how fresh they are; ministries and admins only."""

import time
from typing import Any

import httpx

from graph import Mode, Query
from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from tests.accounts import SignIn
from tests.factories import expert_body

API = "/api/v1"
AI = "qd21-2026:g01"
DAY_MS = 24 * 3600 * 1000


def _expert(client: httpx.Client, name: str, **extra: Any) -> str:
    body = expert_body(
        full_name=name, skills=[{"skill_id": "machine-learning", "level": 3}], **extra
    )
    response = client.post(f"{API}/experts", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _work(
    client: httpx.Client,
    store: Neo4jStore,
    authors: list[str],
    *,
    origin: str | None,
    source: str = "self_declared",
    days_ago: int = 0,
) -> str:
    body = {"title": f"Công trình {time.monotonic_ns()}", "author_ids": authors, "source": source}
    response = client.post(f"{API}/works", json=body)
    assert response.status_code == 201, response.text
    work_id = str(response.json()["id"])
    # As an import sets it (origin) and as time passes (updated_at).
    at = int(time.time() * 1000) - days_ago * DAY_MS
    text = "MATCH (w:Work {id: $id}) SET w.origin = $origin, w.updated_at = $at"
    store.run(Query(text, {"id": work_id, "origin": origin, "at": at}, Mode.WRITE))
    return work_id


def test_works_of_a_groups_experts_by_origin_trust_and_freshness(
    client: httpx.Client, store: Neo4jStore
) -> None:
    huong = _expert(client, "Nguyễn Thị Hương")
    binh = _expert(client, "Trần Văn Bình", orcid=None)
    pending = _expert(client, "Lê Hoàng Phương", status="pending", orcid=None)
    _work(client, store, [huong, binh], origin="orcid", source="imported")  # one work, twice
    _work(client, store, [huong], origin="openalex", source="imported", days_ago=400)
    _work(client, store, [binh], origin=None, days_ago=30)
    _work(client, store, [binh], origin=None, source="ministry_verified", days_ago=800)
    _work(client, store, [pending], origin="crossref")  # not counted: not active

    rows = client.get(f"{API}/insights/evidence-sources").json()
    assert len(rows) == 10
    ai = next(r for r in rows if r["group"] == AI)
    assert ai["experts"] == 2
    assert ai["works"] == 4
    assert ai["by_origin"] == {
        "orcid": 1,
        "openalex": 1,
        "crossref": 0,
        "bibtex": 0,
        "ris": 0,
        "manual": 2,
    }
    assert ai["by_source"] == {
        "self_declared": 1,
        "institution_confirmed": 0,
        "ministry_verified": 1,
        "imported": 2,
    }
    assert ai["recent"] == 2
    assert ai["recent_share"] == 0.5
    assert time.time() * 1000 - ai["newest"] < 60_000
    other = next(r for r in rows if r["group"] != AI and r["experts"] == 0)
    assert (other["works"], other["newest"], other["recent_share"]) == (0, None, 0.0)


def _as(role: Role, client: httpx.Client, as_role: SignIn) -> httpx.Client:
    """Signed in with `role`; an expert with a profile of their own."""
    if role is not Role.EXPERT:
        return as_role(role)
    body = expert_body(full_name="Phạm Thị Lan", orcid=None)
    profile = client.post(f"{API}/experts", json=body).json()["id"]
    return as_role(role, profile)


def test_only_ministries_and_admins_read_it(
    client: httpx.Client, as_role: SignIn, anonymous: httpx.Client
) -> None:
    assert client.get(f"{API}/insights/evidence-sources").status_code == 200
    assert as_role(Role.MINISTRY).get(f"{API}/insights/evidence-sources").status_code == 200
    for role in (Role.EXPERT, Role.PROGRAMME_LEAD):
        assert _as(role, client, as_role).get(f"{API}/insights/evidence-sources").status_code == 403
    assert anonymous.get(f"{API}/insights/evidence-sources").status_code == 401
