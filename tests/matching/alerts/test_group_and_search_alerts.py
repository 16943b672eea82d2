"""Group and saved-search watches over HTTP with a real worker (the beat's task sent as the beat
would): a ministry officer told who joins and leaves a technology group's leading experts and
when its open roles come to need more, once each; a saved search's owner told who enters its
first results; who may watch what."""

import subprocess
from typing import Any

import httpx

from talent.accounts.models import Role
from tests.accounts import SignIn
from tests.matching.alerts.test_alerts_api import _alerts, _until
from tests.matching.helpers import API, expert, programme_with_roles

IC = [{"skill_id": "ic-design", "weight": 1, "min_level": 3, "must": True}]
SEARCH = {"skills": ["Integrated circuit design"], "min_level": 4}


def _skilled(client: httpx.Client, name: str, level: int) -> str:
    return expert(client, full_name=name, skills=[{"skill_id": "ic-design", "level": level}])


def _group_of_ic_design(client: httpx.Client) -> str:
    """The one group whose leading experts count the one leading IC designer there is."""
    groups = client.get(f"{API}/insights/capability-map").json()
    (group,) = [g["group"] for g in groups if sum(g["leading"].values()) == 1]
    return str(group)


def _looked_at(client: httpx.Client, path: str) -> None:
    _until(lambda: client.get(path).json()["evaluated_at"], bool, f"{path} is looked at")


def _said(items: list[dict[str, Any]]) -> list[tuple[str, str, Any]]:
    return sorted(
        (i["alert"]["reason"], i["alert"]["expert_id"], i["alert"]["details"].get("leading"))
        for i in items
    )


def test_a_group_watch_tells_who_joins_and_leaves_and_a_shortage_once(
    client: httpx.Client, as_role: SignIn, worker: subprocess.Popen[bytes]
) -> None:
    first = _skilled(client, "Lê Văn Sẵn", 5)
    group = _group_of_ic_design(client)
    ministry, idle = as_role(Role.MINISTRY), as_role(Role.MINISTRY)
    watched = ministry.put(f"{API}/groups/{group}/watch")
    assert watched.status_code == 200, watched.text
    _looked_at(ministry, f"{API}/groups/{group}/watch")
    assert _alerts(ministry) == []  # those there when the watch began are not news

    newcomer = _skilled(client, "Trần Thị Mới", 4)
    _skilled(client, "Phạm Văn Vừa", 3)  # level 3 is not leading: no alert
    found = _until(lambda: _alerts(ministry), bool, "the newcomer is told")
    assert _said(found) == [("group_joined", newcomer, 2)]
    assert found[0]["expert_name"] == "Trần Thị Mới"

    # The first one's level falls below leading: told, without a name, with the count now.
    dropped = client.patch(f"{API}/experts/{first}", json={"skills": []})
    assert dropped.status_code == 200, dropped.text
    found = _until(lambda: _alerts(ministry), lambda a: len(a) == 2, "the leaver is told")
    assert _said(found) == [("group_joined", newcomer, 2), ("group_left", first, 1)]
    left = next(i for i in found if i["alert"]["reason"] == "group_left")
    assert left["expert_name"] is None

    # Open roles needing 3 experts of the group, with 1 leading: a shortage, told once.
    body = {"kind": "engineer", "title": "Kỹ sư vi mạch", "requirements": IC, "headcount": 3}
    programme_with_roles(client, "Vi mạch quốc gia", [body])
    found = _until(lambda: _alerts(ministry), lambda a: len(a) == 3, "the shortage is told")
    (short,) = [i["alert"] for i in found if i["alert"]["reason"] == "group_short"]
    assert (short["expert_id"], short["details"]) == ("", {"demand": 3, "leading": 1})
    # A second role deepens the same shortage: not told again. A leading newcomer after it is
    # told, so by then the evaluation has passed the second role.
    programme_with_roles(client, "Vi mạch 2", [{**body, "title": "Kỹ sư 2", "headcount": 1}])
    later = _skilled(client, "Đặng Văn Sau", 5)
    found = _until(lambda: _alerts(ministry), lambda a: len(a) >= 4, "the later one is told")
    assert _said(found) == sorted(
        [
            ("group_joined", later, 2),
            ("group_joined", newcomer, 2),
            ("group_left", first, 1),
            ("group_short", "", 1),
        ]
    )
    assert idle.get(f"{API}/alerts").json()["items"] == []


