"""Consent and visibility per field, verification, freshness, withdrawal and the audit trail,
through a real HTTP client."""

from typing import Any

import httpx

from talent.accounts.models import Role
from tests.accounts import SignIn
from tests.factories import expert_body

API = "/api/v1"
CONTACTS = {"emails": ["hidden.person@example.org"], "phone": "+84 912 345 678", "birth_year": 1980}


def _expert(client: httpx.Client, **extra: Any) -> dict[str, Any]:
    body = expert_body(**{**CONTACTS, **extra})
    response = client.post(f"{API}/experts", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_a_ministry_never_receives_contact_details_it_was_not_granted(
    client: httpx.Client, as_role: SignIn
) -> None:
    expert = _expert(client)
    owner = as_role(Role.EXPERT, expert_id=expert["id"])
    ministry = as_role(Role.MINISTRY)
    url = f"{API}/experts/{expert['id']}"

    for response in (ministry.get(url), ministry.get(f"{API}/experts")):
        assert response.status_code == 200
        assert "hidden.person@example.org" not in response.text
        assert "912 345 678" not in response.text
        # As a value: a random id may hold the digits "1980".
        assert ":1980" not in response.text.replace(" ", "")
    shown = ministry.get(url).json()
    assert shown["emails"] == []
    assert shown["phone"] is None
    assert shown["birth_year"] is None
    assert {"emails", "phone", "birth_year"} <= set(shown["hidden"])

    # Shown to staff but no consent to be contacted: contacts still withheld.
    visibility = {"emails": "staff", "phone": "staff", "birth_year": "staff"}
    assert owner.patch(url, json={"visibility": visibility}).status_code == 200
    shown = ministry.get(url).json()
    assert shown["emails"] == []
    assert shown["phone"] is None
    assert shown["birth_year"] == 1980

    consent = {"match": True, "contact": True}
    assert owner.patch(url, json={"consent": consent}).status_code == 200
    shown = ministry.get(url).json()
    assert shown["emails"] == ["hidden.person@example.org"]
    assert shown["hidden"] == []

    # The owner always sees everything; only the ministry's views are personal-data events.
    assert owner.get(url).json()["emails"] == ["hidden.person@example.org"]
    events = client.get(f"{API}/audit-events", params={"action": "pii.view"}).json()["items"]
    ministry_id = ministry.get(f"{API}/auth/me").json()["id"]
    owner_id = owner.get(f"{API}/auth/me").json()["id"]
    actors = [e["actor"] for e in events]
    assert owner_id not in actors
    # Newest first: the ministry's last view, after consent, with every field it saw.
    assert actors[0] == ministry_id
    assert actors.count(ministry_id) == 2
    assert events[0]["target"] == expert["id"]
    assert set(events[0]["details"]["fields"]) == {"emails", "phone", "birth_year"}


def test_admins_alone_read_the_audit_trail_of_changes(
    client: httpx.Client, as_role: SignIn
) -> None:
    expert = _expert(client)
    client.patch(f"{API}/experts/{expert['id']}", json={"headline": "Chip designer"})
    for role in (Role.MINISTRY, Role.PROGRAMME_LEAD, Role.EXPERT):
        caller = as_role(role, expert_id=expert["id"] if role is Role.EXPERT else None)
        assert caller.get(f"{API}/audit-events").status_code == 403
    events = client.get(f"{API}/audit-events", params={"target": expert["id"]}).json()["items"]
    changes = [e for e in events if e["action"] != "pii.view"]
    assert [e["action"] for e in changes] == ["expert.update", "expert.create"]  # newest first
    assert changes[0]["details"] == {
        "fields": ["headline"],
        "changes": {"headline": {"old": "", "new": "Chip designer"}},
    }
    admin_id = client.get(f"{API}/auth/me").json()["id"]
    assert {e["actor"] for e in events} == {admin_id}


def test_an_owner_cannot_set_status_grade_or_verify_their_own_claims(
    client: httpx.Client, as_role: SignIn
) -> None:
    expert = _expert(client)
    owner = as_role(Role.EXPERT, expert_id=expert["id"])
    url = f"{API}/experts/{expert['id']}"
    for patch, field in (
        ({"status": "active"}, "status"),
        ({"verification_grade": 3}, "verification_grade"),
        (
            {
                "skills": [
                    {"skill_id": "machine-learning", "level": 5, "source": "ministry_verified"}
                ]
            },
            "skills[0].source",
        ),
    ):
        response = owner.patch(url, json=patch)
        assert response.status_code == 403, response.text
        assert field in response.json()["fields"]
    assert client.get(url).json()["updated_at"] == expert["updated_at"]


def test_a_ministry_verifies_claims_and_the_owner_keeps_them_while_editing(
    client: httpx.Client, as_role: SignIn
) -> None:
    expert = _expert(client)
    owner = as_role(Role.EXPERT, expert_id=expert["id"])
    ministry = as_role(Role.MINISTRY)
    url = f"{API}/experts/{expert['id']}"

    unknown = ministry.post(f"{url}/verifications", json={"skill_ids": ["quantum-computing"]})
    assert unknown.status_code == 422
    assert "skill_ids[0]" in unknown.json()["fields"]
    verified = ministry.post(f"{url}/verifications", json={"skill_ids": ["machine-learning"]})
    assert verified.status_code == 200, verified.text
    assert verified.json()["verification_grade"] == 3
    profile = owner.get(url).json()
    sources = {s["skill_id"]: s["source"] for s in profile["skills"]}
    assert sources == {"machine-learning": "ministry_verified", "computer-vision": "self_declared"}
    assert profile["verified_at"] is not None

    # Sending the verified claim back unchanged is allowed; the edit also confirms the profile.
    response = owner.patch(url, json={"skills": profile["skills"], "headline": "Vision lead"})
    assert response.status_code == 200, response.text
    assert response.json()["confirmed_at"] is not None
    raised = [
        dict(s, level=5) if s["skill_id"] == "machine-learning" else s for s in profile["skills"]
    ]
    assert owner.patch(url, json={"skills": raised}).status_code == 403
    assert as_role(Role.PROGRAMME_LEAD).post(f"{url}/verifications", json={}).status_code == 403


def test_completeness_counts_what_the_profile_holds(client: httpx.Client) -> None:
    sparse = client.post(f"{API}/experts", json={"full_name": "Lê Minh", "country": "VN"}).json()
    full = _expert(
        client,
        headline="Chief engineer",
        bio="x" * 300,
        available_from="2027-01-01",
        skills=[
            {"skill_id": s, "level": 3}
            for s in (
                "machine-learning",
                "computer-vision",
                "natural-language-processing",
                "deep-learning",
                "reinforcement-learning",
            )
        ],
    )
    assert 0 <= sparse["completeness"] < 0.1
    assert 0.7 < full["completeness"] < 1.0  # no affiliation, no works
    assert sparse["stale"] is False


def test_an_unconfirmed_profile_stays_out_of_staff_lists_and_views(
    client: httpx.Client, as_role: SignIn
) -> None:
    pending = _expert(client, status="pending", full_name="Phạm Chờ Xác Nhận")
    active = _expert(client, full_name="Phạm Đã Xác Nhận")
    ministry = as_role(Role.MINISTRY)
    listed = {e["id"] for e in ministry.get(f"{API}/experts").json()["items"]}
    assert active["id"] in listed
    assert pending["id"] not in listed
    assert ministry.get(f"{API}/experts/{pending['id']}").status_code == 404
    assert client.get(f"{API}/experts/{pending['id']}").status_code == 200


def test_withdrawal_anonymises_the_profile_and_keeps_the_counts(
    client: httpx.Client, as_role: SignIn
) -> None:
    expert = _expert(client, country="DE", headline="Quantum", bio="About me")
    owner = as_role(Role.EXPERT, expert_id=expert["id"])
    work = client.post(
        f"{API}/works", json={"title": "A paper", "author_ids": [expert["id"]]}
    ).json()
    counts_before = client.get(f"{API}/experts/statistics").json()

    response = owner.post(f"{API}/experts/{expert['id']}/withdraw")
    assert response.status_code == 200, response.text
    gone = client.get(f"{API}/experts/{expert['id']}").json()
    assert gone["status"] == "withdrawn"
    assert gone["full_name"] == "Withdrawn expert"
    for field in ("emails", "affiliations", "engagement_modes"):
        assert gone[field] == []
    assert gone["phone"] is None
    assert gone["birth_year"] is None
    assert gone["orcid"] is None
    assert gone["bio"] == ""
    assert gone["headline"] == ""
    assert gone["consent"] == {"match": False, "contact": False}
    assert [s["skill_id"] for s in gone["skills"]] == ["computer-vision", "machine-learning"]
    assert client.get(f"{API}/works/{work['id']}").json()["author_ids"] == []

    totals = {(c["status"], c["residency"]): c["experts"] for c in counts_before}
    after = {
        (c["status"], c["residency"]): c["experts"]
        for c in client.get(f"{API}/experts/statistics").json()
    }
    assert sum(after.values()) == sum(totals.values())
    assert after[("withdrawn", "overseas")] == 1
    # The account is closed: its token no longer works.
    assert owner.get(f"{API}/auth/me").status_code == 401
    assert "hidden.person" not in client.get(f"{API}/experts/{expert['id']}").text
