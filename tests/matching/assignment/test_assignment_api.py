"""Portfolio assignment over HTTP on a real worker and graph: a star wanted by two programmes,
three lead roles over two people, the ledger of roles held elsewhere, and who may ask."""

import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from api.worker import celery_app
from graph.neo4j_store import Neo4jStore
from graph.queries import jobs as job_queries
from matching.assignment.repository import AssignmentRepository
from talent.accounts.models import Role
from talent.core.ids import now_ms
from talent.jobs import service as jobs
from tests.accounts import SignIn
from tests.matching.assignment.portfolio import (
    assign,
    assign_job,
    people_of,
    programme_role,
    proposed_by_role,
)
from tests.matching.helpers import API


def test_a_star_wanted_by_two_programmes_leads_one_and_the_other_says_why_not_her(
    client: httpx.Client, worker: subprocess.Popen[bytes]
) -> None:
    people = people_of(client)
    first, second = programme_role(client, "Chip bán dẫn"), programme_role(client, "Vi mạch")
    result = assign(client, {"role_ids": [first, second]})
    assert result["complete"] is True
    assert result["seats"] == result["filled"] == 2
    proposed = proposed_by_role(result)
    assert sorted(proposed[first] + proposed[second]) == sorted([people["sao"], people["binh"]])
    (other,) = [r for r in result["roles"] if r["proposed"][0]["expert_id"] == people["binh"]]
    (star_role,) = [r["role_id"] for r in result["roles"] if r is not other]
    # Bình is the second for this role, because the first leads the other programme.
    assert other["proposed"][0]["rank"] == 2
    (passed,) = other["passed"]
    assert passed["expert_id"] == people["sao"]
    assert passed["rank"] == 1
    assert passed["elsewhere"] == [star_role]
    assert [r["key"] for r in passed["rules"]] == [f"lead_limit:{people['sao']}"]
    # Each proposed person comes with the ranking's explanation.
    card = other["proposed"][0]["candidate"]
    assert card["expert_id"] == people["binh"]
    assert card["expert"]["full_name"] == "Đỗ Văn Bình"
    assert result["conflicts"] == []
    assert result["baseline"]["filled"] == 2


def test_three_lead_roles_over_two_holders_name_the_conflict_and_what_would_lift_it(
    client: httpx.Client, worker: subprocess.Popen[bytes]
) -> None:
    people = people_of(client)
    roles = [programme_role(client, name) for name in ("Chip", "Vi mạch", "Cảm biến")]
    result = assign(client, {"role_ids": roles})
    assert result["complete"] is False
    assert (result["seats"], result["filled"]) == (3, 2)
    (conflict,) = result["conflicts"]
    assert sorted(r["key"] for r in conflict["rules"]) == sorted(
        [f"fill:{r}" for r in roles]
        + [f"lead_limit:{people['sao']}", f"lead_limit:{people['binh']}"]
    )
    relax = {x["rule"]["key"]: (x["to"], x["resolves_all"]) for x in conflict["relaxations"]}
    assert relax[f"fill:{roles[0]}"] == (0, True)
    assert relax[f"lead_limit:{people['sao']}"] == (2, True)


