"""Merging two profiles of one person and undoing it, through a real HTTP client."""

from typing import Any

import httpx

from talent.accounts.models import Role
from tests.accounts import SignIn
from tests.api.test_registration import _account_of, _confirm, _existing, registration
from tests.factories import expert_body, organization_body
from tests.mailbox import last_token

API = "/api/v1"


def _snapshot(client: httpx.Client, *ids: str) -> dict[str, Any]:
    works = client.get(f"{API}/works").json()["items"]
    return {
        # Versions only go forward: an undo restores everything else exactly.
        "experts": [
            {k: v for k, v in client.get(f"{API}/experts/{i}").json().items() if k != "version"}
            for i in ids
        ],
        "authors": {w["id"]: w["author_ids"] for w in works},
    }


def _pair(client: httpx.Client) -> tuple[str, str]:
    org = client.post(f"{API}/organizations", json=organization_body()).json()["id"]
    survivor = client.post(
        f"{API}/experts",
        json=expert_body(
            full_name="Nguyễn Văn Ánh",
            skills=[{"skill_id": "machine-learning", "level": 3}],
            emails=["anh@uni.example.org"],
        ),
    ).json()["id"]
    merged = client.post(
        f"{API}/experts",
        json=expert_body(
            full_name="Anh Nguyen",
            orcid=None,
            phone="+84 912 000 111",
            emails=["anh@company.example.com"],
            skills=[
                {"skill_id": "machine-learning", "level": 5},
                {"skill_id": "computer-vision", "level": 4},
            ],
            affiliations=[{"organization_id": org, "title": "Lead"}],
        ),
    ).json()["id"]
    client.post(f"{API}/works", json={"title": "Survivor's paper", "author_ids": [survivor]})
    client.post(f"{API}/works", json={"title": "Merged one's paper", "author_ids": [merged]})
    return survivor, merged


def test_merge_then_unmerge_restores_both_profiles_exactly(client: httpx.Client) -> None:
    survivor, merged = _pair(client)
    before = _snapshot(client, survivor, merged)

    response = client.post(f"{API}/merges", json={"survivor_id": survivor, "merged_id": merged})
    assert response.status_code == 201, response.text
    merge = response.json()
    combined = client.get(f"{API}/experts/{survivor}").json()
    assert {s["skill_id"]: s["level"] for s in combined["skills"]} == {
        "machine-learning": 5,
        "computer-vision": 4,
    }
    assert combined["emails"] == ["anh@uni.example.org", "anh@company.example.com"]
    assert combined["phone"] == "+84 912 000 111"
    assert len(combined["affiliations"]) == 1
    # The old id still resolves, to the survivor; the works of both are the survivor's.
    assert client.get(f"{API}/experts/{merged}").json()["id"] == survivor
    authors = _snapshot(client)["authors"]
    assert all(survivor in ids for ids in authors.values())
    assert (
        client.post(
            f"{API}/merges", json={"survivor_id": survivor, "merged_id": merged}
        ).status_code
        == 409
    )

    undone = client.post(f"{API}/merges/{merge['id']}/undo")
    assert undone.status_code == 200, undone.text
    assert undone.json()["state"] == "undone"
    assert _snapshot(client, survivor, merged) == before
    assert client.post(f"{API}/merges/{merge['id']}/undo").status_code == 409
    actions = [
        e["action"]
        for e in client.get(f"{API}/audit-events", params={"target": survivor}).json()["items"]
    ]
    assert "expert.merge" in actions
    assert "expert.unmerge" in actions


def test_an_undo_that_would_lose_later_changes_is_refused(client: httpx.Client) -> None:
    survivor, merged = _pair(client)
    merge = client.post(f"{API}/merges", json={"survivor_id": survivor, "merged_id": merged}).json()
    client.patch(f"{API}/experts/{survivor}", json={"headline": "Changed after the merge"})
    response = client.post(f"{API}/merges/{merge['id']}/undo")
    assert response.status_code == 409
    assert "survivor_id" in response.json()["fields"]
    assert client.get(f"{API}/experts/{survivor}").json()["headline"] == "Changed after the merge"


def test_a_merged_profile_can_no_longer_be_edited_or_merged_into_itself(
    client: httpx.Client,
) -> None:
    survivor, merged = _pair(client)
    assert (
        client.post(
            f"{API}/merges", json={"survivor_id": survivor, "merged_id": survivor}
        ).status_code
        == 422
    )
    client.post(f"{API}/merges", json={"survivor_id": survivor, "merged_id": merged})
    # PATCH on the old id changes nothing: 409 names the status.
    response = client.patch(f"{API}/experts/{merged}", json={"headline": "x"})
    assert response.status_code == 409


def test_two_owned_profiles_are_not_merged_into_two_owners(
    client: httpx.Client, as_role: SignIn
) -> None:
    survivor, merged = _pair(client)
    as_role(Role.EXPERT, expert_id=survivor)
    as_role(Role.EXPERT, expert_id=merged)
    refused = client.post(f"{API}/merges", json={"survivor_id": survivor, "merged_id": merged})
    assert refused.status_code == 409
    assert "owner account" in refused.json()["detail"]
    assert client.get(f"{API}/experts/{merged}").json()["id"] == merged


def test_undoing_a_reviewed_merge_reopens_its_review_and_revives_the_profile(
    anonymous: httpx.Client, client: httpx.Client
) -> None:
    existing = _existing(client)
    body = registration(email="undo.anh@example.net", full_name="Nguyen Van Anh")
    body["not_a_duplicate"] = True
    assert anonymous.post(f"{API}/registrations", json=body).status_code == 202
    new_id = _account_of(client, body["email"])["expert_id"]
    assert _confirm(anonymous, last_token(body["email"])).status_code == 200
    assert client.get(f"{API}/experts/{new_id}").json()["status"] == "active"
    [review] = [
        r
        for r in client.get(f"{API}/reviews", params={"kind": "duplicate"}).json()["items"]
        if new_id in r["expert_ids"]
    ]
    assert review["expert_ids"] == [new_id, existing["id"]]
    decided = client.post(f"{API}/reviews/{review['id']}/decision", json={"decision": "merge"})
    assert decided.status_code == 200, decided.text

    undone = client.post(f"{API}/merges/{decided.json()['merge']['id']}/undo")
    assert undone.status_code == 200, undone.text
    revived = client.get(f"{API}/experts/{new_id}").json()
    assert (revived["id"], revived["status"], revived["merged_into"]) == (new_id, "active", None)
    assert _account_of(client, body["email"])["expert_id"] == new_id
    reopened = [
        r
        for r in client.get(f"{API}/reviews", params={"kind": "duplicate"}).json()["items"]
        if r["id"] == review["id"]
    ]
    assert [(r["state"], r["decision"]) for r in reopened] == [("open", None)]
