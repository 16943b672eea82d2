"""Looking at a role's matches (a GET, page or API) writes nothing, not even an audit event;
asking the API for matches (a POST) is the audited match request."""

import httpx

from talent.accounts.models import Role
from tests.accounts import SignIn
from tests.matching.helpers import API, expert, matches

ML = {"skill_id": "machine-learning", "weight": 1, "min_level": 3}


def _events(admin: httpx.Client) -> int:
    response = admin.get(f"{API}/audit-events", params={"limit": 200})
    assert response.status_code == 200, response.text
    assert response.json()["next_cursor"] is None
    return len(response.json()["items"])


def test_viewing_a_roles_matches_writes_no_audit_event(
    client: httpx.Client, as_role: SignIn
) -> None:
    expert(client, skills=[{"skill_id": "machine-learning", "level": 4}])
    lead = as_role(Role.PROGRAMME_LEAD)
    programme = lead.post(f"{API}/programmes", json={"name": "Chương trình AI"}).json()
    role = lead.post(
        f"{API}/roles",
        json={"programme_id": programme["id"], "kind": "chief_engineer",
              "title": "Chief engineer", "requirements": [ML]},
    ).json()  # fmt: skip
    before = _events(client)
    for path in (
        f"/roles/{role['id']}/matches",
        f"/roles/{role['id']}/matches?k=50",
        f"/roles/{role['id']}/exclusions",
        f"{API}/roles/{role['id']}/exclusions",
        f"{API}/roles/{role['id']}/decisions",
        f"{API}/roles/{role['id']}/match-runs",
    ):
        assert lead.get(path).status_code == 200, path
    assert _events(client) == before
    matches(lead, role["id"])
    assert _events(client) == before + 1
