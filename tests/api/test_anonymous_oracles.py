"""What an anonymous caller learns about other people through registration and claims (issue 11,
finding 3): nothing. The answer is the same whatever exists; the details go by mail to the
address concerned."""

import re
from typing import Any

import httpx

from tests.factories import expert_body
from tests.mailbox import last_token, messages_to

API = "/api/v1"
PASSWORD = "a long enough passphrase"
LISTED = "anh.nguyen@uni.example.org"
# What an answer echoes of the request, and so may differ between two requests.
ECHOED = {"email", "expert_id"}


def _existing(client: httpx.Client) -> str:
    body = expert_body(full_name="Nguyễn Văn Ánh", birth_year=1985, emails=[LISTED])
    response = client.post(f"{API}/experts", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _registration(email: str, full_name: str, birth_year: int = 1985) -> dict[str, Any]:
    body = expert_body(full_name=full_name, birth_year=birth_year)
    body["emails"] = []
    body.pop("orcid")
    return {"email": email, "profile": body, "works": []}


def _answer(response: httpx.Response) -> tuple[int, dict[str, Any]]:
    """Status and body, less what the request itself chose."""
    body = response.json()
    return response.status_code, {k: v for k, v in body.items() if k not in ECHOED}


def _claim(client: httpx.Client, expert_id: str, email: str) -> httpx.Response:
    body = {"expert_id": expert_id, "email": email, "name": "Ánh"}
    return client.post(f"{API}/registrations/claims", json=body)


def _experts(client: httpx.Client) -> set[str]:
    return {e["id"] for e in client.get(f"{API}/experts", params={"limit": 200}).json()["items"]}


def _accounts(client: httpx.Client) -> list[dict[str, Any]]:
    return list(client.get(f"{API}/accounts", params={"limit": 200}).json()["items"])


def test_a_likely_duplicate_registration_is_answered_as_a_new_one(
    anonymous: httpx.Client, client: httpx.Client
) -> None:
    existing = _existing(client)
    twin = anonymous.post(
        f"{API}/registrations", json=_registration("anh@personal.example.net", "Anh Nguyen Van")
    )
    stranger = anonymous.post(
        f"{API}/registrations", json=_registration("binh@example.net", "Phan Thanh Bình", 1962)
    )
    assert _answer(twin) == _answer(stranger), (twin.text, stranger.text)
    assert twin.status_code == 202
    assert existing not in twin.text
    assert "Ánh" not in twin.text
    # The mail to an address the profile does not list is the one any registrant gets.
    twin_mail, stranger_mail = (
        messages_to("anh@personal.example.net"),
        messages_to("binh@example.net"),
    )
    assert len(twin_mail) == len(stranger_mail) == 1
    assert "Nguyễn Văn Ánh" not in twin_mail[0]
    assert existing not in twin_mail[0]
    assert _masked(twin_mail[0]) == _masked(stranger_mail[0])
    # The pair goes to an admin instead.
    queue = client.get(f"{API}/reviews", params={"kind": "duplicate"}).json()["items"]
    assert [existing in r["expert_ids"] for r in queue] == [True]


def _masked(body: str) -> str:
    """A mail's text without its token and the registrant's name (its greetings, one in each
    language)."""
    token = body.split("token=")[1].split()[0]
    return re.sub(r"^(Kính gửi|Dear) .*$", "GREETING", body.replace(token, "TOKEN"), flags=re.M)


def test_varying_the_birth_year_reveals_nothing(
    anonymous: httpx.Client, client: httpx.Client
) -> None:
    _existing(client)
    answers = [
        _answer(
            anonymous.post(
                f"{API}/registrations",
                json=_registration(f"probe{year}@example.net", "Nguyen Van Anh", year),
            )
        )
        for year in (1970, 1984, 1985, 1986)
    ]
    assert all(answer == answers[0] for answer in answers), answers
    assert answers[0][0] == 202
    bodies = {_masked(messages_to(f"probe{year}@example.net")[-1]) for year in (1970, 1985)}
    assert len(bodies) == 1, bodies


def test_a_registration_with_an_address_that_has_an_account_creates_nothing_and_mails_it(
    anonymous: httpx.Client, client: httpx.Client
) -> None:
    email = "taken@example.net"
    first = anonymous.post(f"{API}/registrations", json=_registration(email, "Lý Văn Một", 1971))
    assert first.status_code == 202
    confirmed = anonymous.post(
        f"{API}/registrations/confirm", json={"token": last_token(email), "password": PASSWORD}
    )
    assert confirmed.status_code == 200, confirmed.text
    experts, accounts = _experts(client), _accounts(client)

    again = anonymous.post(f"{API}/registrations", json=_registration(email, "Lý Văn Hai", 1990))
    fresh = anonymous.post(
        f"{API}/registrations", json=_registration("fresh@example.net", "Lý Văn Ba", 1990)
    )
    assert _answer(again) == _answer(fresh), (again.text, fresh.text)
    assert "exists" not in again.text
    # No second profile or account; the address's owner is told to log in.
    assert len(_experts(client)) == len(experts) + 1
    assert len(_accounts(client)) == len(accounts) + 1
    mail = messages_to(email)[-1]
    assert "token=" not in mail
    assert "log in" in mail


def test_a_registration_from_an_address_the_profile_lists_mails_a_claim_link(
    anonymous: httpx.Client, client: httpx.Client
) -> None:
    existing = _existing(client)
    before = _experts(client)
    response = anonymous.post(f"{API}/registrations", json=_registration(LISTED, "Anh Nguyen Van"))
    assert response.status_code == 202, response.text
    assert existing not in response.text
    assert _experts(client) == before
    assert "claim" in messages_to(LISTED)[-1]
    confirmed = anonymous.post(
        f"{API}/registrations/confirm", json={"token": last_token(LISTED), "password": PASSWORD}
    )
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["purpose"] == "claim"
    assert confirmed.json()["expert_id"] == existing

    # Someone else who shares the address says so: a new profile, and the pair is reviewed.
    other = "shared.lab@uni.example.org"
    client.patch(f"{API}/experts/{existing}", json={"emails": [LISTED, other]})
    body = _registration(other, "Nguyen Van Anh")
    body["not_a_duplicate"] = True
    distinct = anonymous.post(f"{API}/registrations", json=body)
    assert distinct.status_code == 202, distinct.text
    assert "To confirm your profile" in messages_to(other)[-1]
    token = last_token(other)
    opened = anonymous.post(
        f"{API}/registrations/confirm", json={"token": token, "password": PASSWORD}
    )
    assert opened.status_code == 200, opened.text
    assert opened.json()["purpose"] == "confirm"
    assert opened.json()["expert_id"] != existing


def test_a_claim_answers_the_same_whatever_the_profile_and_the_address(
    anonymous: httpx.Client, client: httpx.Client
) -> None:
    listed = _existing(client)
    owned_body = expert_body(full_name="Hoàng Thị Chủ", birth_year=1970, emails=["chu@example.org"])
    owned_body.pop("orcid")
    owned = client.post(f"{API}/experts", json=owned_body).json()["id"]
    assert _claim(anonymous, owned, "chu@example.org").status_code == 202
    anonymous.post(
        f"{API}/registrations/confirm",
        json={"token": last_token("chu@example.org"), "password": PASSWORD},
    )
    accounts = len(_accounts(client))

    answers = [
        _claim(anonymous, listed, LISTED),  # proven: a link
        _claim(anonymous, listed, "stranger@example.net"),  # unproven: an admin decides
        _claim(anonymous, owned, "thief@example.net"),  # already owned
        _claim(anonymous, "no-such-profile", "probe@example.net"),  # unknown
        _claim(anonymous, owned, "chu@example.org"),  # the owner's own address, in use
    ]
    first = _answer(answers[0])
    assert first[0] == 202
    for answer in answers[1:]:
        assert _answer(answer) == first, answer.text
    assert "token=" in messages_to(LISTED)[-1]
    # An unlisted address learns the same whatever the profile: no link, no owner, no state.
    unlisted = [
        messages_to(a)[-1]
        for a in ("stranger@example.net", "thief@example.net", "probe@example.net")
    ]
    assert len(set(unlisted)) == 1, unlisted
    assert "token=" not in unlisted[0]
    assert "log in" in messages_to("chu@example.org")[-1]
    queue = client.get(f"{API}/reviews", params={"kind": "claim"}).json()["items"]
    assert [r["expert_ids"] for r in queue] == [[listed]]
    # Accounts only for the link and for the claim an admin may approve.
    assert len(_accounts(client)) == accounts + 2
