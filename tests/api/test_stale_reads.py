"""Verification, withdrawal and confirmation act on the profile as it was read: sent with the
`If-Match` of an older version they are refused (412), and without one, when another change
lands between their read and their write, they are refused too (409). Either way nothing of
theirs is written (no grade, no verified claim, no anonymised profile, no closed account, no
audit event) and the other change stays whole."""

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx
import pytest

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from tests.accounts import SignIn
from tests.factories import expert_body

API = "/api/v1"
VERIFY = {"source": "ministry_verified", "skill_ids": ["machine-learning"]}


@dataclass(frozen=True)
class Action:
    """A conditional change of a profile: its request, and its unit of work's name."""

    send: Callable[[httpx.Client, str, dict[str, str]], httpx.Response]
    work: str
    audited: str


ACTIONS = {
    "verify": Action(
        lambda c, e, h: c.post(f"{API}/experts/{e}/verifications", json=VERIFY, headers=h),
        "ExpertService.verify.<locals>.work",
        "expert.verify",
    ),
    "withdraw": Action(
        lambda c, e, h: c.post(f"{API}/experts/{e}/withdraw", headers=h),
        "ExpertService.withdraw.<locals>.work",
        "expert.withdraw",
    ),
    "confirm": Action(
        lambda c, e, h: c.post(f"{API}/experts/{e}/confirm", headers=h),
        "ExpertService.confirm.<locals>.work",
        "expert.confirm",
    ),
}


@dataclass
class Profile:
    id: str
    owner: httpx.Client
    work_id: str


@pytest.fixture
def profile(client: httpx.Client, as_role: SignIn) -> Profile:
    """A profile with self-declared skills, an owner's account and a work it authored."""
    body = expert_body(full_name="Trương Mỹ Lan", orcid=None, emails=["my.lan@example.org"])
    created = client.post(f"{API}/experts", json=body)
    assert created.status_code == 201, created.text
    expert_id = str(created.json()["id"])
    work = client.post(
        f"{API}/works",
        json={"title": "Mạch tích hợp quang", "kind": "publication", "author_ids": [expert_id]},
    )
    assert work.status_code == 201, work.text
    return Profile(expert_id, as_role(Role.EXPERT, expert_id=expert_id), str(work.json()["id"]))


def _events(client: httpx.Client, action: str, target: str) -> int:
    params = {"action": action, "target": target}
    return len(client.get(f"{API}/audit-events", params=params).json()["items"])


def _untouched(client: httpx.Client, profile: Profile, before: dict[str, object]) -> None:
    """Nothing of a refused verification, withdrawal or confirmation was written."""
    now = client.get(f"{API}/experts/{profile.id}").json()
    assert now["status"] == "active"
    assert now["full_name"] == "Trương Mỹ Lan"
    assert now["emails"] == ["my.lan@example.org"]
    assert now["verification_grade"] == 0
    assert {s["source"] for s in now["skills"]} == {"self_declared"}
    assert now["confirmed_at"] == before["confirmed_at"]
    assert client.get(f"{API}/works/{profile.work_id}").json()["author_ids"] == [profile.id]
    assert profile.owner.get(f"{API}/auth/me").status_code == 200
    for action in ACTIONS.values():
        assert _events(client, action.audited, profile.id) == 0


@pytest.mark.parametrize("name", list(ACTIONS))
def test_an_if_match_of_an_older_version_is_refused_and_nothing_changes(
    client: httpx.Client, profile: Profile, name: str
) -> None:
    edited = client.patch(f"{API}/experts/{profile.id}", json={"headline": "Mới"})
    assert edited.status_code == 200, edited.text
    before = client.get(f"{API}/experts/{profile.id}").json()
    assert before["version"] == 2

    refused = ACTIONS[name].send(client, profile.id, {"If-Match": '"1"'})
    assert refused.status_code == 412, refused.text
    assert refused.json()["fields"] == {"version": "now 2"}
    _untouched(client, profile, before)
    assert client.get(f"{API}/experts/{profile.id}").json()["version"] == 2

    # With the version now current it goes through: the refusal was the version's.
    done = ACTIONS[name].send(client, profile.id, {"If-Match": '"2"'})
    assert done.status_code == 200, done.text


@pytest.fixture
def paused(store: Neo4jStore) -> Iterator[Callable[[str], tuple[threading.Event, threading.Event]]]:
    """Pause the named unit of work right after its first statement (the profile's read)
    until the test lets it go on."""
    events: list[threading.Event] = []

    def pause_after_read(work: str) -> tuple[threading.Event, threading.Event]:
        read_done, go_on = threading.Event(), threading.Event()
        events.append(go_on)

        def fault(tx: str, _: str, index: int) -> None:
            if tx == work and index == 0 and not read_done.is_set():
                read_done.set()
                assert go_on.wait(timeout=30)

        store.fault = fault
        return read_done, go_on

    yield pause_after_read
    for go_on in events:
        go_on.set()
    store.fault = None


@pytest.mark.parametrize("name", list(ACTIONS))
def test_a_change_overtaken_between_its_read_and_its_write_is_refused_and_writes_nothing(
    client: httpx.Client,
    profile: Profile,
    paused: Callable[[str], tuple[threading.Event, threading.Event]],
    name: str,
) -> None:
    """No If-Match: the action reads the profile at version 1, an edit saves version 2, then
    the action writes. It must find the profile moved on and write nothing."""
    before = client.get(f"{API}/experts/{profile.id}").json()
    action = ACTIONS[name]
    read_done, go_on = paused(action.work)
    answers: list[httpx.Response] = []
    slow = threading.Thread(target=lambda: answers.append(action.send(client, profile.id, {})))
    slow.start()
    assert read_done.wait(timeout=30)
    overtaking = client.patch(f"{API}/experts/{profile.id}", json={"bio": "Hai mươi năm."})
    go_on.set()
    slow.join(timeout=30)

    assert overtaking.status_code == 200, overtaking.text
    assert answers[0].status_code == 409, answers[0].text
    _untouched(client, profile, before)
    now = client.get(f"{API}/experts/{profile.id}").json()
    assert (now["bio"], now["version"]) == ("Hai mươi năm.", 2)
