"""Identity flows an attacker would try (issue 11, findings 1, 4 and 5): passwords are chosen by
whoever holds the mailed link, unconfirmed accounts never block anyone and expire, a closed
account stays closed, and a profile has at most one owner."""

import itertools
from typing import Any

import httpx
import pytest

import talent.accounts.tokens
from talent.core.ids import now_ms
from tests.factories import expert_body
from tests.mailbox import last_token, messages_to

API = "/api/v1"
OWNER_PASSWORD = "the owner's own passphrase"
ATTACKER_PASSWORD = "the attacker's passphrase"
_numbers = itertools.count(1)


def _registration(email: str, full_name: str) -> dict[str, Any]:
    body = expert_body(full_name=full_name, birth_year=1980 + next(_numbers) % 20)
    body["emails"] = []
    body.pop("orcid")
    return {"email": email, "profile": body, "works": []}


def _existing(client: httpx.Client, emails: list[str]) -> str:
    body = expert_body(full_name="Trần Minh Quân", birth_year=1979, emails=emails)
    body.pop("orcid")
    response = client.post(f"{API}/experts", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _login(client: httpx.Client, email: str, password: str) -> httpx.Response:
    return client.post(f"{API}/auth/login", json={"email": email, "password": password})


def _confirm(client: httpx.Client, token: str, password: str = OWNER_PASSWORD) -> httpx.Response:
    return client.post(f"{API}/registrations/confirm", json={"token": token, "password": password})


def _account_of(client: httpx.Client, email: str) -> dict[str, Any]:
    """The one account for this address, as an admin sees it: anonymous answers name no ids."""
    accounts = client.get(f"{API}/accounts", params={"limit": 200}).json()["items"]
    [account] = [a for a in accounts if a["email"] == email]
    return dict(account)


def _accounts(client: httpx.Client) -> list[dict[str, Any]]:
    return list(client.get(f"{API}/accounts", params={"limit": 200}).json()["items"])


def _claim(client: httpx.Client, expert_id: str, email: str) -> httpx.Response:
    body = {"expert_id": expert_id, "email": email, "name": "Quân"}
    return client.post(f"{API}/registrations/claims", json=body)


# Finding 1: the password is set by whoever holds the link, when they use it.


def test_a_claim_cannot_choose_the_password_of_the_profile_it_takes_over(
    anonymous: httpx.Client, client: httpx.Client
) -> None:
    owner_email = "quan.tran@uni.example.org"
    expert_id = _existing(client, [owner_email])
    attack = {
        "expert_id": expert_id,
        "email": owner_email,
        "password": ATTACKER_PASSWORD,
        "name": "Quân",
    }
    refused = anonymous.post(f"{API}/registrations/claims", json=attack)
    assert refused.status_code == 422, refused.text
    assert "password" in refused.json()["fields"]
    assert messages_to(owner_email) == []

    assert _claim(anonymous, expert_id, owner_email).status_code == 202
    token = last_token(owner_email)
    assert ATTACKER_PASSWORD not in messages_to(owner_email)[-1]
    confirmed = _confirm(anonymous, token)
    assert confirmed.status_code == 200, confirmed.text
    assert _login(anonymous, owner_email, ATTACKER_PASSWORD).status_code == 401
    login = _login(anonymous, owner_email, OWNER_PASSWORD)
    assert login.status_code == 200, login.text
    assert login.json()["account"]["expert_id"] == expert_id


def test_a_registration_takes_no_password_and_its_confirmation_sets_one(
    anonymous: httpx.Client,
) -> None:
    email = "hoa.le@example.net"
    body = _registration(email, "Lê Thị Hoa")
    with_password = anonymous.post(
        f"{API}/registrations", json={**body, "password": ATTACKER_PASSWORD}
    )
    assert with_password.status_code == 422, with_password.text
    assert "password" in with_password.json()["fields"]

    assert anonymous.post(f"{API}/registrations", json=body).status_code == 202
    token = last_token(email)
    missing = anonymous.post(f"{API}/registrations/confirm", json={"token": token})
    assert missing.status_code == 422
    assert "password" in missing.json()["fields"]
    short = _confirm(anonymous, token, "too short")
    assert short.status_code == 422
    assert "password" in short.json()["fields"]
    assert _login(anonymous, email, OWNER_PASSWORD).status_code == 401

    confirmed = _confirm(anonymous, token)
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "active"
    assert _login(anonymous, email, OWNER_PASSWORD).status_code == 200
    assert _confirm(anonymous, token).status_code == 409


# Finding 4: unconfirmed accounts never block anyone, and expire; closed ones stay closed.


def test_an_unconfirmed_registration_does_not_block_the_owner_of_the_email(
    anonymous: httpx.Client,
) -> None:
    victim = "victim@example.net"
    squat = anonymous.post(f"{API}/registrations", json=_registration(victim, "Phạm Văn Kẻ"))
    assert squat.status_code == 202, squat.text
    squatter_token = last_token(victim)

    mine = anonymous.post(f"{API}/registrations", json=_registration(victim, "Võ Thị Chủ"))
    assert mine.status_code == 202, mine.text
    confirmed = _confirm(anonymous, last_token(victim))
    assert confirmed.status_code == 200, confirmed.text
    mine_id = confirmed.json()["expert_id"]
    login = _login(anonymous, victim, OWNER_PASSWORD)
    assert login.status_code == 200
    assert login.json()["account"]["expert_id"] == mine_id

    # The first link can no longer take the address: it belongs to a confirmed account.
    late = _confirm(anonymous, squatter_token, ATTACKER_PASSWORD)
    assert late.status_code == 409, late.text
    assert _login(anonymous, victim, ATTACKER_PASSWORD).status_code == 401
    assert _login(anonymous, victim, OWNER_PASSWORD).json()["account"]["expert_id"] == mine_id


def test_an_unconfirmed_claim_does_not_block_a_registration_or_another_claim(
    anonymous: httpx.Client, client: httpx.Client
) -> None:
    target = "someone@example.net"
    expert_id = _existing(client, ["listed@uni.example.org"])
    assert _claim(anonymous, expert_id, target).status_code == 202  # waits for an admin
    again = _claim(anonymous, expert_id, target)
    assert again.status_code == 202, again.text
    registered = anonymous.post(f"{API}/registrations", json=_registration(target, "Đỗ Văn Thật"))
    assert registered.status_code == 202, registered.text
    assert _confirm(anonymous, last_token(target)).status_code == 200
    assert _login(anonymous, target, OWNER_PASSWORD).status_code == 200


def test_unconfirmed_accounts_expire_after_two_days(
    anonymous: httpx.Client, client: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    email = "slow@example.net"
    anonymous.post(f"{API}/registrations", json=_registration(email, "Bùi Văn Chậm"))
    account_id = _account_of(client, email)["id"]
    token = last_token(email)
    later = now_ms() + (2 * 24 * 3600 + 60) * 1000
    monkeypatch.setattr(talent.accounts.tokens, "now_ms", lambda: later)

    expired = _confirm(anonymous, token)
    assert expired.status_code == 422, expired.text
    assert _login(anonymous, email, OWNER_PASSWORD).status_code == 401
    # The next registration sweeps expired accounts away.
    other = anonymous.post(f"{API}/registrations", json=_registration(email, "Bùi Văn Mới"))
    assert other.status_code == 202, other.text
    ids = {a["id"] for a in client.get(f"{API}/accounts", params={"limit": 200}).json()["items"]}
    assert account_id not in ids
    assert _account_of(client, email)["id"] in ids


def test_a_deactivated_account_does_not_come_back_through_its_old_link(
    anonymous: httpx.Client, client: httpx.Client
) -> None:
    email = "closed@example.net"
    anonymous.post(f"{API}/registrations", json=_registration(email, "Ngô Văn Đóng"))
    pending = _account_of(client, email)
    account_id = pending["id"]
    closed = client.post(f"{API}/accounts/{account_id}/deactivate")
    assert closed.status_code == 200, closed.text
    refused = _confirm(anonymous, last_token(email))
    assert refused.status_code == 409, refused.text
    assert _login(anonymous, email, OWNER_PASSWORD).status_code == 401
    assert client.get(f"{API}/experts/{pending['expert_id']}").json()["status"] == "pending"


# Finding 5: one profile, at most one owner account.


def test_two_pending_claims_confirmed_in_turn_leave_one_owner(
    anonymous: httpx.Client, client: httpx.Client
) -> None:
    first, second = "first@uni.example.org", "second@lab.example.org"
    expert_id = _existing(client, [first, second])
    assert _claim(anonymous, expert_id, first).status_code == 202
    assert _claim(anonymous, expert_id, second).status_code == 202
    first_token, second_token = last_token(first), last_token(second)

    assert _confirm(anonymous, first_token).status_code == 200
    refused = _confirm(anonymous, second_token, ATTACKER_PASSWORD)
    assert refused.status_code == 409, refused.text
    assert refused.json()["fields"] == {"expert_id": expert_id}
    assert _login(anonymous, second, ATTACKER_PASSWORD).status_code == 401
    owners = [a for a in _accounts(client) if a["expert_id"] == expert_id and a["active"]]
    assert [a["email"] for a in owners] == [first]
    # A claim on an owned profile opens nothing, though its answer is that of any claim
    # (finding 3): the claimant's address gets no link.
    third = _claim(anonymous, expert_id, "third@example.net")
    assert third.status_code == 202, third.text
    assert "token=" not in messages_to("third@example.net")[-1]
    assert all(a["email"] != "third@example.net" for a in owners + _accounts(client))


def test_an_admin_cannot_give_an_owned_profile_a_second_owner_account(
    anonymous: httpx.Client, client: httpx.Client
) -> None:
    owner_email = "owner@uni.example.org"
    expert_id = _existing(client, [owner_email])
    assert _claim(anonymous, expert_id, owner_email).status_code == 202
    assert _confirm(anonymous, last_token(owner_email)).status_code == 200
    second = {
        "email": "second.owner@example.net",
        "password": OWNER_PASSWORD,
        "role": "expert",
        "name": "Second",
        "expert_id": expert_id,
    }
    refused = client.post(f"{API}/accounts", json=second)
    assert refused.status_code == 409, refused.text
    assert refused.json()["fields"] == {"expert_id": expert_id}
    assert _login(anonymous, "second.owner@example.net", OWNER_PASSWORD).status_code == 401
