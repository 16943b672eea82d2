"""The pipeline over the API: moves forward, back, aside (declined, paused) and back again,
each kept in the history and the audit trail; the owner and next action set from the version
read; the stored KPI target; and who may do each."""

from datetime import date, timedelta
from typing import Any

import httpx

from talent.accounts.models import Role
from tests.accounts import SignIn
from tests.factories import expert_body

API = "/api/v1"


def _expert(client: httpx.Client, name: str, level: int = 4) -> str:
    body = expert_body(
        full_name=name, skills=[{"skill_id": "machine-learning", "level": level}], orcid=None
    )
    response = client.post(f"{API}/experts", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _move(client: httpx.Client, expert_id: str, to: str, **extra: Any) -> httpx.Response:
    return client.post(f"{API}/pipeline/{expert_id}/transitions", json={"to": to, **extra})


def _moved(client: httpx.Client, expert_id: str, to: str, **extra: Any) -> dict[str, Any]:
    response = _move(client, expert_id, to, **extra)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def test_an_expert_moves_back_declines_and_resumes_and_the_history_keeps_every_move(
    client: httpx.Client,
) -> None:
    expert = _expert(client, "Vương Thị Lan")
    _moved(client, expert, "identified")
    _moved(client, expert, "contacted")
    _moved(client, expert, "interested")
    # One step back, never two; never a skip forward.
    assert _move(client, expert, "identified").status_code == 409
    assert _move(client, expert, "committed").status_code == 409
    assert _moved(client, expert, "contacted")["stage"] == "contacted"
    declined = _moved(client, expert, "declined", note="chose another offer")
    assert declined["resume_stage"] == "contacted"
    # A declined expert can only be taken up again where they left.
    assert _move(client, expert, "paused").status_code == 409
    assert _move(client, expert, "interested").status_code == 409
    assert _moved(client, expert, "contacted")["resume_stage"] is None
    paused = _moved(client, expert, "paused")
    assert paused["resume_stage"] == "contacted"
    assert _moved(client, expert, "declined")["resume_stage"] == "contacted"

    view = client.get(f"{API}/pipeline/{expert}").json()
    assert [(c["from_stage"], c["to"]) for c in view["history"]] == [
        (None, "identified"),
        ("identified", "contacted"),
        ("contacted", "interested"),
        ("interested", "contacted"),
        ("contacted", "declined"),
        ("declined", "contacted"),
        ("contacted", "paused"),
        ("paused", "declined"),
    ]
    assert view["history"][4]["note"] == "chose another offer"
    events = client.get(f"{API}/audit-events", params={"target": expert}).json()["items"]
    moves = [e["details"] for e in events if e["action"] == "pipeline.move"]
    assert len(moves) == 8
    assert {"from": "interested", "to": "contacted"} in moves


def test_an_engaged_expert_may_step_back_but_not_decline(client: httpx.Client) -> None:
    expert = _expert(client, "Vương Văn Hùng", 5)
    start = date.today() - timedelta(days=30)
    for step, stage in enumerate(
        ["identified", "contacted", "interested", "negotiating", "committed", "engaged"]
    ):
        _moved(client, expert, stage, at=(start + timedelta(days=step)).isoformat())
    assert client.get(f"{API}/pipeline/kpi").json()["engaged_leading"] == 1
    assert _move(client, expert, "declined").status_code == 409
    assert _move(client, expert, "paused").status_code == 409
    _moved(client, expert, "committed")
    assert client.get(f"{API}/pipeline/kpi").json()["engaged_leading"] == 0
    _moved(client, expert, "engaged")
    kpi = client.get(f"{API}/pipeline/kpi").json()
    assert kpi["engaged_leading"] == 1
    # Engaged twice, counted once, in the month of the last engagement.
    assert [p["engaged_leading"] for p in kpi["trend"]] == [1]
    assert kpi["by_stage"]["declined"] == 0
    assert kpi["by_stage"]["paused"] == 0


def test_a_move_from_a_stale_version_is_refused_and_nothing_is_written(
    client: httpx.Client,
) -> None:
    expert = _expert(client, "Vương Minh Quân")
    seen = _moved(client, expert, "identified")["updated_at"]
    now = _moved(client, expert, "contacted", version=seen)["updated_at"]
    assert now > seen
    _moved(client, expert, "identified", version=now)
    # A form read before the back-and-forth: same stage, older version.
    stale = _move(client, expert, "contacted", version=now)
    assert stale.status_code == 409
    assert stale.json()["fields"] == {"version": "stale"}
    assert client.get(f"{API}/pipeline/{expert}").json()["entry"]["stage"] == "identified"


def test_owner_and_next_action_are_set_from_the_version_read_and_audited(
    client: httpx.Client, as_role: SignIn
) -> None:
    expert = _expert(client, "Vương Thu Hà")
    entry = _moved(client, expert, "identified")
    ministry = as_role(Role.MINISTRY)
    officer = ministry.get(f"{API}/auth/me").json()["id"]
    day = (date.today() + timedelta(days=3)).isoformat()
    body = {
        "version": entry["updated_at"],
        "owner_id": officer,
        "next_action_on": day,
        "next_action": "Gọi điện hẹn gặp",
    }
    set_up = ministry.patch(f"{API}/pipeline/{expert}", json=body)
    assert set_up.status_code == 200, set_up.text
    assert (set_up.json()["owner_id"], set_up.json()["next_action_on"]) == (officer, day)
    # The same body again is from a version that is gone.
    again = ministry.patch(f"{API}/pipeline/{expert}", json=body)
    assert again.status_code == 409
    # A move keeps the owner and the next action.
    moved = _moved(client, expert, "contacted")
    assert (moved["owner_id"], moved["next_action"]) == (officer, "Gọi điện hẹn gặp")
    nobody = {**body, "version": moved["updated_at"], "owner_id": "no-such-account"}
    refused = ministry.patch(f"{API}/pipeline/{expert}", json=nobody)
    assert refused.status_code == 422
    assert set(refused.json()["fields"]) == {"owner_id"}
    too_long = {**body, "version": moved["updated_at"], "next_action": "x" * 301}
    assert ministry.patch(f"{API}/pipeline/{expert}", json=too_long).status_code == 422
    cleared = {"version": moved["updated_at"], "next_action_on": None, "next_action": ""}
    done = ministry.patch(f"{API}/pipeline/{expert}", json=cleared).json()
    assert (done["owner_id"], done["next_action_on"], done["next_action"]) == (officer, None, "")
    events = client.get(f"{API}/audit-events", params={"target": expert}).json()["items"]
    follow = [e for e in events if e["action"] == "pipeline.follow_up"]
    assert len(follow) == 2
    assert follow[-1]["details"]["next_action"] == "Gọi điện hẹn gặp"
    outside = _expert(client, "Vương Văn Ngoài")
    assert ministry.patch(f"{API}/pipeline/{outside}", json=cleared).status_code == 404


def test_the_target_is_stored_from_the_version_read_within_its_bounds_and_audited(
    client: httpx.Client, as_role: SignIn
) -> None:
    url = f"{API}/pipeline/kpi/target"
    start = client.get(url).json()
    assert (start["target"], start["version"]) == (100, 0)
    ministry = as_role(Role.MINISTRY)
    for wrong in (0, 100_001, -5):
        refused = ministry.put(url, json={"target": wrong, "version": 0})
        assert refused.status_code == 422
        assert "target" in refused.json()["fields"]
    changed = ministry.put(url, json={"target": 150, "version": 0})
    assert changed.status_code == 200, changed.text
    assert (changed.json()["target"], changed.json()["version"]) == (150, 1)
    assert ministry.put(url, json={"target": 120, "version": 0}).status_code == 409
    assert client.get(url).json()["target"] == 150
    assert client.get(f"{API}/pipeline/kpi").json()["target"] == 150
    assert ministry.put(url, json={"target": 100_000, "version": 1}).status_code == 200
    events = client.get(f"{API}/audit-events", params={"target": "kpi_target"}).json()["items"]
    assert sorted((e["details"]["from"], e["details"]["to"]) for e in events) == [
        (100, 150),
        (150, 100_000),
    ]


def test_leads_read_the_pipeline_and_target_but_change_neither_and_experts_read_nothing(
    client: httpx.Client, as_role: SignIn
) -> None:
    expert = _expert(client, "Vương Đức Anh")
    entry = _moved(client, expert, "identified")
    lead = as_role(Role.PROGRAMME_LEAD)
    assert lead.get(f"{API}/pipeline/kpi/target").status_code == 200
    assert lead.get(f"{API}/pipeline/{expert}").status_code == 200
    target = {"target": 50, "version": 0}
    assert lead.put(f"{API}/pipeline/kpi/target", json=target).status_code == 403
    follow = {"version": entry["updated_at"], "next_action": "x"}
    assert lead.patch(f"{API}/pipeline/{expert}", json=follow).status_code == 403
    assert _move(lead, expert, "contacted").status_code == 403
    someone = as_role(Role.EXPERT, expert_id=expert)
    assert someone.get(f"{API}/pipeline/kpi/target").status_code == 403
    assert someone.put(f"{API}/pipeline/kpi/target", json=target).status_code == 403
    assert someone.patch(f"{API}/pipeline/{expert}", json=follow).status_code == 403
    assert httpx.get(f"{client.base_url}{API}/pipeline/kpi/target").status_code == 401
