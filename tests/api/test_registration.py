"""Self-registration with e-mail confirmation, duplicates and claims, through a real HTTP client
against the served app and its outbox."""

import itertools
from typing import Any

import httpx

from talent.accounts.models import Role
from tests.accounts import SignIn
from tests.factories import expert_body
from tests.mailbox import last_token, messages_to
from tests.matching.helpers import role

API = "/api/v1"
PASSWORD = "a long enough passphrase"
_numbers = itertools.count(1)


def registration(email: str | None = None, **profile: Any) -> dict[str, Any]:
    body = expert_body(**profile)
    body["emails"] = []
    body.pop("orcid")  # found by name, birth year and skills, not by a shared identifier
    body.setdefault("birth_year", 1985)
    return {
        "email": email or f"registrant{next(_numbers)}@example.net",
        "profile": body,
        "works": [
            {"title": "Edge inference for Vietnamese speech", "skill_ids": ["machine-learning"]}
        ],
    }


def _confirm(client: httpx.Client, token: str) -> httpx.Response:
    """The link's holder chooses the password as they use it."""
    return client.post(f"{API}/registrations/confirm", json={"token": token, "password": PASSWORD})


def _login(client: httpx.Client, email: str) -> httpx.Response:
    return client.post(f"{API}/auth/login", json={"email": email, "password": PASSWORD})


def _account_of(client: httpx.Client, email: str) -> dict[str, Any]:
    """The (pending) account for this address, as an admin sees it: the anonymous answer names
    no ids."""
    accounts = client.get(f"{API}/accounts", params={"limit": 200}).json()["items"]
    [account] = [a for a in accounts if a["email"] == email]
    return dict(account)


def test_a_registration_stays_pending_until_its_email_is_confirmed_once(
    anonymous: httpx.Client, client: httpx.Client, as_role: SignIn
) -> None:
    body = registration(full_name="Đặng Thu Hà")
    response = anonymous.post(f"{API}/registrations", json=body)
    assert response.status_code == 202, response.text
    assert response.json() == {"state": "received", "email": body["email"]}
    expert_id = _account_of(client, body["email"])["expert_id"]
    assert client.get(f"{API}/experts/{expert_id}").json()["status"] == "pending"
    assert _login(anonymous, body["email"]).status_code == 401

    # Pending: out of staff listings and out of matching.
    ministry = as_role(Role.MINISTRY)
    assert expert_id not in {e["id"] for e in ministry.get(f"{API}/experts").json()["items"]}
    role_id = role(client, requirements=[{"skill_id": "machine-learning", "weight": 1}])
    ranked = client.post(f"{API}/roles/{role_id}/matches", json={}).json()
    assert expert_id not in [c["expert_id"] for c in ranked["items"]]

    token = last_token(body["email"])
    assert token not in client.get(f"{API}/audit-events").text
    confirmed = _confirm(anonymous, token)
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "active"
    again = _confirm(anonymous, token)
    assert again.status_code == 409
    assert again.json()["fields"] == {"token": "already used"}
    unknown = _confirm(anonymous, "x" * 43)
    assert unknown.status_code == 422

    login = _login(anonymous, body["email"])
    assert login.status_code == 200
    assert login.json()["account"]["expert_id"] == expert_id
    ranked = client.post(f"{API}/roles/{role_id}/matches", json={}).json()
    assert expert_id in [c["expert_id"] for c in ranked["items"]]
    profile = client.get(f"{API}/experts/{expert_id}").json()
    assert profile["confirmed_at"] is not None
    assert profile["verification_grade"] == 1
    works = client.get(f"{API}/works").json()["items"]
    assert [w["author_ids"] for w in works] == [[expert_id]]


def test_every_bad_field_of_a_registration_is_named_and_nothing_is_stored(
    anonymous: httpx.Client, client: httpx.Client
) -> None:
    body = registration()
    body["email"] = "not-an-email"
    body["profile"]["skills"] = [
        {"skill_id": "machine-learning", "level": 9},
        {"skill_id": "computer-vision", "level": 3, "source": "ministry_verified"},
    ]
    body["profile"]["status"] = "active"
    response = anonymous.post(f"{API}/registrations", json=body)
    assert response.status_code == 422
    fields = response.json()["fields"]
    for name in (
        "email",
        "profile.skills[0].level",
        "profile.skills[1].source",
        "profile.status",
    ):
        assert name in fields, (name, fields)

    unknown = registration()
    unknown["works"][0]["skill_ids"] = ["no-such-skill"]
    unknown["profile"]["skills"] = [{"skill_id": "no-such-skill-either", "level": 2}]
    response = anonymous.post(f"{API}/registrations", json=unknown)
    assert response.status_code == 422
    assert set(response.json()["fields"]) == {
        "works[0].skill_ids[0]",
        "profile.skills[0].skill_id",
    }
    assert client.get(f"{API}/experts").json()["items"] == []
    assert messages_to(unknown["email"]) == []


def _existing(client: httpx.Client) -> dict[str, Any]:
    body = expert_body(
        full_name="Nguyễn Văn Ánh",
        birth_year=1985,
        emails=["anh.nguyen@uni.example.org"],
    )
    response = client.post(f"{API}/experts", json=body)
    assert response.status_code == 201
    return dict(response.json())