def test_a_saved_search_watch_tells_who_enters_its_first_results(
    client: httpx.Client, as_role: SignIn, worker: subprocess.Popen[bytes]
) -> None:
    _skilled(client, "Lê Văn Đầu", 5)
    lead = as_role(Role.PROGRAMME_LEAD)
    made = lead.post(f"{API}/saved-searches", json={"name": "Vi mạch giỏi", "search": SEARCH})
    assert made.status_code == 201, made.text
    saved_id = made.json()["id"]
    assert lead.put(f"{API}/saved-searches/{saved_id}/watch", json={"k": 5}).status_code == 200
    _looked_at(lead, f"{API}/saved-searches/{saved_id}/watch")

    _skilled(client, "Đỗ Thị Yếu", 3)  # below the search's level: not found by it
    newcomer = _skilled(client, "Vũ Văn Giỏi", 4)
    (alert,) = _until(lambda: _alerts(lead), bool, "the newcomer is told")
    assert (alert["alert"]["reason"], alert["alert"]["expert_id"]) == ("search_new", newcomer)
    assert (alert["expert_name"], alert["search_name"]) == ("Vũ Văn Giỏi", "Vi mạch giỏi")

    # The newcomer stops letting themselves be found: their alert is no longer shown.
    shy = client.patch(
        f"{API}/experts/{newcomer}", json={"consent": {"match": False, "contact": False}}
    )
    assert shy.status_code == 200, shy.text
    assert _alerts(lead) == []

    # Deleting the search takes its watch with it.
    assert lead.delete(f"{API}/saved-searches/{saved_id}").status_code == 204
    assert lead.get(f"{API}/watches").json() == []


def test_who_may_watch_groups_and_searches(client: httpx.Client, as_role: SignIn) -> None:
    known = _skilled(client, "Lê Văn Sẵn", 5)
    group = _group_of_ic_design(client)
    lead = as_role(Role.PROGRAMME_LEAD)
    expert_caller = as_role(Role.EXPERT, expert_id=known)
    assert lead.put(f"{API}/groups/{group}/watch").status_code == 403
    assert expert_caller.put(f"{API}/groups/{group}/watch").status_code == 403
    ministry = as_role(Role.MINISTRY)
    unknown = ministry.put(f"{API}/groups/no-such-group/watch")
    assert unknown.status_code == 404
    assert ministry.put(f"{API}/groups/{group}/watch").status_code == 200
    assert ministry.put(f"{API}/groups/{group}/watch").status_code == 200  # still one watch
    assert [w["kind"] for w in ministry.get(f"{API}/watches").json()] == ["group"]
    assert ministry.delete(f"{API}/groups/{group}/watch").status_code == 204
    assert ministry.delete(f"{API}/groups/{group}/watch").status_code == 204

    made = ministry.post(f"{API}/saved-searches", json={"name": "Của tôi", "search": SEARCH})
    saved_id = made.json()["id"]
    # Another's saved search is not theirs to watch, nor to know of.
    other = as_role(Role.MINISTRY)
    assert other.put(f"{API}/saved-searches/{saved_id}/watch", json={}).status_code == 404
    assert lead.put(f"{API}/saved-searches/{saved_id}/watch", json={}).status_code == 404
    assert ministry.put(f"{API}/saved-searches/{saved_id}/watch", json={"k": 51}).status_code == 422
    assert ministry.put(f"{API}/saved-searches/{saved_id}/watch", json={}).json()["k"] == 10
