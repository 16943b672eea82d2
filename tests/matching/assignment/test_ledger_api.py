"""The ledger over HTTP: the ministry's lead limit for one expert, set and read back, moving
what an assignment proposes; who may set it and the 4xx of bad values; and a merge carrying
the merged profile's proposals to its survivor, and its undo carrying them back."""

import subprocess

import httpx

from graph.neo4j_store import Neo4jStore
from matching.assignment.repository import AssignmentRepository
from talent.accounts.models import Role
from tests.accounts import SignIn
from tests.matching.assignment.portfolio import (
    IC,
    assign,
    assign_job,
    people_of,
    programme_role,
    proposed_by_role,
)
from tests.matching.helpers import API, expert, programme_with_roles


def _limit(client: httpx.Client, expert_id: str, value: object, version: int) -> httpx.Response:
    return client.put(
        f"{API}/experts/{expert_id}/lead-limit",
        json={"lead_limit": value},
        headers={"If-Match": f'"{version}"'},
    )


def _version(client: httpx.Client, expert_id: str) -> int:
    return int(client.get(f"{API}/experts/{expert_id}").json()["version"])


def test_a_lead_limit_of_two_lets_the_only_star_lead_two_of_three_programmes(
    client: httpx.Client, as_role: SignIn, worker: subprocess.Popen[bytes]
) -> None:
    people = people_of(client)
    roles = [programme_role(client, name) for name in ("Chip", "Vi mạch", "Cảm biến")]
    # Each may lead one programme: two holders of the skill, two of three roles filled.
    assert assign(client, {"role_ids": roles})["filled"] == 2
    ledger = client.get(f"{API}/experts/{people['sao']}/ledger").json()
    assert (ledger["lead_limit"], ledger["lead_limit_set"], ledger["leads_left"]) == (1, False, 1)

    ministry = as_role(Role.MINISTRY)
    version = _version(ministry, people["sao"])
    changed = _limit(ministry, people["sao"], 2, version)
    assert changed.status_code == 200, changed.text
    assert changed.json()["lead_limit"] == 2
    assert changed.headers["etag"] == f'"{version + 1}"'
    # The same form sent again names a version that has moved on.
    assert _limit(ministry, people["sao"], 2, version).status_code == 412

    result = assign(client, {"role_ids": roles})
    assert (result["filled"], result["complete"]) == (3, True)
    placed = [e for experts in proposed_by_role(result).values() for e in experts]
    assert sorted(placed) == sorted([people["sao"], people["sao"], people["binh"]])
    ledger = ministry.get(f"{API}/experts/{people['sao']}/ledger").json()
    assert (ledger["lead_limit"], ledger["lead_limit_set"], ledger["leads_left"]) == (2, True, 2)

    # Back to the default.
    assert _limit(ministry, people["sao"], None, version + 1).json()["lead_limit"] is None
    assert assign(client, {"role_ids": roles})["filled"] == 2
    events = client.get(f"{API}/audit-events", params={"action": "expert.lead_limit"}).json()
    details = sorted((e["details"]["from"] or 0, e["details"]["to"] or 0) for e in events["items"])
    assert details == [(0, 2), (2, 0)]


def test_only_the_ministry_and_admins_set_a_lead_limit_and_bad_values_name_the_field(
    client: httpx.Client, as_role: SignIn
) -> None:
    someone = expert(client, full_name="Trần Thị Hạnh")
    version = _version(client, someone)
    stranger = expert(client, full_name="Phan Văn Khoa")
    # A lead, another expert, and the expert themself, who may not raise their own limit.
    for role, expert_id in (
        (Role.PROGRAMME_LEAD, None),
        (Role.EXPERT, stranger),
        (Role.EXPERT, someone),
    ):
        other = as_role(role, expert_id=expert_id)
        assert _limit(other, someone, 3, version).status_code == 403
        assert other.get(f"{API}/experts/{someone}/ledger").status_code == 403
    for bad in (-1, 6, "hai", 1.5):
        refused = _limit(client, someone, bad, version)
        assert refused.status_code == 422, bad
        assert "lead_limit" in str(refused.json()["fields"]), refused.json()
    assert _limit(client, "no-such-expert", 1, 0).status_code == 404
    assert _version(client, someone) == version  # nothing was written


def test_a_merge_moves_the_proposals_to_the_survivor_and_its_undo_moves_them_back(
    client: httpx.Client, store: Neo4jStore, worker: subprocess.Popen[bytes]
) -> None:
    people = people_of(client)
    role = programme_role(client, "Chip bán dẫn")
    job_id, result = assign_job(client, {"role_ids": [role]})
    assert proposed_by_role(result) == {role: [people["sao"]]}
    assert client.post(f"{API}/assignments/{job_id}/accept").status_code == 200
    twin = expert(client, full_name="Lê M. Sao")

    merge = client.post(f"{API}/merges", json={"survivor_id": twin, "merged_id": people["sao"]})
    assert merge.status_code == 201, merge.text
    repo = AssignmentRepository(store)
    assert [(p.expert_id, p.assignment) for p in repo.proposals([role])] == [(twin, job_id)]
    ledger = client.get(f"{API}/experts/{twin}/ledger").json()
    assert [h["role_id"] for h in ledger["proposed"]] == [role]
    assert ledger["leads_left"] == 0

    undone = client.post(f"{API}/merges/{merge.json()['id']}/undo")
    assert undone.status_code == 200, undone.text
    assert [(p.expert_id, p.assignment) for p in repo.proposals([role])] == [
        (people["sao"], job_id)
    ]
    assert client.get(f"{API}/experts/{twin}/ledger").json()["proposed"] == []


def test_a_merge_of_two_profiles_proposed_for_one_role_leaves_one_proposal(
    client: httpx.Client, store: Neo4jStore, worker: subprocess.Popen[bytes]
) -> None:
    people = people_of(client)
    body = {"kind": "engineer", "title": "Kỹ sư vi mạch", "requirements": IC, "headcount": 2}
    role = programme_with_roles(client, "Hai người", [body])[1][0]
    job_id, result = assign_job(client, {"role_ids": [role]})
    assert sorted(proposed_by_role(result)[role]) == sorted([people["sao"], people["binh"]])
    assert client.post(f"{API}/assignments/{job_id}/accept").status_code == 200

    merge = client.post(
        f"{API}/merges", json={"survivor_id": people["binh"], "merged_id": people["sao"]}
    )
    assert merge.status_code == 201, merge.text
    repo = AssignmentRepository(store)
    assert [p.expert_id for p in repo.proposals([role])] == [people["binh"]]
    client.post(f"{API}/merges/{merge.json()['id']}/undo")
    assert sorted(p.expert_id for p in repo.proposals([role])) == sorted(
        [people["sao"], people["binh"]]
    )