def test_a_duplicate_registration_is_reviewed_and_the_profile_claimed(
    anonymous: httpx.Client, client: httpx.Client
) -> None:
    existing = _existing(client)
    # The same person, registering from another address, without diacritics, Western order:
    # answered and mailed as any registration (an anonymous caller learns nothing of the
    # existing profile), and the pair goes to an admin.
    body = registration(email="anh@personal.example.net", full_name="Anh Nguyen Van")
    response = anonymous.post(f"{API}/registrations", json=body)
    assert response.status_code == 202, response.text
    assert response.json() == {"state": "received", "email": "anh@personal.example.net"}
    assert "To confirm your profile" in messages_to("anh@personal.example.net")[-1]
    queue = client.get(f"{API}/reviews", params={"kind": "duplicate"}).json()["items"]
    assert [existing["id"] in r["expert_ids"] for r in queue] == [True]

    # From the address the profile lists, the mail offers the profile instead.
    body = registration(email="anh.nguyen@uni.example.org", full_name="Anh Nguyen Van")
    response = anonymous.post(f"{API}/registrations", json=body)
    assert response.json() == {"state": "received", "email": "anh.nguyen@uni.example.org"}
    assert "claim that profile" in messages_to("anh.nguyen@uni.example.org")[-1]

    # So does a claim through that address, once the person knows the profile's id.
    claim = {
        "expert_id": existing["id"],
        "email": "anh.nguyen@uni.example.org",
        "name": "Ánh",
    }
    response = anonymous.post(f"{API}/registrations/claims", json=claim)
    assert response.status_code == 202, response.text
    assert response.json() == {
        "expert_id": existing["id"],
        "email": claim["email"],
        "state": "received",
    }
    token = last_token("anh.nguyen@uni.example.org")
    confirmed = _confirm(anonymous, token)
    assert confirmed.json()["purpose"] == "claim"
    login = _login(anonymous, "anh.nguyen@uni.example.org").json()
    owner = httpx.Client(
        base_url=str(anonymous.base_url),
        headers={"authorization": f"Bearer {login['access_token']}"},
    )
    assert owner.get(f"{API}/experts/{existing['id']}").json()["emails"] == [
        "anh.nguyen@uni.example.org"
    ]
    assert (
        owner.patch(f"{API}/experts/{existing['id']}", json={"headline": "Mine"}).status_code == 200
    )
    # Claimed once: a second claim gets the same answer but no link, and opens nothing.
    accounts = len(client.get(f"{API}/accounts", params={"limit": 200}).json()["items"])
    second = anonymous.post(
        f"{API}/registrations/claims", json={**claim, "email": "someone@else.example.net"}
    )
    assert second.status_code == 202
    assert "token=" not in messages_to("someone@else.example.net")[-1]
    assert len(client.get(f"{API}/accounts", params={"limit": 200}).json()["items"]) == accounts
    owner.close()


def test_an_unproven_claim_waits_for_an_admin(
    anonymous: httpx.Client, client: httpx.Client
) -> None:
    existing = _existing(client)
    claim = {
        "expert_id": existing["id"],
        "email": "anh@personal.example.net",
        "name": "Ánh",
    }
    response = anonymous.post(f"{API}/registrations/claims", json=claim)
    assert response.json()["state"] == "received"
    assert "administrator" in messages_to("anh@personal.example.net")[-1]
    queue = client.get(f"{API}/reviews", params={"kind": "claim"}).json()["items"]
    assert [r["expert_ids"] for r in queue] == [[existing["id"]]]
    wrong = client.post(f"{API}/reviews/{queue[0]['id']}/decision", json={"decision": "merge"})
    assert wrong.status_code == 422
    decided = client.post(f"{API}/reviews/{queue[0]['id']}/decision", json={"decision": "approve"})
    assert decided.status_code == 200, decided.text
    token = last_token("anh@personal.example.net")
    assert _confirm(anonymous, token).status_code == 200
    assert _login(anonymous, "anh@personal.example.net").status_code == 200
    twice = client.post(f"{API}/reviews/{queue[0]['id']}/decision", json={"decision": "reject"})
    assert twice.status_code == 409


def test_a_registrant_who_is_someone_else_goes_on_and_the_pair_is_reviewed(
    anonymous: httpx.Client, client: httpx.Client
) -> None:
    existing = _existing(client)
    body = registration(email="other.anh@example.net", full_name="Nguyen Van Anh")
    body["not_a_duplicate"] = True
    response = anonymous.post(f"{API}/registrations", json=body)
    assert response.status_code == 202, response.text
    new_id = _account_of(client, body["email"])["expert_id"]
    queue = client.get(f"{API}/reviews", params={"kind": "duplicate"}).json()["items"]
    assert [r["expert_ids"] for r in queue] == [[new_id, existing["id"]]]

    # The admin decides they are one person after all: the older profile survives.
    _confirm(anonymous, last_token(body["email"]))
    decided = client.post(f"{API}/reviews/{queue[0]['id']}/decision", json={"decision": "merge"})
    assert decided.status_code == 200, decided.text
    assert decided.json()["merge"]["survivor_id"] == existing["id"]
    assert client.get(f"{API}/experts/{new_id}").json()["id"] == existing["id"]
    # The registrant's account now owns the survivor.
    login = _login(anonymous, body["email"]).json()
    assert login["account"]["expert_id"] == existing["id"]