def test_accepted_proposals_count_against_the_lead_limit_of_later_assignments(
    client: httpx.Client, store: Neo4jStore, worker: subprocess.Popen[bytes]
) -> None:
    people = people_of(client)
    held, open_role = programme_role(client, "Đã giao"), programme_role(client, "Còn trống")
    first_id, first = assign_job(client, {"role_ids": [held]})
    assert proposed_by_role(first) == {held: [people["sao"]]}
    accepted = client.post(f"{API}/assignments/{first_id}/accept")
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["proposed"] == 1
    # A reload of the page that accepted it answers the same, and records nothing twice.
    again = client.post(f"{API}/assignments/{first_id}/accept")
    assert (again.status_code, again.json()["proposed"]) == (200, 1)
    proposals = AssignmentRepository(store).proposals([held, open_role])
    assert [(p.role_id, p.expert_id, p.assignment) for p in proposals] == [
        (held, people["sao"], first_id)
    ]

    # Sao now leads a programme outside the next portfolio: Bình takes the open role.
    _, second = assign_job(client, {"role_ids": [open_role]})
    assert proposed_by_role(second) == {open_role: [people["binh"]]}
    (role,) = second["roles"]
    assert [r["key"] for r in role["passed"][0]["rules"]] == [f"lead_limit:{people['sao']}"]
    assert role["passed"][0]["elsewhere"] == []

    # Both roles again: the first assignment is older than what this one will record.
    third_id, _ = assign_job(client, {"role_ids": [held, open_role]})
    assert client.post(f"{API}/assignments/{third_id}/accept").status_code == 200
    stale = client.post(f"{API}/assignments/{first_id}/accept")
    assert stale.status_code == 409
    assert stale.json()["fields"] == {"roles": held}
    events = client.get(f"{API}/audit-events", params={"action": "assignment.accept"}).json()
    assert sorted(e["target"] for e in events["items"]) == sorted([first_id, third_id])
    # The role keeps what the first proposed, ended when the third was accepted.
    history = client.get(f"{API}/roles/{held}/proposals").json()
    assert [(h["assignment"], h["ended_by"]) for h in history] == [
        (third_id, None),
        (first_id, third_id),
    ]
    assert (history[1]["expert_id"], history[1]["name"]) == (people["sao"], "Lê Minh Sao")
    assert history[1]["until"] == history[0]["at"]
    assert history[0]["until"] is None
    # A fourth over the role ends the third's, and leaves what the third ended as it was.
    fourth_id, _ = assign_job(client, {"role_ids": [held]})
    assert client.post(f"{API}/assignments/{fourth_id}/accept").status_code == 200
    later = client.get(f"{API}/roles/{held}/proposals").json()
    assert [(h["assignment"], h["ended_by"]) for h in later] == [
        (fourth_id, None),
        (third_id, fourth_id),
        (first_id, third_id),
    ]
    assert later[2] == history[1]
    # What was replaced no longer counts: one role (of three) each, one proposal a role.
    assert [len(AssignmentRepository(store).proposals([r])) for r in (held, open_role)] == [1, 1]
    for person in ("sao", "binh"):
        ledger = client.get(f"{API}/experts/{people[person]}/ledger").json()
        assert (len(ledger["proposed"]), ledger["roles_left"]) == (1, 2), person


def test_only_the_ministry_and_admins_assign_and_bad_requests_name_their_field(
    client: httpx.Client, as_role: SignIn, worker: subprocess.Popen[bytes]
) -> None:
    people = people_of(client)
    role = programme_role(client, "Chip")
    body = {"role_ids": [role]}
    lead, star = as_role(Role.PROGRAMME_LEAD), as_role(Role.EXPERT, people["sao"])
    for denied in (lead, star):
        assert denied.post(f"{API}/assignments", json=body).status_code == 403
    ministry = as_role(Role.MINISTRY)
    started = ministry.post(f"{API}/assignments", json=body)
    assert started.status_code == 202, started.text
    assert ministry.get(f"{API}/assignments/{started.json()['id']}").status_code == 200
    for denied in (lead, star):
        assert denied.get(f"{API}/assignments/{started.json()['id']}").status_code == 403

    unknown = ministry.post(f"{API}/assignments", json={"role_ids": [role, "no-such-role"]})
    assert unknown.status_code == 404
    assert unknown.json()["fields"] == {"role_ids": "no-such-role"}
    stray = ministry.post(
        f"{API}/assignments",
        json={"role_ids": [role], "pinned": [{"role_id": "elsewhere", "expert_id": "x"}]},
    )
    assert stray.status_code == 422
    assert "pinned" in stray.json()["fields"]
    both = {"role_id": role, "expert_id": "x"}
    twice = ministry.post(
        f"{API}/assignments", json={"role_ids": [role], "pinned": [both], "forbidden": [both]}
    )
    assert twice.status_code == 422
    share = ministry.post(
        f"{API}/assignments", json={"role_ids": [role], "side_rules": {"diaspora_percent": 101}}
    )
    assert share.status_code == 422
    assert "diaspora_percent" in str(share.json()["fields"])
    not_a_job = ministry.get(f"{API}/assignments/{'0' * 20}")
    assert not_a_job.status_code == 404


