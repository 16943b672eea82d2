"""A team proposed over HTTP on the real graph and index: the needs of the programme's roles,
who covers which, a need nobody holds named, co-authors shown together, a lock kept, and who
may ask."""

from typing import Any

import httpx

from talent.accounts.models import Role
from tests.accounts import SignIn
from tests.matching.helpers import API, expert, programme_with_roles, work

NEEDS = {
    "chief_engineer": [{"skill_id": "ic-design", "weight": 1, "min_level": 4}],
    # Asked again lower and lighter by another role: the programme needs it as the first asks.
    "engineer": [{"skill_id": "ic-design", "weight": 0.3, "min_level": 2}],
    "chief_architect": [
        {"skill_id": "machine-learning", "weight": 1, "min_level": 4},
        {"skill_id": "ai-safety", "weight": 0.5, "min_level": 5},
    ],
}


def _programme(client: httpx.Client) -> str:
    roles = [{"kind": k, "title": k, "requirements": r} for k, r in NEEDS.items()]
    return programme_with_roles(client, "Chip AI", roles)[0]


def _team(client: httpx.Client, programme: str, **body: Any) -> dict[str, Any]:
    response = client.post(f"{API}/programmes/{programme}/team-proposals", json=body)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def test_the_team_covers_what_its_candidates_can_and_names_what_nobody_holds(
    client: httpx.Client,
) -> None:
    an = expert(
        client,
        full_name="Vũ Thị An",
        skills=[
            {"skill_id": "ic-design", "level": 4},
            {"skill_id": "machine-learning", "level": 4},
        ],
    )
    binh = expert(client, full_name="Đỗ Văn Bình", skills=[{"skill_id": "ic-design", "level": 5}])
    chi = expert(
        client, full_name="Lý Minh Chi", skills=[{"skill_id": "machine-learning", "level": 5}]
    )
    dung = expert(
        client, full_name="Hà Văn Dũng", skills=[{"skill_id": "data-science", "level": 3}]
    )
    work(client, binh, "Thiết kế vi mạch cho học máy")
    client.post(f"{API}/works", json={"title": "Chip suy luận", "author_ids": [binh, chi]})
    programme = _programme(client)
    found = _team(client, programme, engineers=1, alternatives=2)
    assert [(n["skill_id"], n["min_level"], n["weight"]) for n in found["needs"]] == [
        ("ic-design", 4, 1.0),
        ("machine-learning", 4, 1.0),
        ("ai-safety", 5, 0.5),
    ]
    assert found["uncoverable"] == ["ai-safety"]
    best, second = found["teams"]
    assert best["covered"] == 2
    holders = {"ic-design": {an, binh}, "machine-learning": {an, chi}, "ai-safety": set()}
    members = {m["expert_id"] for m in best["members"]}
    for row in best["coverage"]:
        assert set(row["members"]) == holders[row["skill_id"]] & members
    places = sorted(m["place"] for m in best["members"])
    assert places.count("chief_architect") == places.count("chief_engineer") == 1
    assert len(places) <= 3
    assert {m["expert_id"] for m in second["members"]} != members
    # An holds both skills and leads as the architect; Bình and Chi wrote a work together,
    # which a team of An, Bình and Chi keeps.
    placed = {m["expert_id"]: m["place"] for m in best["members"]}
    assert set(placed) == {an, binh, chi}
    assert placed[an] == "chief_architect"
    assert sorted([placed[binh], placed[chi]]) == ["chief_engineer", "engineer"]
    by_id = {m["expert_id"]: m for m in best["members"]}
    assert (by_id[binh]["worked_with"], by_id[chi]["worked_with"]) == ([chi], [binh])
    assert by_id[an]["covers"] == ["ic-design", "machine-learning"]
    # Locked as an engineer, Dũng is in every team proposed.
    locked = _team(
        client, programme, engineers=1, locked=[{"expert_id": dung, "place": "engineer"}]
    )
    for team in locked["teams"]:
        assert {"expert_id": dung, "place": "engineer"}.items() <= next(
            m for m in team["members"] if m["expert_id"] == dung
        ).items()


def test_who_may_ask_for_a_team_and_what_is_refused(client: httpx.Client, as_role: SignIn) -> None:
    someone = expert(client, skills=[{"skill_id": "ic-design", "level": 4}])
    programme = _programme(client)
    url = f"{API}/programmes/{programme}/team-proposals"
    assert as_role(Role.MINISTRY).post(url, json={}).status_code == 200
    assert as_role(Role.PROGRAMME_LEAD).post(url, json={}).status_code == 404  # not theirs
    assert as_role(Role.EXPERT, someone).post(url, json={}).status_code == 403
    empty = client.post(f"{API}/programmes", json={"name": "Chưa có vị trí"}).json()["id"]
    refused = client.post(f"{API}/programmes/{empty}/team-proposals", json={})
    assert refused.status_code == 422
    assert "programme_id" in refused.json()["fields"]
    stray = client.post(url, json={"locked": [{"expert_id": "no-such", "place": "engineer"}]})
    assert stray.status_code == 422
    assert stray.json()["fields"] == {"locked": "no-such"}
    too_many = client.post(
        url, json={"engineers": 0, "locked": [{"expert_id": someone, "place": "engineer"}]}
    )
    assert too_many.status_code == 422
