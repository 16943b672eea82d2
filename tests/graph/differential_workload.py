"""The seeded workload of the differential check: demo data, then a script of writes through
the services, made reproducible so that two engines end with the same data."""

import hashlib
import itertools
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

import talent.accounts.repository
import talent.accounts.tokens
import talent.audit.log
import talent.core.ids
from graph import GraphStore
from graph.queries import entities
from matching import runs
from matching import service as matching
from matching.cache import IndexCache
from matching.models import DecisionRequest, MatchJobRequest
from talent.accounts import service as accounts
from talent.accounts.models import AccountCreate, AccountRead, Role
from talent.accounts.notices import Notices
from talent.accounts.repository import AccountRepository, Leadership
from talent.audit.log import ANONYMOUS_ROLE, Actor, actor_of
from talent.demo.generator import demo_id
from talent.demo.seeding import seed_demo
from talent.duplicates.checker import DuplicateChecker
from talent.jobs import service as jobs
from talent.jobs.repository import JobRepository
from talent.outbox.repository import OutboxRepository
from talent.pipeline.models import Stage, Transition
from talent.pipeline.service import Pipeline
from talent.registration.models import ClaimCreate, Confirmation, RegistrationCreate
from talent.registration.service import Registrations
from talent.reviews.merges import Merges

SEED = 21
EXPERTS = 60
# 2026-01-01, then one millisecond more at each reading of the clock.
CLOCK_MS = 1_767_225_600_000
ADMIN = AccountRead(
    id="admin", email="admin@example.org", role=Role.ADMIN, name="a", active=True, created_at=0
)
ANONYMOUS = Actor(id="", role=ANONYMOUS_ROLE)


