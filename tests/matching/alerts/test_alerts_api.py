"""Alerts over HTTP with a real worker evaluating the change log (the beat's task, sent here
as the beat would): a lead told once when a new expert enters their role's top k; an expert
who withdraws no longer named, and their withdrawal told; an expert told of a role that fits
them without a word about the others; who may watch what."""

import subprocess
import time
from typing import Any

import httpx

from api.worker import celery_app
from matching.alerts.tasks import EVALUATE_TASK
from talent.accounts.models import Role
from tests.accounts import SignIn
from tests.matching.helpers import API, expert, programme_with_roles

IC = [{"skill_id": "ic-design", "weight": 1, "min_level": 3, "must": True}]


def _tick() -> None:
    celery_app.send_task(EVALUATE_TASK)


def _until(read: Any, done: Any, what: str, timeout: float = 30) -> Any:
    """Tick as the beat does, until `done(read())`."""
    deadline = time.monotonic() + timeout
    while True:
        _tick()
        found = read()
        if done(found):
            return found
        assert time.monotonic() < deadline, f"{what}: {found}"
        time.sleep(0.3)


def _alerts(client: httpx.Client) -> list[dict[str, Any]]:
    response = client.get(f"{API}/alerts")
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def _watched_role(lead: httpx.Client, k: int = 3) -> str:
    body = {"kind": "chief_engineer", "title": "Kỹ sư trưởng vi mạch", "requirements": IC}
    role_id = programme_with_roles(lead, "Vi mạch quốc gia", [body])[1][0]
    watched = lead.put(f"{API}/roles/{role_id}/watch", json={"k": k})
    assert watched.status_code == 200, watched.text
    _until(
        lambda: lead.get(f"{API}/roles/{role_id}/watch").json()["evaluated_at"],
        bool,
        "the watch is looked at a first time",
    )
    return role_id


def test_a_new_expert_in_the_top_k_is_told_to_the_lead_once(
    client: httpx.Client, as_role: SignIn, worker: subprocess.Popen[bytes]
) -> None:
    expert(client, full_name="Người Có Sẵn", skills=[{"skill_id": "ic-design", "level": 4}])
    lead = as_role(Role.PROGRAMME_LEAD)
    role_id = _watched_role(lead)
    # Those already there when the watch began are not news.
    assert _alerts(lead) == []

    newcomer = expert(
        client, full_name="Lê Thị Mới", skills=[{"skill_id": "ic-design", "level": 5}]
    )
    (alert,) = _until(lambda: _alerts(lead), bool, "the lead is told")
    assert (alert["alert"]["reason"], alert["alert"]["expert_id"]) == ("entered_top", newcomer)
    assert alert["alert"]["role_id"] == role_id
    assert alert["expert_name"] == "Lê Thị Mới"
    assert alert["role_title"] == "Kỹ sư trưởng vi mạch"
    # Evaluated again and again, and written again (no change to the ranking): still one.
    client.patch(f"{API}/experts/{newcomer}", json={"headline": "Thiết kế vi mạch"})
    for _ in range(5):
        _tick()
        time.sleep(0.2)
    assert len(_alerts(lead)) == 1
    assert lead.get(f"{API}/alerts/unread").json() == {"count": 1}
    # Someone else's alerts are not the lead's to read or mark.
    other = as_role(Role.PROGRAMME_LEAD)
    assert _alerts(other) == []
    assert other.post(f"{API}/alerts/read", json={"ids": [alert["alert"]["id"]]}).json() == {
        "count": 0
    }
    assert lead.post(f"{API}/alerts/read", json={}).json() == {"count": 1}
    assert lead.get(f"{API}/alerts/unread").json() == {"count": 0}


