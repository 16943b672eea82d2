"""Skills that define a technology group, role headcounts as demand, and programmes held to the
decision in force, over real HTTP against the embedded graph."""

from typing import Any

import httpx

from api.auth import SESSION_COOKIE
from api.web import i18n
from graph.neo4j_store import Neo4jStore
from talent.resources.catalog import PROGRAMME
from talent.resources.models import ProgrammeCreate
from talent.resources.repository import ResourceRepository
from tests.factories import expert_body

API = "/api/v1"
AI = "qd21-2026:g01"
CHIPS = "qd21-2026:g06"
OLD_AI = "qd1131-2025:g01"


def _expert(client: httpx.Client, name: str, skills: list[dict[str, Any]]) -> str:
    body = expert_body(full_name=name, skills=skills, orcid=None)
    response = client.post(f"{API}/experts", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _programme(client: httpx.Client, **body: Any) -> httpx.Response:
    return client.post(f"{API}/programmes", json={"name": "Chip AI quốc gia", **body})


def _role(client: httpx.Client, programme_id: str, skill_id: str, **extra: Any) -> httpx.Response:
    body = {
        "programme_id": programme_id,
        "title": "Tổng công trình sư",
        "requirements": [{"skill_id": skill_id, "weight": 1}],
        **extra,
    }
    return client.post(f"{API}/roles", json=body)


def _capability(client: httpx.Client, group: str) -> dict[str, Any]:
    rows = client.get(f"{API}/insights/capability-map").json()
    return dict(next(r for r in rows if r["group"] == group))


def test_a_cross_cutting_skill_alone_puts_no_expert_in_a_group(client: httpx.Client) -> None:
    skill = client.get(f"{API}/taxonomy/skills/technology-transfer").json()
    assert skill["cross_cutting"] is True
    assert len(skill["groups"]) == 10  # still listed under every group, for reference
    assert client.get(f"{API}/taxonomy/skills/ic-design").json()["cross_cutting"] is False
    _expert(client, "Lý Thị Quản", [{"skill_id": "technology-transfer", "level": 5}])
    _expert(
        client,
        "Lý Văn Chíp",
        [{"skill_id": "ic-design", "level": 5}, {"skill_id": "engineering-leadership", "level": 5}],
    )

    found = client.get(f"{API}/experts/search").json()
    assert found["total"] == 2
    assert found["facets"]["group"] == {CHIPS: 1}
    assert client.get(f"{API}/experts/search", params={"group": AI}).json()["total"] == 0
    ai, chips = _capability(client, AI), _capability(client, CHIPS)
    assert sum(ai["experts"].values()) == 0
    assert sum(chips["leading"].values()) == 1
    # A role asking only for leadership is demand in no group.
    pid = _programme(client).json()["id"]
    assert _role(client, pid, "engineering-leadership").status_code == 201
    assert _capability(client, CHIPS)["open_roles"] == 0


def test_capability_demand_sums_the_headcounts_of_open_roles(client: httpx.Client) -> None:
    _expert(client, "Võ Minh Chíp", [{"skill_id": "ic-design", "level": 5}])
    pid = _programme(client, tech_group_ids=[CHIPS]).json()["id"]
    assert _role(client, pid, "ic-design", headcount=3).status_code == 201
    assert _role(client, pid, "soc-architecture", headcount=2).status_code == 201
    assert _role(client, pid, "risc-v").json()["headcount"] == 1
    closed = _programme(client, status="closed").json()["id"]
    assert _role(client, closed, "ic-design", headcount=50).status_code == 201

    chips = _capability(client, CHIPS)
    assert (chips["open_roles"], chips["demand"], chips["gap"]) == (3, 6, 5)
    csv = client.get(f"{API}/insights/capability-map.csv").text.splitlines()
    header = csv[0].split(",")
    line = next(row.split(",") for row in csv if row.startswith(CHIPS))
    assert line[header.index("demand")] == "6"
    assert line[header.index("gap")] == "5"


def test_a_headcount_outside_1_to_100_is_refused_naming_the_field(client: httpx.Client) -> None:
    pid = _programme(client).json()["id"]
    for wrong in (0, 101, "many"):
        response = _role(client, pid, "ic-design", headcount=wrong)
        assert response.status_code == 422, wrong
        assert "headcount" in response.json()["fields"]
    rid = _role(client, pid, "ic-design", headcount=4).json()["id"]
    assert client.patch(f"{API}/roles/{rid}", json={"headcount": 0}).status_code == 422
    changed = client.patch(f"{API}/roles/{rid}", json={"headcount": 7})
    assert changed.status_code == 200, changed.text
    assert client.get(f"{API}/roles/{rid}").json()["headcount"] == 7


def test_a_programme_for_a_superseded_group_is_refused_naming_tech_group_ids(
    client: httpx.Client, store: Neo4jStore
) -> None:
    refused = _programme(client, tech_group_ids=[AI, OLD_AI])
    assert refused.status_code == 422
    message = refused.json()["fields"]["tech_group_ids"]
    assert OLD_AI in message
    assert "1131" in message
    assert "21/2026" in message
    pid = _programme(client, tech_group_ids=[AI]).json()["id"]
    patched = client.patch(f"{API}/programmes/{pid}", json={"tech_group_ids": [OLD_AI]})
    assert patched.status_code == 422
    assert "tech_group_ids" in patched.json()["fields"]
    assert client.get(f"{API}/programmes/{pid}").json()["tech_group_ids"] == [AI]

    # A programme that targeted the old group before keeps reading and changing fine.
    ResourceRepository(store, PROGRAMME).upsert_many(
        [("old-programme", ProgrammeCreate(name="AI 2025", tech_group_ids=[OLD_AI]))]
    )
    assert client.get(f"{API}/programmes/old-programme").json()["tech_group_ids"] == [OLD_AI]
    renamed = client.patch(f"{API}/programmes/old-programme", json={"name": "AI 2025-2030"})
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["tech_group_ids"] == [OLD_AI]


def test_a_search_hit_says_through_which_skill_a_requirement_was_met(
    client: httpx.Client,
) -> None:
    deep = _expert(client, "Lê Học Sâu", [{"skill_id": "deep-learning", "level": 4}])
    ml = _expert(client, "Lê Học Máy", [{"skill_id": "machine-learning", "level": 3}])
    found = client.get(f"{API}/experts/search", params={"skills": "machine learning"}).json()
    matched = {hit["expert_id"]: hit["matched"] for hit in found["items"]}
    assert matched[deep] == [
        {
            "skill_id": "machine-learning",
            "via_skill_id": "deep-learning",
            "via_label": "Deep learning",
            "via_label_vi": "Học sâu",
            "level": 4,
        }
    ]
    assert matched[ml][0]["via_skill_id"] == "machine-learning"

    # The ministry's search page says it too, in the viewer's language.
    token = client.headers["authorization"].removeprefix("Bearer ")
    for language, phrase in (("vi", "qua học sâu"), ("en", "via deep learning")):
        cookies = {SESSION_COOKIE: token, i18n.COOKIE: language}
        with httpx.Client(base_url=str(client.base_url), cookies=cookies, timeout=30) as pages:
            page = pages.get("/search", params={"skills": "machine learning"})
        assert page.status_code == 200, page.text
        assert phrase in page.text
