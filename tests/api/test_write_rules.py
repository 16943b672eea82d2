"""What staff and experts may write, and that every write checks its references (issue 11,
findings 2 and 6), through the real login and a real HTTP client."""

from typing import Any

import httpx

from talent.accounts.models import Role
from tests.accounts import SignIn
from tests.factories import expert_body
from tests.matching.helpers import expert, role

API = "/api/v1"
ML = {"skill_id": "machine-learning", "weight": 1, "min_level": 3}


def _work(client: httpx.Client, **fields: Any) -> httpx.Response:
    return client.post(f"{API}/works", json={"title": "Edge AI accelerators", **fields})


# --- finding 2: contact details, consent and visibility are the owner's and an admin's


def test_a_ministry_user_may_not_change_contacts_consent_or_visibility(
    client: httpx.Client, as_role: SignIn
) -> None:
    expert_id = expert(client)
    before = client.get(f"{API}/experts/{expert_id}").json()
    ministry = as_role(Role.MINISTRY)
    url = f"{API}/experts/{expert_id}"
    response = ministry.patch(
        url,
        json={
            "emails": ["attacker@example.org"],
            "phone": "+84 912 345 678",
            "consent": {"match": True, "contact": True},
            "visibility": {"emails": "public"},
            "headline": "Changed with the rest",
        },
    )
    assert response.status_code == 403, response.text
    assert set(response.json()["fields"]) == {"emails", "phone", "consent", "visibility"}
    after = client.get(url).json()
    for name in ("emails", "phone", "consent", "visibility", "headline"):
        assert after[name] == before[name], name
    # Each alone is refused too, naming it.
    for name, value in [("emails", []), ("consent", {"match": False, "contact": False})]:
        alone = ministry.patch(url, json={name: value})
        assert alone.status_code == 403
        assert set(alone.json()["fields"]) == {name}


def test_staff_still_edit_other_fields_and_owner_and_admin_edit_contacts(
    client: httpx.Client, as_role: SignIn
) -> None:
    expert_id = expert(client)
    url = f"{API}/experts/{expert_id}"
    ministry = as_role(Role.MINISTRY)
    edited = ministry.patch(url, json={"headline": "Quantum sensing", "years_experience": 20})
    assert edited.status_code == 200, edited.text
    owner = as_role(Role.EXPERT, expert_id=expert_id)
    mine = owner.patch(url, json={"emails": ["me@example.org"], "consent": {"contact": True}})
    assert mine.status_code == 200, mine.text
    admin = client.patch(url, json={"phone": "+84 912 345 678"})
    assert admin.status_code == 200, admin.text
    read = client.get(url).json()
    assert read["headline"] == "Quantum sensing"
    assert read["emails"] == ["me@example.org"]
    assert read["consent"]["contact"] is True


# --- finding 6: staff creation of profiles


def test_staff_may_not_set_status_or_grade_when_creating_a_profile(
    client: httpx.Client, as_role: SignIn
) -> None:
    ministry = as_role(Role.MINISTRY)
    body = expert_body(full_name="Lương Thế Vinh", status="active", verification_grade=3)
    response = ministry.post(f"{API}/experts", json=body)
    assert response.status_code == 403, response.text
    assert set(response.json()["fields"]) == {"status", "verification_grade"}
    assert client.get(f"{API}/experts").json()["items"] == []
    plain = ministry.post(f"{API}/experts", json=expert_body(full_name="Lương Thế Vinh"))
    assert plain.status_code == 201, plain.text
    assert plain.json()["verification_grade"] == 0


def test_staff_creating_a_likely_duplicate_get_409_with_the_candidates(
    client: httpx.Client, as_role: SignIn
) -> None:
    existing = client.post(f"{API}/experts", json=expert_body(full_name="Trịnh Minh Đức"))
    assert existing.status_code == 201
    ministry = as_role(Role.MINISTRY)
    again = ministry.post(
        f"{API}/experts",
        json=expert_body(full_name="Trinh Minh Duc", emails=["duc.trinh@example.org"]),
    )
    assert again.status_code == 409, again.text
    assert [d["expert_id"] for d in again.json()["duplicates"]] == [existing.json()["id"]]
    assert len(client.get(f"{API}/experts").json()["items"]) == 1


# --- finding 6: works written by experts


def test_an_expert_may_not_give_their_work_a_raised_source(
    client: httpx.Client, as_role: SignIn
) -> None:
    mine = expert(client)
    owner = as_role(Role.EXPERT, expert_id=mine)
    raised = _work(owner, author_ids=[mine], source="ministry_verified")
    assert raised.status_code == 403, raised.text
    assert set(raised.json()["fields"]) == {"source"}
    created = _work(owner, author_ids=[mine])
    assert created.status_code == 201, created.text
    work_url = f"{API}/works/{created.json()['id']}"
    patched = owner.patch(work_url, json={"source": "institution_confirmed"})
    assert patched.status_code == 403, patched.text
    assert set(patched.json()["fields"]) == {"source"}
    assert client.get(work_url).json()["source"] == "self_declared"


def test_an_expert_edits_their_work_without_resending_the_authors(
    client: httpx.Client, as_role: SignIn
) -> None:
    mine = expert(client)
    owner = as_role(Role.EXPERT, expert_id=mine)
    created = _work(owner, author_ids=[mine])
    assert created.status_code == 201, created.text
    work_url = f"{API}/works/{created.json()['id']}"
    patched = owner.patch(work_url, json={"title": "Edge AI accelerators, revised"})
    assert patched.status_code == 200, patched.text
    assert patched.json()["author_ids"] == [mine]
    other = expert(client)
    stranger = as_role(Role.EXPERT, expert_id=other)
    # Another expert's work answers as one that does not exist (the access policy).
    assert stranger.patch(work_url, json={"title": "Mine now"}).status_code == 404