class _Sequences:
    """Stand-ins for the clock, uuid4, token and salt sources: the same values in each run."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self._ticks = itertools.count()
        self._tokens = itertools.count(1)

    def uuid4(self) -> uuid.UUID:
        return uuid.UUID(int=next(self._ids), version=4)

    def time(self) -> float:
        return (CLOCK_MS + next(self._ticks)) / 1000

    def token_urlsafe(self, _: int) -> str:
        return f"token-{next(self._tokens):040d}"


class _Hasher:
    """Password hashes without a random salt (argon2's differs at each call)."""

    def hash(self, password: str) -> str:
        return "sha256:" + hashlib.sha256(password.encode()).hexdigest()

    def verify(self, hashed: str, password: str) -> bool:
        return hashed == self.hash(password)


@contextmanager
def reproducible() -> Iterator[None]:
    """Generated ids, times, tokens and hashes repeat from one run to the next."""
    sequences = _Sequences()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(talent.core.ids, "uuid", SimpleNamespace(uuid4=sequences.uuid4))
        patch.setattr(talent.core.ids, "time", SimpleNamespace(time=sequences.time))
        patch.setattr(talent.audit.log, "uuid", SimpleNamespace(uuid4=sequences.uuid4))
        patch.setattr(talent.audit.log, "time", SimpleNamespace(time=sequences.time))
        patch.setattr(talent.audit.log, "_sequence", itertools.count())
        patch.setattr(talent.accounts.tokens, "secrets", sequences)
        patch.setattr(talent.accounts.repository, "_hasher", _Hasher())
        yield


@dataclass(frozen=True)
class Workload:
    """What the script made, for the reads' parameters."""

    ids: dict[str, Any]


class _Broker:
    def send_task(self, name: str, args: list[Any], *, task_id: str, ignore_result: bool) -> None:
        """The script runs the tasks' work itself."""


def _account(store: GraphStore, role: Role, name: str, expert_id: str | None = None) -> str:
    item = AccountCreate(
        email=f"{name}@example.org",
        password="a long password",
        role=role,
        name=name,
        expert_id=expert_id,
    )
    return accounts.create(repo=AccountRepository(store), actor=actor_of(ADMIN), item=item).id


def _registrations(store: GraphStore, mails: list[str]) -> Registrations:
    notices = Notices(store, mails.extend, "http://127.0.0.1")
    return Registrations(store=store, notices=notices, checker=DuplicateChecker(store))


def _register(store: GraphStore, email: str, name: str, birth_year: int) -> str:
    """A registration of `email`: the token of its mailed link."""
    mails: list[str] = []
    registrations = _registrations(store, mails)
    profile = {
        "full_name": name,
        "country": "VN",
        "birth_year": birth_year,
        "skills": [{"skill_id": "machine-learning", "level": 3}],
    }
    request = RegistrationCreate.model_validate(
        {"email": email, "profile": profile, "not_a_duplicate": True}
    )
    registrations.register(request, ANONYMOUS)
    bodies = [m.body for m in map(OutboxRepository(store).get, mails) if m is not None]
    found = [m.group(1) for b in bodies if (m := re.search(r"token=([\w-]+)", b))]
    assert found, f"no link mailed to {email}"
    return found[0]


def _confirm(store: GraphStore, token: str) -> str:
    confirmation = Confirmation(token=token, password="another long password")
    return _registrations(store, []).confirm(confirmation, ANONYMOUS).expert_id


def _claim(store: GraphStore, expert_id: str) -> None:
    """A claim from an address the profile does not list: a review for an admin."""
    request = ClaimCreate(expert_id=expert_id, email="claimant@example.org", name="Claimant")
    _registrations(store, []).claim(request, ANONYMOUS)


def _candidates(store: GraphStore) -> list[str]:
    """Active demo experts that consented to be matched, in id order."""
    rows = store.run(
        entities.page_in_states(entities.EXPERT, after="", limit=500, states=["active"])
    )
    return sorted(r["node"]["id"] for r in rows if r["node"].get("consent_match"))


def _decide_and_move(store: GraphStore, ids: dict[str, Any], staff: str) -> None:
    role_id, chosen = ids["role"], ids["candidates"]
    actor = actor_of(ADMIN)
    for expert_id, decision in zip(
        chosen[:3], ("shortlisted", "shortlisted", "rejected"), strict=True
    ):
        request = DecisionRequest(expert_id=expert_id, reason="the differential script")
        matching.decide(store, role_id, decision, request, actor=actor)  # type: ignore[arg-type]
    caller = AccountRepository(store).get(staff)
    pipeline = Pipeline(store)
    for n, expert_id in enumerate(chosen[3:6]):
        for day, stage in enumerate([Stage.IDENTIFIED, Stage.CONTACTED, Stage.INTERESTED][: n + 1]):
            transition = Transition(to=stage, at=date(2026, 1, 5 + day), note="script")
            pipeline.move(caller=caller, expert_id=expert_id, transition=transition)


def _match_run(store: GraphStore, ids: dict[str, Any]) -> None:
    request = MatchJobRequest(limit=20)
    job = runs.start(store, _Broker(), actor=actor_of(ADMIN), role_id=ids["role"], request=request)
    run_id = str(jobs.get(store, job.id).params["run_id"])
    params = {"limit": 20}
    cache = IndexCache(store, wait_for_rebuild_s=600.0)
    runs.full_match(
        store, cache, run_id=run_id, role_id=ids["role"], params=params, report=lambda *_: True
    )
    ids |= {
        "job": job.id,
        "run": run_id,
        "reminders_job": jobs.start_reminders(store, _Broker()).id,
    }
    JobRepository(store).tick()


def run_workload(store: GraphStore) -> Workload:
    """Demo data and the script, on an emptied, prepared store."""
    seed_demo(store, EXPERTS, seed=SEED, batch=EXPERTS)
    ids: dict[str, Any] = {
        "programme": demo_id("programme", 0, SEED),
        "candidates": _candidates(store),
    }
    ids["role"] = store.run(
        entities.page_held(entities.ROLE, parent=ids["programme"], after="", limit=1)
    )[0]["node"]["id"]
    staff = _account(store, Role.MINISTRY, "staff")
    lead = _account(store, Role.PROGRAMME_LEAD, "lead")
    Leadership(store).record(lead, ids["programme"])
    owner = ids["candidates"][8]
    ids |= {"staff": staff, "lead": lead, "owned": owner}
    ids["owner_account"] = _account(store, Role.EXPERT, "owner", expert_id=owner)
    confirmed = _confirm(store, _register(store, "lan@example.org", "Vũ Thị Lan", 1984))
    ids["pending_token"] = _register(store, "minh@example.org", "Hoàng Văn Minh", 1979)
    ids["registered"] = confirmed
    _claim(store, ids["candidates"][15])
    merges = Merges(store)
    kept = merges.merge(ADMIN, ids["candidates"][10], ids["candidates"][11])
    undone = merges.merge(ADMIN, ids["candidates"][12], ids["candidates"][13])
    merges.undo(ADMIN, undone.id)
    ids |= {"merge": kept.id, "undone_merge": undone.id}
    _decide_and_move(store, ids, staff)
    _match_run(store, ids)
    ids["updated"] = [
        {"id": row["node"]["id"], "updated_at": row["node"]["updated_at"]}
        for row in store.run(entities.page(entities.EXPERT, after="", limit=5))
    ]
    return Workload(ids)
