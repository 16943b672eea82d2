"""What ends a session ends every copy of it: a logout (page or API), a password reset and a
deactivation refuse the account's earlier tokens, page cookies and mailed reset links, while a
new sign-in works."""

import contextlib
from collections.abc import Iterator

import httpx

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import AccountCreate, Role
from talent.accounts.repository import AccountRepository
from tests.accounts import PASSWORD
from tests.mailbox import messages_to

API = "/api/v1"
NEW = "a new password after the reset"


def _account(store: Neo4jStore, email: str, role: Role = Role.MINISTRY) -> str:
    item = AccountCreate(email=email, password=PASSWORD, role=role, name="Phạm Thu")
    return AccountRepository(store).create(item).id


def _token(base_url: str, email: str, password: str = PASSWORD) -> str:
    response = httpx.post(
        f"{base_url}{API}/auth/login", json={"email": email, "password": password}
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def _me(base_url: str, token: str) -> int:
    headers = {"authorization": f"Bearer {token}"}
    return httpx.get(f"{base_url}{API}/auth/me", headers=headers).status_code


@contextlib.contextmanager
def _page_session(base_url: str, email: str) -> Iterator[httpx.Client]:
    """A browser's client signed in through the login page."""
    with httpx.Client(base_url=base_url, timeout=30) as browser:
        browser.get("/login")
        csrf = browser.cookies["talent_csrf"]
        form = {"email": email, "password": PASSWORD, "csrf_token": csrf}
        assert browser.post("/login", data=form).status_code == 303
        yield browser


def _reset_links(email: str) -> list[str]:
    """The tokens of the reset links mailed to `email`, oldest first."""
    return [
        body.split("/password/reset?token=", 1)[1].split()[0]
        for body in messages_to(email)
        if "/password/reset?token=" in body
    ]


def test_a_copied_page_cookie_and_bearer_token_stop_working_after_logout(
    base_url: str, store: Neo4jStore
) -> None:
    email = "copied@example.org"
    _account(store, email)
    stolen_token = _token(base_url, email)
    with _page_session(base_url, email) as browser:
        stolen_cookie = browser.cookies["talent_session"]
        with httpx.Client(base_url=base_url, cookies={"talent_session": stolen_cookie}) as thief:
            assert thief.get("/search").status_code == 200
            assert _me(base_url, stolen_token) == 200

            csrf = browser.cookies["talent_csrf"]
            logout = browser.post("/logout", data={"csrf_token": csrf})
            assert logout.status_code == 303

            refused = thief.get("/search")
            assert refused.status_code == 303
            assert refused.headers["location"] == "/login?next=/search"
            assert _me(base_url, stolen_token) == 401
    # The person signs in again: the new session works.
    fresh = _token(base_url, email)
    assert _me(base_url, fresh) == 200
    with _page_session(base_url, email) as browser:
        assert browser.get("/search").status_code == 200


def test_logging_out_over_the_api_ends_every_token_of_the_account(
    base_url: str, store: Neo4jStore
) -> None:
    email = "two-devices@example.org"
    _account(store, email)
    laptop, phone = _token(base_url, email), _token(base_url, email)
    other = "bystander@example.org"
    _account(store, other)
    bystander = _token(base_url, other)
    headers = {"authorization": f"Bearer {laptop}"}
    answer = httpx.post(f"{base_url}{API}/auth/logout", headers=headers)
    assert answer.status_code == 204
    assert _me(base_url, laptop) == 401
    assert _me(base_url, phone) == 401
    refused = httpx.get(f"{base_url}{API}/auth/me", headers={"authorization": f"Bearer {phone}"})
    assert refused.json() == {
        "error": "Unauthorized",
        "detail": "the session has ended; log in again",
        "fields": {"authorization": ""},
    }
    assert _me(base_url, bystander) == 200  # another account's sessions go on
    assert _me(base_url, _token(base_url, email)) == 200


def test_a_password_reset_ends_earlier_tokens_and_the_other_reset_links(
    base_url: str, store: Neo4jStore, anonymous: httpx.Client
) -> None:
    email = "reset-twice@example.org"
    _account(store, email)
    stolen = _token(base_url, email)
    for _ in range(2):
        asked = anonymous.post(f"{API}/password/forgot", json={"email": email})
        assert asked.status_code == 202
    first, second = _reset_links(email)
    changed = anonymous.post(f"{API}/password/reset", json={"token": second, "password": NEW})
    assert changed.status_code == 200, changed.text
    assert _me(base_url, stolen) == 401
    other = anonymous.post(f"{API}/password/reset", json={"token": first, "password": PASSWORD})
    assert other.status_code == 422
    assert other.json()["fields"] == {"token": "expired"}
    assert _me(base_url, _token(base_url, email, NEW)) == 200


def test_a_logout_or_a_deactivation_ends_the_reset_links_mailed_before(
    base_url: str, store: Neo4jStore, anonymous: httpx.Client, client: httpx.Client
) -> None:
    email = "links-before@example.org"
    account_id = _account(store, email)
    anonymous.post(f"{API}/password/forgot", json={"email": email})
    headers = {"authorization": f"Bearer {_token(base_url, email)}"}
    assert httpx.post(f"{base_url}{API}/auth/logout", headers=headers).status_code == 204
    anonymous.post(f"{API}/password/forgot", json={"email": email})
    assert client.post(f"{API}/accounts/{account_id}/deactivate").status_code == 200
    assert client.post(f"{API}/accounts/{account_id}/reactivate").status_code == 200
    before_logout, before_deactivation = _reset_links(email)
    for token in (before_logout, before_deactivation):
        refused = anonymous.post(f"{API}/password/reset", json={"token": token, "password": NEW})
        assert refused.status_code == 422
        assert refused.json()["fields"] == {"token": "expired"}
    assert _me(base_url, _token(base_url, email)) == 200  # the password is still the old one
