"""Organisations named at registration wait for an admin, offered meanwhile only to the profile
that proposed them; the type-ahead answers a few options from an index, limited per address."""

import re
import uuid
from collections.abc import Iterator

import httpx
import pytest

from api.app import create_app
from api.settings import Settings, get_settings
from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from talent.resources.catalog import ORGANIZATION
from talent.resources.models import OrganizationCreate
from talent.resources.repository import ResourceRepository
from tests.accounts import signed_in
from tests.api.test_registration import API, registration
from tests.conftest import serving
from tests.mailbox import last_token

PASSWORD = "a long enough passphrase"
_OPTION = re.compile(r'<option value="([^"]*)"')


def _offered(client: httpx.Client, typed: str) -> list[str]:
    response = client.get("/suggest/organizations", params={"aff_0_org": typed})
    assert response.status_code == 200, response.text
    return _OPTION.findall(response.text)


def _register_proposing(anonymous: httpx.Client, email: str, name: str) -> None:
    body = registration(email=email, full_name="Hoàng Gia Huy")
    body["new_organizations"] = [{"name": name, "title": "Founder"}]
    assert anonymous.post(f"{API}/registrations", json=body).status_code == 202


def _signed_in_registrant(base_url: str, anonymous: httpx.Client, email: str) -> httpx.Client:
    token = last_token(email)
    confirmed = anonymous.post(
        f"{API}/registrations/confirm", json={"token": token, "password": PASSWORD}
    )
    assert confirmed.status_code == 200, confirmed.text
    login = anonymous.post(f"{API}/auth/login", json={"email": email, "password": PASSWORD})
    bearer = {"authorization": f"Bearer {login.json()['access_token']}"}
    return httpx.Client(base_url=base_url, headers=bearer, timeout=30)


def test_an_organisation_proposed_at_registration_waits_for_an_admin(
    base_url: str, anonymous: httpx.Client, client: httpx.Client, store: Neo4jStore
) -> None:
    ResourceRepository(store, ORGANIZATION).create(
        OrganizationCreate(name="Xưởng Cơ khí Hà Đông", country="VN")
    )
    _register_proposing(anonymous, "proposer@example.net", "Xưởng Phần mềm Mây Trắng")
    # Anyone else, staff included, is offered only what exists for everyone.
    assert _offered(anonymous, "xuong") == ["Xưởng Cơ khí Hà Đông"]
    assert _offered(client, "Xưởng Phần") == []
    with httpx.Client(base_url=base_url) as stranger:
        assert _offered(stranger, "may trang") == []

    # Its proposer's own form keeps it, and their type-ahead offers it.
    proposer = _signed_in_registrant(base_url, anonymous, "proposer@example.net")
    edit = proposer.get("/me/edit")
    assert edit.status_code == 200
    assert 'value="Xưởng Phần mềm Mây Trắng"' in edit.text
    assert _offered(proposer, "xuong phan") == ["Xưởng Phần mềm Mây Trắng"]

    [waiting] = client.get(f"{API}/reviews/organizations").json()
    assert waiting["organization"]["name"] == "Xưởng Phần mềm Mây Trắng"
    org_id = waiting["organization"]["id"]
    decided = client.post(
        f"{API}/reviews/organizations/{org_id}/decision", json={"decision": "approve"}
    )
    assert decided.status_code == 204, decided.text
    assert _offered(anonymous, "xuong") == ["Xưởng Cơ khí Hà Đông", "Xưởng Phần mềm Mây Trắng"]
    assert _offered(anonymous, "may") == ["Xưởng Phần mềm Mây Trắng"]
    assert client.get(f"{API}/reviews/organizations").json() == []
    twice = client.post(
        f"{API}/reviews/organizations/{org_id}/decision", json={"decision": "reject"}
    )
    assert twice.status_code == 409
    proposer.close()


