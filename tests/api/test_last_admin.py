"""An admin cannot lock everyone out: the last active admin account stays open."""

import httpx

from talent.accounts.models import Role
from tests.accounts import SignIn

API = "/api/v1"


def test_the_last_active_admin_cannot_be_deactivated(client: httpx.Client) -> None:
    me = client.get(f"{API}/auth/me").json()["id"]
    refused = client.post(f"{API}/accounts/{me}/deactivate")
    assert refused.status_code == 409, refused.text
    assert refused.json()["fields"] == {"account_id": me}
    assert client.get(f"{API}/auth/me").status_code == 200


def test_an_admin_is_deactivated_while_another_stays(client: httpx.Client, as_role: SignIn) -> None:
    other = as_role(Role.ADMIN)
    me = client.get(f"{API}/auth/me").json()["id"]
    other_id = other.get(f"{API}/auth/me").json()["id"]
    assert client.post(f"{API}/accounts/{other_id}/deactivate").status_code == 200
    assert client.post(f"{API}/accounts/{me}/deactivate").status_code == 409
    assert client.get(f"{API}/accounts/unknown-account/deactivate").status_code == 405
    assert client.post(f"{API}/accounts/unknown-account/deactivate").status_code == 404