def test_an_expert_who_withdraws_is_no_longer_named_and_their_leaving_is_told(
    client: httpx.Client, as_role: SignIn, worker: subprocess.Popen[bytes]
) -> None:
    lead = as_role(Role.PROGRAMME_LEAD)
    role_id = _watched_role(lead)
    star = expert(client, full_name="Phạm Văn Sao", skills=[{"skill_id": "ic-design", "level": 5}])
    _until(lambda: _alerts(lead), bool, "the lead is told of the star")
    shortlisted = lead.post(
        f"{API}/roles/{role_id}/shortlist", json={"expert_id": star, "reason": "Rất phù hợp"}
    )
    assert shortlisted.status_code == 200, shortlisted.text
    # Her availability changes: told, with the new dates.
    changed = client.patch(f"{API}/experts/{star}", json={"available_from": "2027-03-01"})
    assert changed.status_code == 200, changed.text
    found = _until(
        lambda: _alerts(lead),
        lambda items: any(i["alert"]["reason"] == "availability" for i in items),
        "the lead is told of the new availability",
    )
    (moved,) = [i for i in found if i["alert"]["reason"] == "availability"]
    assert moved["alert"]["details"]["available_from"] == "2027-03-01"

    assert client.post(f"{API}/experts/{star}/withdraw").status_code == 200
    found = _until(
        lambda: _alerts(lead),
        lambda items: any(i["alert"]["reason"] == "withdrew" for i in items),
        "the lead is told she left",
    )
    assert [i["alert"]["reason"] for i in found] == ["withdrew"]
    assert "Phạm Văn Sao" not in str(found)


def test_an_expert_hears_of_a_role_that_fits_them_and_nothing_of_the_others(
    client: httpx.Client, as_role: SignIn, worker: subprocess.Popen[bytes]
) -> None:
    me = expert(client, full_name="Vũ Minh Tâm", skills=[{"skill_id": "ic-design", "level": 4}])
    rival = expert(client, full_name="Đặng Thị Đối", skills=[{"skill_id": "ic-design", "level": 5}])
    mine = as_role(Role.EXPERT, expert_id=me)
    opted = mine.put(f"{API}/experts/{me}/role-alerts", json={"k": 5})
    assert opted.status_code == 200, opted.text
    # Another expert's opt-in is not theirs to make.
    assert mine.put(f"{API}/experts/{rival}/role-alerts", json={}).status_code == 404

    body = {"kind": "engineer", "title": "Kỹ sư thiết kế vi mạch", "requirements": IC}
    role_id = programme_with_roles(client, "Vi mạch", [body])[1][0]
    (alert,) = _until(lambda: _alerts(mine), bool, "the expert is told")
    assert (alert["alert"]["reason"], alert["alert"]["role_id"]) == ("role_fits", role_id)
    assert alert["expert_name"] is None
    said = mine.get(f"{API}/alerts").text
    assert rival not in said
    assert "Đặng Thị Đối" not in said
    assert "rank" not in alert["alert"]["details"]


def test_who_may_watch_what(client: httpx.Client, as_role: SignIn) -> None:
    lead, other_lead = as_role(Role.PROGRAMME_LEAD), as_role(Role.PROGRAMME_LEAD)
    body = {"kind": "chief_engineer", "title": "Kỹ sư trưởng", "requirements": IC}
    role_id = programme_with_roles(lead, "Của tôi", [body])[1][0]
    assert other_lead.put(f"{API}/roles/{role_id}/watch", json={}).status_code == 404
    assert lead.put(f"{API}/roles/{role_id}/watch", json={"k": 0}).status_code == 422
    assert lead.put(f"{API}/roles/{role_id}/watch", json={"k": 51}).status_code == 422
    assert lead.put(f"{API}/roles/{role_id}/watch", json={"k": 5}).json()["k"] == 5
    # Watching again changes k, it does not make a second watch; stopping twice is no error.
    assert lead.put(f"{API}/roles/{role_id}/watch", json={"k": 7}).json()["k"] == 7
    assert [w["k"] for w in lead.get(f"{API}/watches").json()] == [7]
    assert lead.delete(f"{API}/roles/{role_id}/watch").status_code == 204
    assert lead.delete(f"{API}/roles/{role_id}/watch").status_code == 204
    assert lead.get(f"{API}/roles/{role_id}/watch").json() is None
    # An expert who does not let themselves be proposed hears of no role.
    shy = expert(client, full_name="Kín Đáo", consent={"match": False, "contact": False})
    refused = as_role(Role.EXPERT, expert_id=shy).put(f"{API}/experts/{shy}/role-alerts", json={})
    assert refused.status_code == 409
    assert "consent.match" in refused.json()["fields"]
