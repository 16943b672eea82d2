"""Who may do what, through the real login and a real HTTP client."""

import os
import subprocess
import sys
import time

import httpx
import jwt

from api.auth import signing_key
from api.settings import get_settings
from talent.accounts.models import Role
from tests.accounts import PASSWORD, SignIn
from tests.conftest import ROOT
from tests.factories import expert_body

API = "/api/v1"


def test_anonymous_callers_may_read_the_taxonomy_and_nothing_private(
    anonymous: httpx.Client,
) -> None:
    assert anonymous.get(f"{API}/taxonomy/groups").status_code == 200
    assert anonymous.get("/health").status_code == 200
    for method, url in [
        ("GET", f"{API}/experts"),
        ("POST", f"{API}/experts"),
        ("GET", f"{API}/programmes"),
        ("GET", f"{API}/accounts"),
        ("POST", f"{API}/roles/x/matches"),
    ]:
        response = anonymous.request(method, url, json={})
        assert response.status_code == 401, (method, url, response.text)
        assert response.json()["error"] == "Unauthorized"


def test_a_wrong_password_and_an_unknown_email_get_the_same_401(
    anonymous: httpx.Client, as_role: SignIn
) -> None:
    admin = as_role(Role.ADMIN)
    email = admin.get(f"{API}/auth/me").json()["email"]
    wrong = anonymous.post(f"{API}/auth/login", json={"email": email, "password": "x" * 12})
    unknown = anonymous.post(
        f"{API}/auth/login", json={"email": "nobody@example.org", "password": PASSWORD}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]


def test_an_expert_reads_and_changes_only_their_own_profile(
    client: httpx.Client, as_role: SignIn
) -> None:
    mine = client.post(f"{API}/experts", json=expert_body(full_name="Phạm Thu Hà")).json()["id"]
    other = client.post(
        f"{API}/experts", json=expert_body(full_name="Vũ Đức Long", emails=["long@example.org"])
    ).json()["id"]
    expert = as_role(Role.EXPERT, expert_id=mine)
    assert expert.get(f"{API}/experts/{mine}").status_code == 200
    changed = expert.patch(f"{API}/experts/{mine}", json={"headline": "Quantum sensing"})
    assert changed.status_code == 200, changed.text
    # Someone else's profile answers as one that does not exist: ids reveal nothing.
    assert expert.get(f"{API}/experts/{other}").status_code == 404
    assert expert.patch(f"{API}/experts/{other}", json={"headline": "x"}).status_code == 404
    assert expert.get(f"{API}/experts").status_code == 403
    assert expert.delete(f"{API}/experts/{mine}").status_code == 403
    assert client.get(f"{API}/experts/{other}").json()["headline"] == ""


def test_a_programme_lead_manages_only_their_own_programmes_roles_and_matches(
    as_role: SignIn,
) -> None:
    lead, rival = as_role(Role.PROGRAMME_LEAD), as_role(Role.PROGRAMME_LEAD)
    programme = lead.post(f"{API}/programmes", json={"name": "Bán dẫn quốc gia"})
    assert programme.status_code == 201, programme.text
    pid = programme.json()["id"]
    role = lead.post(f"{API}/roles", json={"programme_id": pid, "title": "Chief engineer"})
    assert role.status_code == 201, role.text
    rid = role.json()["id"]
    assert lead.post(f"{API}/roles/{rid}/matches", json={}).status_code == 200
    # Another lead's programme and role answer as ones that do not exist.
    assert rival.post(f"{API}/roles/{rid}/matches", json={}).status_code == 404
    assert rival.get(f"{API}/roles/{rid}/exclusions").status_code == 404
    assert rival.patch(f"{API}/programmes/{pid}", json={"name": "Mine"}).status_code == 404
    assert rival.delete(f"{API}/roles/{rid}").status_code == 404
    stolen = rival.post(f"{API}/roles", json={"programme_id": pid, "title": "Chief architect"})
    assert stolen.status_code == 403
    assert lead.patch(f"{API}/programmes/{pid}", json={"name": "Chip quốc gia"}).status_code == 200
    ministry = as_role(Role.MINISTRY)
    assert ministry.get(f"{API}/programmes/{pid}").status_code == 200
    assert ministry.post(f"{API}/roles/{rid}/matches", json={}).status_code == 403


def test_only_an_admin_creates_accounts_and_bad_ones_name_the_field(
    client: httpx.Client, as_role: SignIn
) -> None:
    body = {
        "email": "lead@example.org",
        "password": PASSWORD,
        "role": "programme_lead",
        "name": "Lan",
    }
    assert as_role(Role.MINISTRY).post(f"{API}/accounts", json=body).status_code == 403
    created = client.post(f"{API}/accounts", json=body)
    assert created.status_code == 201, created.text
    assert "password_hash" not in created.json()
    assert client.post(f"{API}/accounts", json=body).status_code == 409
    short = client.post(
        f"{API}/accounts", json={**body, "email": "b@example.org", "password": "short"}
    )
    assert short.status_code == 422
    assert "password" in short.json()["fields"]


def test_a_deactivated_account_loses_access_at_once(client: httpx.Client, as_role: SignIn) -> None:
    ministry = as_role(Role.MINISTRY)
    me = ministry.get(f"{API}/auth/me").json()
    assert ministry.get(f"{API}/experts").status_code == 200
    assert client.post(f"{API}/accounts/{me['id']}/deactivate").status_code == 200
    assert ministry.get(f"{API}/experts").status_code == 401


def test_expired_and_forged_tokens_are_refused(anonymous: httpx.Client, as_role: SignIn) -> None:
    admin = as_role(Role.ADMIN)
    account_id = admin.get(f"{API}/auth/me").json()["id"]
    now = int(time.time())
    key = signing_key(get_settings())
    expired = jwt.encode({"sub": account_id, "iat": now - 100, "exp": now - 10}, key, "HS256")
    forged = jwt.encode(
        {"sub": account_id, "iat": now, "exp": now + 100},
        "a key that is not the service's signing key",
        "HS256",
    )
    for token, detail in [(expired, "expired"), (forged, "not valid")]:
        response = anonymous.get(f"{API}/experts", headers={"authorization": f"Bearer {token}"})
        assert response.status_code == 401
        assert detail in response.json()["detail"]


def test_create_admin_makes_the_first_admin(anonymous: httpx.Client) -> None:
    env = {**os.environ, "TALENT_ADMIN_PASSWORD": PASSWORD}
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "create-admin", "--email", "root@example.org"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    login = anonymous.post(
        f"{API}/auth/login", json={"email": "root@example.org", "password": PASSWORD}
    )
    assert login.status_code == 200
    assert login.json()["account"]["role"] == "admin"
