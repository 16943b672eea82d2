"""Writes that must land whole: each flow is interrupted after every one of its statements (as
a crash of the process would stop it), and the data is never half-way: the flow is one
transaction, so the crash leaves nothing, and the flow run again lands as one uninterrupted
run. Real HTTP, a real worker."""

import itertools
import secrets
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from api.postman import dispatch_mail
from graph.neo4j_store import Neo4jStore
from talent.outbox.service import flush
from tests.factories import expert_body
from tests.mailbox import last_token, messages_to

API = "/api/v1"
PASSWORD = "a long enough passphrase"
_n = itertools.count(1)


class Crash(Exception):
    """Stands for the process dying between two statements."""


@dataclass
class Flow:
    """Its transaction's name (the work's qualified name); what to set up; the request that runs it; what its result looks like,
    without ids (so two runs compare)."""

    unit: str
    prepare: Callable[[httpx.Client], dict[str, Any]]
    act: Callable[[httpx.Client, dict[str, Any]], httpx.Response]
    outcome: Callable[[httpx.Client, dict[str, Any]], object]


@pytest.fixture
def faulty(store: Neo4jStore) -> Iterator[Neo4jStore]:
    yield store
    store.fault = None


def _expert(client: httpx.Client, **extra: Any) -> str:
    name = f"Lê Văn {secrets.token_hex(4)}"
    body = expert_body(full_name=name, orcid=None, emails=[f"{secrets.token_hex(4)}@example.org"])
    body.update(extra)
    response = client.post(f"{API}/experts", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _events(client: httpx.Client, action: str, target: str) -> int:
    params = {"action": action, "target": target}
    return len(client.get(f"{API}/audit-events", params=params).json()["items"])


def _pair(client: httpx.Client) -> dict[str, Any]:
    return {"survivor": _expert(client), "merged": _expert(client, phone="+84 912 000 111")}


def _merge(client: httpx.Client, ctx: dict[str, Any]) -> httpx.Response:
    body = {"survivor_id": ctx["survivor"], "merged_id": ctx["merged"]}
    return client.post(f"{API}/merges", json=body)


def _merged(client: httpx.Client, ctx: dict[str, Any]) -> object:
    survivor = client.get(f"{API}/experts/{ctx['survivor']}").json()
    merged = client.get(f"{API}/experts/{ctx['merged']}").json()
    return (
        survivor["status"],
        survivor["phone"],
        len(survivor["emails"]),
        merged["id"] == ctx["survivor"],  # the merged id resolves to its survivor
        _events(client, "expert.merge", ctx["survivor"]),
    )


def _merged_pair(client: httpx.Client) -> dict[str, Any]:
    ctx = _pair(client)
    ctx["before"] = [
        _unversioned(client.get(f"{API}/experts/{ctx[k]}").json()) for k in ("survivor", "merged")
    ]
    ctx["merge"] = _merge(client, ctx).json()["id"]
    return ctx


def _unversioned(expert: dict[str, Any]) -> dict[str, Any]:
    """The profile without its version, which an undo moves on like any change."""
    return {k: v for k, v in expert.items() if k != "version"}


def _undone(client: httpx.Client, ctx: dict[str, Any]) -> object:
    now = [
        _unversioned(client.get(f"{API}/experts/{ctx[k]}").json()) for k in ("survivor", "merged")
    ]
    merge = client.get(f"{API}/merges/{ctx['merge']}").json()
    return (
        now == ctx["before"],
        merge["state"],
        _events(client, "expert.unmerge", ctx["survivor"]),
    )


def _registration(client: httpx.Client) -> dict[str, Any]:
    body = expert_body(full_name=f"Đỗ Thị {secrets.token_hex(4)}", emails=[])
    body.pop("orcid")
    return {"email": f"whole{next(_n)}.{secrets.token_hex(3)}@example.net", "profile": body}


def _registered(client: httpx.Client, ctx: dict[str, Any]) -> object:
    mails = messages_to(ctx["email"])
    confirmed = client.post(
        f"{API}/registrations/confirm",
        json={"token": last_token(ctx["email"]), "password": PASSWORD},
    )
    return (len(mails), confirmed.status_code, confirmed.json().get("status"))


def _unconfirmed(client: httpx.Client) -> dict[str, Any]:
    ctx = _registration(client)
    assert client.post(f"{API}/registrations", json=ctx).status_code == 202
    ctx["token"] = last_token(ctx["email"])
    return ctx


def _confirm(client: httpx.Client, ctx: dict[str, Any]) -> httpx.Response:
    body = {"token": ctx["token"], "password": PASSWORD}
    return client.post(f"{API}/registrations/confirm", json=body)


def _confirmed(client: httpx.Client, ctx: dict[str, Any]) -> object:
    login = client.post(f"{API}/auth/login", json={"email": ctx["email"], "password": PASSWORD})
    again = _confirm(client, ctx)
    return (login.status_code, again.status_code, again.json()["fields"])


def _withdrawn(client: httpx.Client, ctx: dict[str, Any]) -> object:
    expert = client.get(f"{API}/experts/{ctx['survivor']}").json()
    return (expert["status"], expert["emails"], _events(client, "expert.withdraw", ctx["survivor"]))


def _verify(client: httpx.Client, ctx: dict[str, Any]) -> httpx.Response:
    body = {"source": "ministry_verified", "skill_ids": ["machine-learning"]}
    return client.post(f"{API}/experts/{ctx['survivor']}/verifications", json=body)


def _verified(client: httpx.Client, ctx: dict[str, Any]) -> object:
    expert = client.get(f"{API}/experts/{ctx['survivor']}").json()
    sources = sorted(s["source"] for s in expert["skills"])
    return (
        expert["verification_grade"],
        sources,
        _events(client, "expert.verify", ctx["survivor"]),
    )


def _programme(client: httpx.Client) -> dict[str, Any]:
    pid = client.post(f"{API}/programmes", json={"name": f"Rail {next(_n)}"}).json()["id"]
    role = {"programme_id": pid, "title": "Chief architect"}
    return {"programme": pid, "role": client.post(f"{API}/roles", json=role).json()["id"]}


def _programme_gone(client: httpx.Client, ctx: dict[str, Any]) -> object:
    return (
        client.get(f"{API}/programmes/{ctx['programme']}").status_code,
        client.get(f"{API}/roles/{ctx['role']}").status_code,
        _events(client, "programme.delete", ctx["programme"]),
    )


FLOWS = {
    "merge": Flow("Merges.merge.<locals>.<lambda>", _pair, _merge, _merged),
    "undo": Flow(
        "Merges.undo.<locals>.<lambda>",
        _merged_pair,
        lambda c, ctx: c.post(f"{API}/merges/{ctx['merge']}/undo"),
        _undone,
    ),
    "registration": Flow(
        "Registrations.register.<locals>.work",
        _registration,
        lambda c, ctx: c.post(f"{API}/registrations", json=ctx),
        _registered,
    ),
    "confirmation": Flow("Registrations.confirm.<locals>.work", _unconfirmed, _confirm, _confirmed),
    "withdrawal": Flow(
        "ExpertService.withdraw.<locals>.work",
        lambda c: {"survivor": _expert(c)},
        lambda c, ctx: c.post(f"{API}/experts/{ctx['survivor']}/withdraw"),
        _withdrawn,
    ),
    "verification": Flow(
        "ExpertService.verify.<locals>.work", lambda c: {"survivor": _expert(c)}, _verify, _verified
    ),
    "programme deletion": Flow(
        "delete.<locals>.work",
        _programme,
        lambda c, ctx: c.delete(f"{API}/programmes/{ctx['programme']}", params={"cascade": True}),
        _programme_gone,
    ),
}


def _count_steps(store: Neo4jStore, flow: Flow, client: httpx.Client) -> tuple[int, object]:
    """Runs the flow once whole: how many statements its transaction has, and its outcome."""
    seen: list[int] = []

    def count(name: str, _: str, index: int) -> None:
        if name == flow.unit:
            seen.append(index)

    ctx = flow.prepare(client)
    store.fault = count
    response = flow.act(client, ctx)
    store.fault = None
    assert response.status_code < 300, response.text
    return len(seen), flow.outcome(client, ctx)


@pytest.mark.parametrize("name", list(FLOWS))
def test_a_flow_interrupted_after_any_statement_ends_as_if_it_ran_whole(
    client: httpx.Client, faulty: Neo4jStore, name: str
) -> None:
    flow = FLOWS[name]
    steps, whole = _count_steps(faulty, flow, client)
    assert steps >= 2, f"{name} is not one transaction"
    for crash_after in range(steps):
        ctx = flow.prepare(client)

        def crash(tx: str, _: str, index: int, at: int = crash_after) -> None:
            if tx == flow.unit and index == at:
                raise Crash

        faulty.fault = crash
        assert flow.act(client, ctx).status_code == 500
        faulty.fault = None
        where = f"{name}: crashed after statement {crash_after}"
        # Nothing of the rolled-back transaction is left, and none of it stands in the way:
        # the flow run again ends as one run whole (one mail, one event, one merge).
        assert flow.act(client, ctx).status_code < 300, where
        # The process died before handing its mail to the workers: the outbox flush does.
        flush(faulty, dispatch_mail, stale_ms=0)
        assert flow.outcome(client, ctx) == whole, where


def test_two_merges_of_one_pair_at_once_make_one_merge(client: httpx.Client) -> None:
    for _ in range(3):
        ctx = _pair(client)
        with ThreadPoolExecutor(2) as pool:
            codes = sorted(r.status_code for r in pool.map(_merge, [client, client], [ctx, ctx]))
        assert codes == [201, 409]
        assert _events(client, "expert.merge", ctx["survivor"]) == 1
