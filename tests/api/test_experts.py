"""Experts over HTTP: create, read, update, list, delete, and refusals that store nothing."""

import httpx

from tests.factories import expert_body, organization_body

API = "/api/v1"


def _count(client: httpx.Client) -> int:
    total, cursor = 0, None
    while True:
        params = {"limit": 200} | ({"cursor": cursor} if cursor else {})
        page = client.get(f"{API}/experts", params=params).json()
        total += len(page["items"])
        cursor = page["next_cursor"]
        if not cursor:
            return total


def test_create_then_read_returns_the_expert_with_skills_and_affiliations(
    client: httpx.Client,
) -> None:
    org = client.post(f"{API}/organizations", json=organization_body()).json()
    body = expert_body(
        affiliations=[{"organization_id": org["id"], "title": "Professor", "team_size": 12}]
    )
    created = client.post(f"{API}/experts", json=body)
    assert created.status_code == 201, created.text
    expert = client.get(f"{API}/experts/{created.json()['id']}").json()
    assert expert["full_name"] == "Nguyễn Văn Ánh"
    assert expert["name_folded"] == "nguyen van anh"
    assert expert["residency"] == "domestic"
    assert [s["skill_id"] for s in expert["skills"]] == ["computer-vision", "machine-learning"]
    assert expert["affiliations"][0]["organization_id"] == org["id"]
    assert expert["affiliations"][0]["team_size"] == 12


def test_an_invalid_expert_gets_422_naming_each_field(client: httpx.Client) -> None:
    body = expert_body(country="XX", skills=[{"skill_id": "machine-learning", "level": 9}])
    response = client.post(f"{API}/experts", json=body)
    assert response.status_code == 422
    error = response.json()
    assert error["error"] == "ValidationError"
    assert set(error["fields"]) == {"country", "skills[0].level"}


def test_an_unknown_skill_is_refused_and_nothing_is_stored(client: httpx.Client) -> None:
    before = _count(client)
    body = expert_body(
        skills=[{"skill_id": "machine-learning", "level": 3}, {"skill_id": "alchemy", "level": 2}]
    )
    response = client.post(f"{API}/experts", json=body)
    assert response.status_code == 422
    assert response.json()["fields"] == {"skills[1].skill_id": "no Skill with id 'alchemy'"}
    assert _count(client) == before


def test_patch_changes_only_the_fields_sent_and_replaces_skills(client: httpx.Client) -> None:
    expert = client.post(f"{API}/experts", json=expert_body()).json()
    patched = client.patch(
        f"{API}/experts/{expert['id']}",
        json={"country": "DE", "skills": [{"skill_id": "deep-learning", "level": 5}]},
    )
    assert patched.status_code == 200, patched.text
    after = client.get(f"{API}/experts/{expert['id']}").json()
    assert after["country"] == "DE"
    assert after["residency"] == "overseas"
    assert after["skills"] == [
        {"skill_id": "deep-learning", "level": 5, "years": None, "source": "self_declared"}
    ]
    assert after["emails"] == expert["emails"]
    assert after["created_at"] == expert["created_at"]


def test_a_refused_patch_leaves_the_expert_as_it_was(client: httpx.Client) -> None:
    expert = client.post(f"{API}/experts", json=expert_body()).json()
    for patch in (
        {"country": None},
        {"skills": [{"skill_id": "nope", "level": 2}]},
        {"years_experience": 99},
    ):
        assert client.patch(f"{API}/experts/{expert['id']}", json=patch).status_code == 422
    assert client.get(f"{API}/experts/{expert['id']}").json() == expert


def test_unknown_ids_get_404_in_the_error_shape(client: httpx.Client) -> None:
    for method in ("GET", "PATCH", "DELETE"):
        response = client.request(method, f"{API}/experts/missing", json={})
        assert response.status_code == 404
        assert response.json()["error"] == "NotFound"


def test_listing_pages_through_every_expert_once(client: httpx.Client) -> None:
    ids = {
        client.post(f"{API}/experts", json=expert_body(full_name=f"Trần Thị {n}")).json()["id"]
        for n in range(7)
    }
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        page = client.get(f"{API}/experts", params=params).json()
        seen += [e["id"] for e in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(ids)


def test_bad_paging_parameters_get_422(client: httpx.Client) -> None:
    assert client.get(f"{API}/experts", params={"limit": 0}).json()["fields"] == {
        "limit": "Input should be greater than or equal to 1"
    }
    assert "cursor" in client.get(f"{API}/experts", params={"cursor": "%%%"}).json()["fields"]


def test_malformed_json_gets_422_not_500(client: httpx.Client) -> None:
    response = client.post(
        f"{API}/experts", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422


def test_delete_removes_the_expert(client: httpx.Client) -> None:
    expert = client.post(f"{API}/experts", json=expert_body()).json()
    assert client.delete(f"{API}/experts/{expert['id']}").status_code == 204
    assert client.get(f"{API}/experts/{expert['id']}").status_code == 404
