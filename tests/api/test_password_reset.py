"""A forgotten password over HTTP: one answer whatever exists, a single-use mailed link that
sets a new password, and links of one purpose refused for the other."""

import httpx

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import AccountCreate, Role
from talent.accounts.repository import AccountRepository
from tests.api.test_registration import registration
from tests.mailbox import last_token, messages_to

API = "/api/v1"
OLD = "the password I forgot"
NEW = "the password I chose now"


def _login(client: httpx.Client, email: str, password: str) -> int:
    response = client.post(f"{API}/auth/login", json={"email": email, "password": password})
    return response.status_code


def test_a_mailed_link_sets_a_new_password_once(
    anonymous: httpx.Client, store: Neo4jStore, base_url: str
) -> None:
    email = "forgetful@example.org"
    item = AccountCreate(email=email, password=OLD, role=Role.MINISTRY, name="Lê Minh")
    AccountRepository(store).create(item)
    answer = anonymous.post(f"{API}/password/forgot", json={"email": email})
    nobody = anonymous.post(f"{API}/password/forgot", json={"email": "nobody@example.org"})
    assert answer.status_code == nobody.status_code == 202
    assert answer.json() == {"state": "received", "email": email}
    assert nobody.json() == {"state": "received", "email": "nobody@example.org"}
    [mail] = messages_to(email)
    assert f"{base_url}/password/reset?token=" in mail
    assert mail.index("Để chọn mật khẩu mới") < mail.index(
        "To choose a new password"
    )  # Vietnamese first
    assert messages_to("nobody@example.org") == []

    token = last_token(email)
    assert _login(anonymous, email, OLD) == 200  # asking changes nothing yet
    body = {"token": token, "password": NEW}
    changed = anonymous.post(f"{API}/password/reset", json=body)
    assert changed.status_code == 200, changed.text
    assert changed.json() == {"state": "changed"}
    assert _login(anonymous, email, NEW) == 200
    assert _login(anonymous, email, OLD) == 401
    again = anonymous.post(f"{API}/password/reset", json={"token": token, "password": OLD})
    assert again.status_code == 409
    assert again.json()["fields"] == {"token": "already used"}
    assert _login(anonymous, email, NEW) == 200


def test_a_link_of_one_purpose_is_not_taken_for_the_other(
    anonymous: httpx.Client, store: Neo4jStore
) -> None:
    email = "both@example.org"
    item = AccountCreate(email=email, password=OLD, role=Role.MINISTRY, name="Trần Bình")
    AccountRepository(store).create(item)
    anonymous.post(f"{API}/password/forgot", json={"email": email})
    reset_token = last_token(email)
    confirm = {"token": reset_token, "password": NEW}
    refused = anonymous.post(f"{API}/registrations/confirm", json=confirm)
    assert refused.status_code == 422
    assert refused.json()["fields"] == {"token": "unknown"}

    body = registration()
    assert anonymous.post(f"{API}/registrations", json=body).status_code == 202
    confirm_token = last_token(body["email"])
    taken = anonymous.post(f"{API}/password/reset", json={"token": confirm_token, "password": NEW})
    assert taken.status_code == 422
    assert taken.json()["fields"] == {"token": "unknown"}


def test_a_short_password_or_a_malformed_address_is_refused_by_field(
    anonymous: httpx.Client, store: Neo4jStore
) -> None:
    short = anonymous.post(f"{API}/password/reset", json={"token": "x" * 20, "password": "short"})
    assert short.status_code == 422
    assert "password" in short.json()["fields"]
    bad = anonymous.post(f"{API}/password/forgot", json={"email": "not an address"})
    assert bad.status_code == 422
    assert "email" in bad.json()["fields"]
