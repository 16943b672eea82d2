"""Saved searches over HTTP: saved with their filters, opened with the experts new since the
last visit named (none at the first), each person's own; bad names refused by field."""

import httpx

from talent.accounts.models import Role
from tests.accounts import SignIn
from tests.matching.helpers import API, expert

SEARCH = {"skills": ["Integrated circuit design"], "min_level": 3}


def _open(client: httpx.Client, saved_id: str, **params: str) -> dict[str, object]:
    response = client.get(f"{API}/saved-searches/{saved_id}/results", params=params)
    assert response.status_code == 200, response.text
    found: dict[str, object] = response.json()
    return found


def test_a_saved_search_names_who_is_new_since_the_last_visit(
    client: httpx.Client, as_role: SignIn
) -> None:
    first = expert(client, full_name="Lê Văn Đầu", skills=[{"skill_id": "ic-design", "level": 4}])
    ministry = as_role(Role.MINISTRY)
    made = ministry.post(f"{API}/saved-searches", json={"name": "Vi mạch", "search": SEARCH})
    assert made.status_code == 201, made.text
    saved_id = made.json()["id"]
    visit = _open(ministry, saved_id)
    assert visit["new"] == []  # the first visit: nothing to compare with
    cards = visit["page"]["cards"]  # type: ignore[index]
    assert [c["hit"]["expert_id"] for c in cards] == [first]

    second = expert(
        client, full_name="Trần Thị Sau", skills=[{"skill_id": "ic-design", "level": 5}]
    )
    # Looked at without being remembered: the newcomer is new, and stays new.
    assert _open(ministry, saved_id, remember="false")["new"] == [second]
    assert _open(ministry, saved_id)["new"] == [second]
    assert _open(ministry, saved_id)["new"] == []
    assert [s["name"] for s in ministry.get(f"{API}/saved-searches").json()] == ["Vi mạch"]

    # Another person's saved search: not theirs to know of.
    lead = as_role(Role.PROGRAMME_LEAD)
    assert lead.get(f"{API}/saved-searches/{saved_id}/results").status_code == 404
    assert lead.delete(f"{API}/saved-searches/{saved_id}").status_code == 404
    assert lead.get(f"{API}/saved-searches").json() == []
    assert ministry.delete(f"{API}/saved-searches/{saved_id}").status_code == 204
    assert ministry.get(f"{API}/saved-searches/{saved_id}/results").status_code == 404


def test_bad_saved_searches_are_refused_by_field(as_role: SignIn) -> None:
    lead = as_role(Role.PROGRAMME_LEAD)
    for body, field in (
        ({"name": "", "search": SEARCH}, "name"),
        ({"name": "x" * 121, "search": SEARCH}, "name"),
        ({"name": "Vi mạch", "search": {"min_level": 9}}, "search"),
        ({"name": "Vi mạch", "search": {"skills": ["ic-design"]}}, "skills[0]"),
    ):
        refused = lead.post(f"{API}/saved-searches", json=body)
        assert refused.status_code == 422, body
        assert field in str(refused.json()["fields"]), refused.json()