@pytest.mark.parametrize("key", ["role_ids", "programme_ids"])
def test_naming_nothing_open_is_refused(client: httpx.Client, key: str) -> None:
    response = client.post(f"{API}/assignments", json={key: []})
    assert response.status_code == 422, response.text


def test_an_assignment_whose_worker_was_lost_runs_again_to_the_same_proposal(
    client: httpx.Client, store: Neo4jStore, worker: subprocess.Popen[bytes]
) -> None:
    people_of(client)
    roles = [programme_role(client, "Chip bán dẫn"), programme_role(client, "Vi mạch")]
    job_id, first = assign_job(client, {"role_ids": roles})
    # As if the worker had died before recording its outcome.
    lost = {"state": "running", "attempts": 1, "heartbeat_at": now_ms() - 120_000}
    store.run(job_queries.update(job_id, lost))
    swept = jobs.sweep(store, celery_app, stale_after_ms=60_000, max_attempts=3)
    assert swept.requeued == [job_id]
    deadline = time.monotonic() + 120
    while (again := client.get(f"{API}/assignments/{job_id}").json())["state"] != "succeeded":
        assert again["state"] in ("queued", "running"), again
        assert time.monotonic() < deadline, again
        time.sleep(0.1)
    assert again["attempts"] == 2
    assert proposed_by_role(again["result"]) == proposed_by_role(first)


def test_hours_committed_elsewhere_keep_an_expert_from_leading(
    client: httpx.Client, worker: subprocess.Popen[bytes]
) -> None:
    people = people_of(client)
    busy = client.patch(
        f"{API}/experts/{people['sao']}",
        json={"commitment_hours": 130, "commitment_until": "2099-12-31"},
        headers={"If-Match": '"1"'},
    )
    assert busy.status_code == 200, busy.text
    assert busy.json()["commitment_hours"] == 130
    role = programme_role(client, "Chip bán dẫn")
    result = assign(client, {"role_ids": [role]})
    assert proposed_by_role(result) == {role: [people["binh"]]}
    (passed,) = result["roles"][0]["passed"]
    assert [(r["key"], r["bound"]) for r in passed["rules"]] == [(f"lead_limit:{people['sao']}", 0)]


def test_a_pin_that_cannot_hold_is_named_and_the_rest_stillproposed_by_role(
    client: httpx.Client, worker: subprocess.Popen[bytes]
) -> None:
    people = people_of(client)
    role = programme_role(client, "Chip bán dẫn")
    # Dũng lacks the role's must-have skill: no candidate, so no pin can put him there.
    pin = {"role_id": role, "expert_id": people["dung"]}
    result = assign(client, {"role_ids": [role], "pinned": [pin]})
    assert result["outcome"] == "relaxed"
    assert result["complete"] is False
    assert [r["key"] for r in result["broken"]] == [f"pin:{role}:{people['dung']}"]
    assert proposed_by_role(result) == {role: [people["sao"]]}
    (conflict,) = result["conflicts"]
    assert [r["key"] for r in conflict["rules"]] == [f"pin:{role}:{people['dung']}"]
    assert [(x["to"], x["resolves_all"]) for x in conflict["relaxations"]] == [(None, True)]


def test_two_assignments_accepted_at_once_for_one_role_record_only_one(
    client: httpx.Client, store: Neo4jStore, worker: subprocess.Popen[bytes]
) -> None:
    people_of(client)
    role = programme_role(client, "Chip bán dẫn")
    first, _ = assign_job(client, {"role_ids": [role]})
    second, _ = assign_job(client, {"role_ids": [role], "side_rules": {"lead_min_years": 1}})
    for _ in range(3):
        with ThreadPoolExecutor(max_workers=2) as pool:
            answers = list(
                pool.map(lambda j: client.post(f"{API}/assignments/{j}/accept"), [first, second])
            )
        codes = sorted(a.status_code for a in answers)
        # Whichever comes second finds the other's proposals, recorded after it started.
        assert codes[0] in (200, 409)
        assert codes[1] == 409
        proposals = AssignmentRepository(store).proposals([role])
        assert len({p.assignment for p in proposals}) == 1