def test_an_admin_rejects_a_proposed_organisation_from_the_review_pages(
    anonymous: httpx.Client, client: httpx.Client
) -> None:
    _register_proposing(anonymous, "spam@example.net", "Buy cheap watches here")
    admin_page = client.get("/admin/organizations", headers={"accept-language": "en"})
    assert admin_page.status_code == 200
    assert "Buy cheap watches here" in admin_page.text
    [waiting] = client.get(f"{API}/reviews/organizations").json()
    org_id = waiting["organization"]["id"]
    [expert_id] = waiting["expert_ids"]
    client.get("/admin/reviews")  # the CSRF cookie
    rejected = client.post(
        f"/admin/organizations/{org_id}/decision",
        data={"decision": "reject", "csrf_token": client.cookies["talent_csrf"]},
    )
    assert rejected.status_code == 303, rejected.text
    assert rejected.headers["location"] == "/admin/organizations?done=reject"
    assert client.get(f"{API}/organizations/{org_id}").status_code == 404
    assert client.get(f"{API}/experts/{expert_id}").json()["affiliations"] == []
    assert _offered(anonymous, "buy") == []


def test_the_type_ahead_offers_ten_organisations_at_most(
    anonymous: httpx.Client, store: Neo4jStore
) -> None:
    orgs = ResourceRepository(store, ORGANIZATION)
    orgs.upsert_many(
        [
            (f"org-{n:02d}", OrganizationCreate(name=f"Trường Đại học Số {n:02d}", country="VN"))
            for n in range(25)
        ]
    )
    offered = _offered(anonymous, "truong dai")
    assert offered == [f"Trường Đại học Số {n:02d}" for n in range(10)]
    # A later word of the name is found too; a text in no name finds nothing.
    assert _offered(anonymous, "so 24") == ["Trường Đại học Số 24"]
    assert _offered(anonymous, "zzz") == []


@pytest.fixture
def tight_url(store: Neo4jStore) -> Iterator[str]:
    values = {
        **get_settings().model_dump(),
        "rate_limit_suggest": "5/minute",
        "rate_limit_namespace": f"test-{uuid.uuid4().hex}",
    }
    with serving(create_app(Settings.model_validate(values), store)) as url:
        yield url


def test_the_type_ahead_is_limited_per_address(tight_url: str) -> None:
    with httpx.Client(base_url=tight_url) as c:
        codes = [
            c.get("/suggest/organizations", params={"aff_0_org": f"v{i}"}).status_code
            for i in range(5)
        ]
        assert codes == [200] * 5
        limited = c.get("/suggest/skills", params={"skill_0_name": "học"})
        assert limited.status_code == 429
        # A page's 429 says how long to wait, as the API's does.
        assert 0 < int(limited.headers["retry-after"]) <= 60


def _listed(client: httpx.Client) -> set[str]:
    names, cursor = set(), None
    while True:
        params = {"limit": 200} | ({"cursor": cursor} if cursor else {})
        page = client.get(f"{API}/organizations", params=params)
        assert page.status_code == 200, page.text
        names |= {item["name"] for item in page.json()["items"]}
        cursor = page.json()["next_cursor"]
        if not cursor:
            return names


def test_a_proposed_organisation_is_read_over_the_api_by_its_proposer_and_admins_only(
    base_url: str, anonymous: httpx.Client, client: httpx.Client, store: Neo4jStore
) -> None:
    name = "Phòng thí nghiệm Sao Mai"
    _register_proposing(anonymous, "saomai@example.net", name)
    proposer = _signed_in_registrant(base_url, anonymous, "saomai@example.net")
    [waiting] = [
        w
        for w in client.get(f"{API}/reviews/organizations").json()
        if w["organization"]["name"] == name
    ]
    org_id = waiting["organization"]["id"]
    ministry = signed_in(base_url, store, Role.MINISTRY)
    lead = signed_in(base_url, store, Role.PROGRAMME_LEAD)
    # Who reads it, by hand: its proposer and admins; no one else, not even staff.
    for reader, sees in ((proposer, True), (client, True), (ministry, False), (lead, False)):
        assert (name in _listed(reader)) is sees
        assert reader.get(f"{API}/organizations/{org_id}").status_code == (200 if sees else 404)
    client.post(f"{API}/reviews/organizations/{org_id}/decision", json={"decision": "approve"})
    assert name in _listed(ministry)
    assert ministry.get(f"{API}/organizations/{org_id}").status_code == 200
    for c in (proposer, ministry, lead):
        c.close()
