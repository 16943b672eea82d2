"""Two people who read the same version of something and both change it: the second change is
refused, and nothing of the first is lost. With `If-Match` (the `ETag` a read gave) the refusal
is 412; without it, a change that another overtook between its own read and write is refused
409. Every update path checks the version in the statement that writes, so this holds for
experts, organisations, works, programmes, roles, verification and withdrawal alike."""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from graph.neo4j_store import Neo4jStore
from tests.factories import expert_body, organization_body

API = "/api/v1"


def _expert(client: httpx.Client) -> str:
    body = expert_body(full_name="Trịnh Thu Hà", orcid=None, emails=["ha.trinh@example.org"])
    response = client.post(f"{API}/experts", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _organization(client: httpx.Client) -> str:
    return str(client.post(f"{API}/organizations", json=organization_body()).json()["id"])


def _programme(client: httpx.Client) -> str:
    return str(client.post(f"{API}/programmes", json={"name": "Vi mạch"}).json()["id"])


def _role(client: httpx.Client) -> str:
    body = {"programme_id": _programme(client), "title": "Tổng công trình sư"}
    return str(client.post(f"{API}/roles", json=body).json()["id"])


def _work(client: httpx.Client) -> str:
    body = {"title": "Bộ tăng tốc suy luận", "kind": "publication", "author_ids": [_expert(client)]}
    response = client.post(f"{API}/works", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


@dataclass(frozen=True)
class Kind:
    path: str
    make: Callable[[httpx.Client], str]
    # Two edits of different fields, as two editors would make them.
    first: dict[str, Any]
    second: dict[str, Any]


KINDS = {
    "expert": Kind("experts", _expert, {"headline": "Kiến trúc chip"}, {"bio": "Hai mươi năm."}),
    "organization": Kind(
        "organizations", _organization, {"website": "https://hust.edu.vn"}, {"country": "JP"}
    ),
    "work": Kind("works", _work, {"venue": "ISSCC"}, {"year": 2024}),
    "programme": Kind("programmes", _programme, {"name": "Vi mạch quốc gia"}, {"status": "active"}),
    "role": Kind("roles", _role, {"title": "Tổng kiến trúc sư"}, {"headcount": 3}),
}


def _events(client: httpx.Client, action: str, target: str) -> int:
    params = {"action": action, "target": target}
    return len(client.get(f"{API}/audit-events", params=params).json()["items"])


@pytest.mark.parametrize("name", list(KINDS))
def test_the_second_of_two_editors_who_read_one_version_is_refused_and_nothing_is_lost(
    client: httpx.Client, name: str
) -> None:
    kind = KINDS[name]
    rid = kind.make(client)
    read = client.get(f"{API}/{kind.path}/{rid}")
    assert read.headers["etag"] == '"1"'
    assert read.json()["version"] == 1

    first = client.patch(f"{API}/{kind.path}/{rid}", json=kind.first, headers={"If-Match": '"1"'})
    assert first.status_code == 200, first.text
    assert first.headers["etag"] == '"2"'
    second = client.patch(f"{API}/{kind.path}/{rid}", json=kind.second, headers={"If-Match": '"1"'})
    assert second.status_code == 412, second.text
    assert second.json()["fields"] == {"version": "now 2"}

    now = client.get(f"{API}/{kind.path}/{rid}").json()
    assert now["version"] == 2
    for field, value in kind.first.items():
        assert now[field] == value
    for field, value in kind.second.items():
        assert now[field] == read.json()[field] != value
    audited = "expert.update" if name == "expert" else f"{name}.update"
    assert _events(client, audited, rid) == 1

    # Read again, the second editor's change goes through on the version now current.
    again = client.patch(f"{API}/{kind.path}/{rid}", json=kind.second, headers={"If-Match": '"2"'})
    assert again.status_code == 200, again.text
    assert again.json()["version"] == 3


def test_verification_and_withdrawal_refuse_a_stale_version(client: httpx.Client) -> None:
    expert_id = _expert(client)
    assert client.patch(f"{API}/experts/{expert_id}", json={"headline": "Mới"}).status_code == 200
    verify = client.post(
        f"{API}/experts/{expert_id}/verifications",
        json={"source": "ministry_verified", "skill_ids": ["machine-learning"]},
        headers={"If-Match": '"1"'},
    )
    assert verify.status_code == 412, verify.text
    withdraw = client.post(f"{API}/experts/{expert_id}/withdraw", headers={"If-Match": '"1"'})
    assert withdraw.status_code == 412, withdraw.text
    confirm = client.post(f"{API}/experts/{expert_id}/confirm", headers={"If-Match": '"1"'})
    assert confirm.status_code == 412, confirm.text

    expert = client.get(f"{API}/experts/{expert_id}").json()
    assert expert["version"] == 2
    assert expert["status"] == "active"
    assert expert["full_name"] == "Trịnh Thu Hà"
    assert expert["verification_grade"] == 0
    assert {s["source"] for s in expert["skills"]} == {"self_declared"}
    for action in ("expert.verify", "expert.withdraw", "expert.confirm"):
        assert _events(client, action, expert_id) == 0

    verified = client.post(
        f"{API}/experts/{expert_id}/verifications",
        json={"source": "ministry_verified", "skill_ids": ["machine-learning"]},
        headers={"If-Match": '"2"'},
    )
    assert verified.status_code == 200, verified.text
    assert client.get(f"{API}/experts/{expert_id}").json()["version"] == 3


@pytest.mark.parametrize("header", ['W/"1"', "1", '"1", "2"', '"x"'])
def test_an_if_match_that_names_no_single_version_is_refused_naming_the_header(
    client: httpx.Client, header: str
) -> None:
    org = _organization(client)
    response = client.patch(
        f"{API}/organizations/{org}", json={"country": "JP"}, headers={"If-Match": header}
    )
    assert response.status_code == 422, response.text
    assert "If-Match" in response.json()["fields"]
    assert client.get(f"{API}/organizations/{org}").json()["country"] == "VN"


def test_a_change_overtaken_between_its_read_and_its_write_is_refused(
    client: httpx.Client, store: Neo4jStore
) -> None:
    """No If-Match: the first change reads the profile, then waits while a second one saves;
    its write then finds the profile moved on, and it is refused with nothing written."""
    expert_id = _expert(client)
    read_done, overtaken = threading.Event(), threading.Event()

    def pause(tx: str, _: str, index: int) -> None:
        if tx == "ExpertService.update.<locals>.work" and index == 0 and not read_done.is_set():
            read_done.set()
            assert overtaken.wait(timeout=30)

    store.fault = pause
    answers: list[httpx.Response] = []
    slow = threading.Thread(
        target=lambda: answers.append(
            client.patch(f"{API}/experts/{expert_id}", json={"headline": "Chậm"})
        )
    )
    slow.start()
    assert read_done.wait(timeout=30)
    fast = client.patch(f"{API}/experts/{expert_id}", json={"bio": "Nhanh"})
    overtaken.set()
    slow.join(timeout=30)
    store.fault = None

    assert fast.status_code == 200, fast.text
    assert answers[0].status_code == 409, answers[0].text
    expert = client.get(f"{API}/experts/{expert_id}").json()
    assert (expert["bio"], expert["headline"], expert["version"]) == ("Nhanh", "", 2)
    assert _events(client, "expert.update", expert_id) == 1


def test_concurrent_writes_of_one_version_let_exactly_one_through(
    client: httpx.Client, store: Neo4jStore
) -> None:
    """The version is read under the node's lock in the writing statement itself: of eight
    writers that all read version 1, one writes and seven find version 2."""
    org = _organization(client)
    barrier = threading.Barrier(8)
    codes: list[int] = []

    def write(n: int) -> None:
        barrier.wait(timeout=30)
        response = client.patch(
            f"{API}/organizations/{org}",
            json={"website": f"https://example.org/{n}"},
            headers={"If-Match": '"1"'},
        )
        codes.append(response.status_code)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(codes) == [200] + [412] * 7
    assert client.get(f"{API}/organizations/{org}").json()["version"] == 2
    assert _events(client, "organization.update", org) == 1
