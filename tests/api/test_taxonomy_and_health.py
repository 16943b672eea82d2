import httpx

from tests.api.paging import pages

API = "/api/v1"


def test_current_groups_list_ten_with_products(client: httpx.Client) -> None:
    groups = client.get(f"{API}/taxonomy/groups", params={"version": "qd21-2026"}).json()
    assert [g["no"] for g in groups] == list(range(1, 11))
    assert sum(len(g["products"]) for g in groups) == 30
    assert all(g["skill_count"] > 0 for g in groups)


def test_skills_of_a_group_and_narrower_concepts(client: httpx.Client) -> None:
    page = client.get(
        f"{API}/taxonomy/skills", params={"group": "qd21-2026:g06", "limit": 200}
    ).json()
    assert any(s["id"] == "risc-v" for s in page["items"])
    narrower = client.get(f"{API}/taxonomy/skills/machine-learning/narrower").json()
    assert {"deep-learning", "reinforcement-learning"} <= {s["id"] for s in narrower}
    skill = client.get(f"{API}/taxonomy/skills/deep-learning").json()
    assert skill["label_vi"] == "Học sâu"
    assert skill["broader"] == ["machine-learning"]
    assert client.get(f"{API}/taxonomy/skills/nope/narrower").status_code == 404


def test_health_reports_graph_and_broker(client: httpx.Client) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    # The worker and the beat have their own tests (tests/api/test_workers.py).
    assert {k: body[k] for k in ("graph", "broker", "backend")} == {
        "graph": "ok",
        "broker": "ok",
        "backend": "neo4j",
    }
    assert {"status", "worker", "beat", "beat_last_run"} <= body.keys()


def test_the_skills_list_ends_without_an_empty_page(client: httpx.Client) -> None:
    group = {"group": "qd21-2026:g06"}
    [every] = pages(client, f"{API}/taxonomy/skills", limit=200, **group)
    assert len(every) > 2
    assert pages(client, f"{API}/taxonomy/skills", limit=len(every), **group) == [every]
    half = len(every) // 2
    assert pages(client, f"{API}/taxonomy/skills", limit=len(every) - 1, **group) == [
        every[:-1],
        every[-1:],
    ]
    halves = pages(client, f"{API}/taxonomy/skills", limit=half, **group)
    assert [skill for page in halves for skill in page] == every