def test_an_expert_may_not_attach_a_work_to_another_profile(
    client: httpx.Client, as_role: SignIn
) -> None:
    mine, other = expert(client), expert(client)
    owner = as_role(Role.EXPERT, expert_id=mine)
    shared = _work(owner, author_ids=[mine, other])
    assert shared.status_code == 403, shared.text
    assert set(shared.json()["fields"]) == {"author_ids"}
    created = _work(owner, author_ids=[mine])
    work_url = f"{API}/works/{created.json()['id']}"
    added = owner.patch(work_url, json={"author_ids": [mine, other]})
    assert added.status_code == 403, added.text
    assert set(added.json()["fields"]) == {"author_ids"}
    assert client.get(work_url).json()["author_ids"] == [mine]
    # Co-authors already on the work (staff put them there) stay; the expert keeps them.
    assert client.patch(work_url, json={"author_ids": [mine, other]}).status_code == 200
    kept = owner.patch(work_url, json={"title": "Edge AI accelerators, second edition"})
    assert kept.status_code == 200, kept.text
    assert kept.json()["author_ids"] == [mine, other]
    dropped = owner.patch(work_url, json={"author_ids": [mine]})
    assert dropped.status_code == 403
    assert owner.patch(work_url, json={"author_ids": [other]}).status_code == 403


# --- finding 6: accounts name a real profile


def test_an_expert_account_must_name_an_existing_profile(client: httpx.Client) -> None:
    body = {"email": "e1@example.org", "password": "long enough password", "name": "E"}
    unknown = client.post(
        f"{API}/accounts", json={**body, "role": "expert", "expert_id": "nonexistent"}
    )
    assert unknown.status_code == 422, unknown.text
    assert set(unknown.json()["fields"]) == {"expert_id"}
    missing = client.post(f"{API}/accounts", json={**body, "role": "expert"})
    assert missing.status_code == 422, missing.text
    assert set(missing.json()["fields"]) == {"expert_id"}
    real = expert(client)
    made = client.post(f"{API}/accounts", json={**body, "role": "expert", "expert_id": real})
    assert made.status_code == 201, made.text


# --- finding 6: the pipeline


def _move(caller: httpx.Client, expert_id: str, **body: Any) -> httpx.Response:
    return caller.post(f"{API}/pipeline/{expert_id}/transitions", json={"to": "identified", **body})


def test_a_pipeline_owner_must_be_an_account(client: httpx.Client) -> None:
    expert_id = expert(client)
    response = _move(client, expert_id, owner_id="no-such-account")
    assert response.status_code == 422, response.text
    assert set(response.json()["fields"]) == {"owner_id"}
    assert client.get(f"{API}/pipeline/{expert_id}").json()["entry"] is None
    me = client.get(f"{API}/auth/me").json()["id"]
    assert _move(client, expert_id, owner_id=me).status_code == 200


def test_a_pending_profile_does_not_enter_the_pipeline(client: httpx.Client) -> None:
    pending = expert(client, status="pending")
    response = _move(client, pending)
    assert response.status_code == 409, response.text
    assert client.get(f"{API}/pipeline/{pending}").json()["entry"] is None


def test_a_pipeline_move_on_a_merged_id_follows_to_the_survivor(client: httpx.Client) -> None:
    survivor, merged = expert(client), expert(client)
    assert (
        client.post(
            f"{API}/merges", json={"survivor_id": survivor, "merged_id": merged}
        ).status_code
        == 201
    )
    moved = _move(client, merged)
    assert moved.status_code == 200, moved.text
    assert moved.json()["expert_id"] == survivor
    assert client.get(f"{API}/pipeline/{survivor}").json()["entry"]["stage"] == "identified"


# --- finding 6: decisions and exclusions


def test_a_pending_or_non_consenting_expert_is_not_shortlisted_or_rejected(
    client: httpx.Client,
) -> None:
    pending = expert(client, status="pending")
    unwilling = expert(client, consent={"match": False, "contact": False})
    role_id = role(client, requirements=[ML])
    for expert_id in (pending, unwilling):
        for kind in ("shortlist", "rejections"):
            response = client.post(
                f"{API}/roles/{role_id}/{kind}",
                json={"expert_id": expert_id, "reason": "strong fit"},
            )
            assert response.status_code == 409, (kind, response.text)
            assert set(response.json()["fields"]) == {"expert_id"}
    assert client.get(f"{API}/roles/{role_id}/decisions").json() == []


def test_exclusions_never_list_pending_experts(client: httpx.Client) -> None:
    pending = expert(client, status="pending", skills=[{"skill_id": "robotics", "level": 3}])
    unwilling = expert(
        client,
        consent={"match": False, "contact": False},
        skills=[{"skill_id": "robotics", "level": 3}],
    )
    role_id = role(client, requirements=[{**ML, "must": True}])
    listed = client.get(f"{API}/roles/{role_id}/exclusions").json()
    ids = [e["expert_id"] for e in listed["items"]]
    assert pending not in ids
    assert unwilling in ids
    for reason in ("not_active", "missing_must_have"):
        page = client.get(f"{API}/roles/{role_id}/exclusions", params={"reason": reason}).json()
        assert pending not in [e["expert_id"] for e in page["items"]]
