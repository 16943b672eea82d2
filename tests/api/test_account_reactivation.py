"""An admin opens a deactivated account again, audited; never an open, pending or withdrawn
one, nor an expert's whose profile another account owns by now."""

import httpx

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import AccountCreate, Role
from talent.accounts.repository import AccountRepository
from tests.accounts import PASSWORD, SignIn
from tests.factories import expert_body

API = "/api/v1"


def _id(client: httpx.Client) -> str:
    return str(client.get(f"{API}/auth/me").json()["id"])


def test_a_deactivated_account_is_reactivated_signs_in_again_and_is_audited(
    client: httpx.Client, as_role: SignIn
) -> None:
    staff = as_role(Role.MINISTRY)
    staff_id = _id(staff)
    email = staff.get(f"{API}/auth/me").json()["email"]
    assert client.post(f"{API}/accounts/{staff_id}/deactivate").status_code == 200
    assert staff.get(f"{API}/auth/me").status_code == 401
    reopened = client.post(f"{API}/accounts/{staff_id}/reactivate")
    assert reopened.status_code == 200, reopened.text
    assert reopened.json()["active"] is True
    # The token issued before the deactivation stays ended; a new sign-in works.
    assert staff.get(f"{API}/auth/me").status_code == 401
    login = staff.post(f"{API}/auth/login", json={"email": email, "password": PASSWORD})
    assert login.status_code == 200
    headers = {"authorization": f"Bearer {login.json()['access_token']}"}
    assert staff.get(f"{API}/auth/me", headers=headers).status_code == 200
    events = client.get(
        f"{API}/audit-events", params={"action": "account.reactivate", "target": staff_id}
    ).json()["items"]
    assert [(e["actor"], e["details"]["role"]) for e in events] == [(_id(client), "ministry")]


def test_an_open_unknown_pending_or_withdrawn_account_is_not_reopened(
    client: httpx.Client, as_role: SignIn, store: Neo4jStore
) -> None:
    staff_id = _id(as_role(Role.MINISTRY))
    assert client.post(f"{API}/accounts/{staff_id}/reactivate").status_code == 409
    assert client.post(f"{API}/accounts/no-such-account/reactivate").status_code == 404
    accounts = AccountRepository(store)
    pending = accounts.create_pending(
        email="pending@example.org", name="Pending", expert_id=None, expires_at=None
    )
    refused = client.post(f"{API}/accounts/{pending}/reactivate")
    assert refused.status_code == 409
    assert refused.json()["fields"] == {"account_id": pending}
    assert client.post(f"{API}/accounts/{staff_id}/deactivate").status_code == 200
    accounts.withdraw(staff_id)
    assert client.post(f"{API}/accounts/{staff_id}/reactivate").status_code == 409
    assert not accounts.get(staff_id).active
    assert (
        client.get(f"{API}/audit-events", params={"action": "account.reactivate"}).json()["items"]
        == []
    )


def test_an_expert_account_is_not_reopened_over_the_profiles_new_owner(
    client: httpx.Client, store: Neo4jStore
) -> None:
    profile = client.post(f"{API}/experts", json=expert_body()).json()["id"]
    accounts = AccountRepository(store)

    def owner(email: str) -> str:
        item = AccountCreate(
            email=email, password=PASSWORD, role=Role.EXPERT, name="Ánh", expert_id=profile
        )
        return accounts.create(item).id

    first = owner("first@example.org")
    assert client.post(f"{API}/accounts/{first}/deactivate").status_code == 200
    owner("second@example.org")
    refused = client.post(f"{API}/accounts/{first}/reactivate")
    assert refused.status_code == 409
    assert refused.json()["fields"] == {"expert_id": profile}
    assert not accounts.get(first).active
