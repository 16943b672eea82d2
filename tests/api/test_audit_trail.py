"""Every change is an audit event naming who acted, on what, and what changed; and every view of
personal data. Each test does the action over real HTTP and reads `GET /audit-events` as an
admin, so removing the action's audit write fails it."""

from typing import Any

import httpx

from talent.accounts.models import Role
from tests.accounts import SignIn
from tests.factories import expert_body, organization_body
from tests.matching.helpers import expert, role

API = "/api/v1"
ML = [{"skill_id": "machine-learning", "weight": 1, "min_level": 3, "must": True}]


def _id(client: httpx.Client) -> str:
    return str(client.get(f"{API}/auth/me").json()["id"])


def _events(client: httpx.Client, action: str, target: str) -> list[dict[str, Any]]:
    response = client.get(f"{API}/audit-events", params={"action": action, "target": target})
    assert response.status_code == 200, response.text
    events: list[dict[str, Any]] = response.json()["items"]
    return events


def _only(client: httpx.Client, action: str, target: str) -> dict[str, Any]:
    events = _events(client, action, target)
    assert len(events) == 1, events
    return events[0]


def _created(client: httpx.Client, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(f"{API}/{path}", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_account_creation_and_deactivation_are_audited_without_the_password(
    client: httpx.Client,
) -> None:
    body = {
        "email": "auditor.target@example.org",
        "password": "a long enough password",
        "role": "ministry",
        "name": "Bộ Khoa học",
    }
    account = _created(client, "accounts", body)
    created = _only(client, "account.create", account["id"])
    assert created["actor"] == _id(client)
    assert created["actor_role"] == "admin"
    assert created["target_kind"] == "account"
    assert created["details"] == {
        "email": "a***@example.org",
        "role": "ministry",
        "name": "Bộ Khoa học",
        "expert_id": None,
    }
    assert "a long enough password" not in client.get(f"{API}/audit-events").text

    closed = client.post(f"{API}/accounts/{account['id']}/deactivate")
    assert closed.status_code == 200, closed.text
    event = _only(client, "account.deactivate", account["id"])
    assert event["actor"] == _id(client)
    assert event["details"] == {"email": "a***@example.org", "role": "ministry"}


def test_an_expert_update_records_old_and_new_values_with_contacts_masked(
    client: httpx.Client, as_role: SignIn
) -> None:
    created = _created(client, "experts", expert_body(emails=["old.mail@example.org"]))
    ministry = as_role(Role.MINISTRY)
    url = f"{API}/experts/{created['id']}"
    assert ministry.patch(url, json={"headline": "Chip designer"}).status_code == 200
    event = _events(client, "expert.update", created["id"])[0]
    assert event["actor"] == _id(ministry)
    assert event["actor_role"] == "ministry"
    assert event["details"] == {
        "fields": ["headline"],
        "changes": {"headline": {"old": "", "new": "Chip designer"}},
    }

    owner = as_role(Role.EXPERT, expert_id=created["id"])
    changed = owner.patch(url, json={"emails": ["new.mail@example.org"], "phone": "+84912345678"})
    assert changed.status_code == 200, changed.text
    event = _events(client, "expert.update", created["id"])[0]
    assert event["actor"] == _id(owner)
    assert event["details"]["changes"] == {
        "emails": {"old": ["o***@example.org"], "new": ["n***@example.org"]},
        "phone": {"old": None, "new": "+8********78"},
    }
    trail = client.get(f"{API}/audit-events", params={"target": created["id"]}).text
    assert "old.mail" not in trail
    assert "new.mail" not in trail
    assert "912345678" not in trail


def test_an_expert_creation_records_its_values_with_contacts_masked(
    client: httpx.Client,
) -> None:
    created = _created(client, "experts", expert_body(emails=["someone@example.org"]))
    event = _only(client, "expert.create", created["id"])
    assert event["actor"] == _id(client)
    assert event["details"]["values"]["full_name"] == "Nguyễn Văn Ánh"
    assert event["details"]["values"]["emails"] == ["s***@example.org"]


def test_deleting_an_expert_is_audited(client: httpx.Client) -> None:
    created = _created(client, "experts", expert_body())
    assert client.delete(f"{API}/experts/{created['id']}").status_code == 204
    event = _only(client, "expert.delete", created["id"])
    assert event["actor"] == _id(client)


def test_organisation_creation_change_and_deletion_are_audited(client: httpx.Client) -> None:
    org = _created(client, "organizations", organization_body(name="Viện Vật lý"))
    event = _only(client, "organization.create", org["id"])
    assert event["actor"] == _id(client)
    assert event["target_kind"] == "organization"
    assert event["details"]["values"]["name"] == "Viện Vật lý"

    url = f"{API}/organizations/{org['id']}"
    assert client.patch(url, json={"name": "Viện Vật lý Kỹ thuật"}).status_code == 200
    event = _only(client, "organization.update", org["id"])
    assert event["details"] == {
        "fields": ["name"],
        "changes": {"name": {"old": "Viện Vật lý", "new": "Viện Vật lý Kỹ thuật"}},
    }

    assert client.delete(url).status_code == 204
    event = _only(client, "organization.delete", org["id"])
    assert event["actor"] == _id(client)
    assert event["details"]["values"]["name"] == "Viện Vật lý Kỹ thuật"


def test_work_creation_change_and_deletion_are_audited(
    client: httpx.Client, as_role: SignIn
) -> None:
    author = expert(client)
    owner = as_role(Role.EXPERT, expert_id=author)
    work = _created(owner, "works", {"title": "Edge inference", "author_ids": [author]})
    event = _only(client, "work.create", work["id"])
    assert event["actor"] == _id(owner)
    assert event["actor_role"] == "expert"
    assert event["details"]["values"]["title"] == "Edge inference"

    url = f"{API}/works/{work['id']}"
    assert owner.patch(url, json={"title": "Edge inference on chips"}).status_code == 200
    event = _only(client, "work.update", work["id"])
    assert event["actor"] == _id(owner)
    assert event["details"]["changes"] == {
        "title": {"old": "Edge inference", "new": "Edge inference on chips"}
    }

    assert client.delete(url).status_code == 204
    assert _only(client, "work.delete", work["id"])["actor"] == _id(client)


def test_programme_and_role_creation_change_and_deletion_are_audited(
    client: httpx.Client, as_role: SignIn
) -> None:
    lead = as_role(Role.PROGRAMME_LEAD)
    programme = _created(lead, "programmes", {"name": "Chương trình chip"})
    event = _only(client, "programme.create", programme["id"])
    assert event["actor"] == _id(lead)
    assert event["actor_role"] == "programme_lead"
    assert event["details"]["values"]["name"] == "Chương trình chip"

    body = {"programme_id": programme["id"], "kind": "chief_engineer", "title": "Chief engineer"}
    created = _created(lead, "roles", {**body, "requirements": ML})
    event = _only(client, "role.create", created["id"])
    assert event["actor"] == _id(lead)
    assert event["details"]["values"]["title"] == "Chief engineer"

    role_url = f"{API}/roles/{created['id']}"
    assert lead.patch(role_url, json={"title": "Chief chip engineer"}).status_code == 200
    event = _only(client, "role.update", created["id"])
    assert event["actor"] == _id(lead)
    assert event["details"]["changes"] == {
        "title": {"old": "Chief engineer", "new": "Chief chip engineer"}
    }

    programme_url = f"{API}/programmes/{programme['id']}"
    changed = lead.patch(programme_url, json={"name": "Chương trình chip bán dẫn"})
    assert changed.status_code == 200, changed.text
    event = _only(client, "programme.update", programme["id"])
    assert event["actor"] == _id(lead)
    assert event["details"]["changes"] == {
        "name": {"old": "Chương trình chip", "new": "Chương trình chip bán dẫn"}
    }

    assert lead.delete(role_url).status_code == 204
    assert _only(client, "role.delete", created["id"])["actor"] == _id(lead)
    assert lead.delete(programme_url).status_code == 204
    assert _only(client, "programme.delete", programme["id"])["actor"] == _id(lead)


def test_the_leads_shortlist_and_rejection_are_audited_with_the_reason(
    client: httpx.Client,
) -> None:
    candidate = expert(client, skills=[{"skill_id": "machine-learning", "level": 5}])
    role_id = role(client, requirements=ML)
    url = f"{API}/roles/{role_id}"
    shortlisted = client.post(
        f"{url}/shortlist", json={"expert_id": candidate, "reason": "strong vision work"}
    )
    assert shortlisted.status_code == 200, shortlisted.text
    event = _only(client, "match.decide", role_id)
    assert event["actor"] == _id(client)
    assert event["target_kind"] == "role"
    assert event["details"] == {
        "expert_id": candidate,
        "decision": "shortlisted",
        "reason": "strong vision work",
    }
    rejected = client.post(f"{url}/rejections", json={"expert_id": candidate, "reason": "busy"})
    assert rejected.status_code == 200, rejected.text
    latest = _events(client, "match.decide", role_id)[0]
    assert latest["details"]["decision"] == "rejected"
    assert latest["details"]["reason"] == "busy"


def test_search_results_showing_e_mails_are_audited_as_views_of_personal_data(
    client: httpx.Client,
) -> None:
    found = expert(client, full_name="Quách Thị Hiếm")
    response = client.get(f"{API}/experts/search", params={"q": "Quach Thi Hiem"})
    assert response.status_code == 200, response.text
    assert found in [item["expert_id"] for item in response.json()["items"]]
    # Newest first: the search's view, after the one of the profile its creator was shown.
    event = _events(client, "pii.view", found)[0]
    assert event["actor"] == _id(client)
    assert event["details"] == {"fields": ["emails"], "via": "search"}


def test_pipeline_moves_are_audited(client: httpx.Client) -> None:
    moved = expert(client)
    response = client.post(f"{API}/pipeline/{moved}/transitions", json={"to": "identified"})
    assert response.status_code == 200, response.text
    event = _only(client, "pipeline.move", moved)
    assert event["actor"] == _id(client)
    assert event["details"] == {"to": "identified", "from": None}
    again = client.post(f"{API}/pipeline/{moved}/transitions", json={"to": "contacted"})
    assert again.status_code == 200, again.text
    events = client.get(f"{API}/audit-events", params={"action": "pipeline.move", "target": moved})
    assert events.json()["items"][0]["details"] == {"to": "contacted", "from": "identified"}


def test_starting_a_match_job_is_audited(client: httpx.Client) -> None:
    role_id = role(client, requirements=ML)
    started = client.post(f"{API}/roles/{role_id}/match-jobs", json={"limit": 5})
    assert started.status_code == 202, started.text
    event = _only(client, "match.job", role_id)
    assert event["actor"] == _id(client)
    assert event["details"]["job_id"] == started.json()["id"]
    assert event["details"]["limit"] == 5
