"""The lists of experts, accounts, reviews and audit events: a last page never points at an
empty one, even when the total is a multiple of the page size."""

import httpx

from graph import GraphStore
from talent.audit.log import Action, Actor, AuditLog
from talent.reviews.queue import ReviewQueue
from tests.accounts import PASSWORD
from tests.api.paging import pages
from tests.factories import expert_body

API = "/api/v1"


def _experts(client: httpx.Client, n: int) -> list[str]:
    return [
        client.post(f"{API}/experts", json=expert_body(full_name=f"Lê Văn {i}")).json()["id"]
        for i in range(n)
    ]


def test_the_expert_list_ends_on_a_full_page(client: httpx.Client) -> None:
    ids = sorted(_experts(client, 4))
    assert pages(client, f"{API}/experts", limit=2) == [ids[:2], ids[2:]]


def test_listing_experts_audits_personal_data_of_the_page_only(client: httpx.Client) -> None:
    ids = sorted(_experts(client, 3))
    views: dict[str, str | int] = {"action": "pii.view", "limit": 200}
    before = len(client.get(f"{API}/audit-events", params=views).json()["items"])
    page = client.get(f"{API}/experts", params={"limit": 2}).json()
    assert [e["id"] for e in page["items"]] == ids[:2]
    events = client.get(f"{API}/audit-events", params=views).json()["items"]
    assert sorted(e["target"] for e in events[: len(events) - before]) == ids[:2]


def test_the_account_list_ends_on_a_full_page(client: httpx.Client) -> None:
    for n in range(3):  # with the admin signed in, four accounts
        body = {"email": f"staff{n}@example.org", "password": PASSWORD, "role": "ministry"}
        assert client.post(f"{API}/accounts", json={**body, "name": "Staff"}).status_code == 201
    found = pages(client, f"{API}/accounts", limit=2)
    assert [len(page) for page in found] == [2, 2]
    assert sorted(found[0] + found[1]) == found[0] + found[1]


def test_the_review_queue_ends_on_a_full_page(client: httpx.Client, store: GraphStore) -> None:
    queue = ReviewQueue(store)
    expert_id = _experts(client, 1)[0]
    ids = [queue.add_claim(expert_id, f"account-{n}") for n in range(4)]
    assert pages(client, f"{API}/reviews", limit=2) == [ids[:2], ids[2:]]


def test_the_audit_trail_ends_on_a_full_page(client: httpx.Client, store: GraphStore) -> None:
    log = AuditLog(store)
    for n in range(4):
        log.record(Actor(id="tester", role="admin"), Action.EXPERT_CONFIRM, "expert", "x", {"n": n})
    found = pages(client, f"{API}/audit-events", limit=2, target="x")
    newest_first = sorted(found[0] + found[1], reverse=True)
    assert found == [newest_first[:2], newest_first[2:]]
