"""Concurrent creations of the same account (by admins, or by confirming registrations of one
address) and of the same pipeline entry leave exactly one: the losers get the service's
Conflict (the API's 409), never a store error (a 500). Without Neo4j's uniqueness constraints
on the keys these writes MERGE on or set, the races leave duplicates."""

import re
import threading
import time
from collections.abc import Callable
from datetime import date

import pytest

from graph.neo4j_store import Neo4jStore
from graph.queries import accounts as account_queries
from graph.queries import pipeline as pipeline_queries
from graph.queries import tokens as token_queries
from talent.accounts import service as account_service
from talent.accounts.models import AccountCreate, AccountRead, Role
from talent.accounts.notices import Notices
from talent.accounts.repository import AccountRepository
from talent.audit.log import ANONYMOUS_ROLE, Actor
from talent.core.errors import Conflict
from talent.duplicates.checker import DuplicateChecker
from talent.experts.models import ExpertCreate
from talent.experts.service import ExpertService
from talent.outbox.repository import OutboxRepository
from talent.pipeline.models import Entry, Stage, StageChange, Transition
from talent.pipeline.repository import PipelineRepository
from talent.pipeline.service import Pipeline
from talent.registration.models import Confirmation, RegistrationCreate
from talent.registration.service import Registrations

THREADS = 8
ADMIN = AccountRead(
    id="admin", email="admin@example.org", role=Role.ADMIN, name="a", active=True, created_at=0
)
STAFF = AccountRead(
    id="staff", email="staff@example.org", role=Role.MINISTRY, name="s", active=True, created_at=0
)


def _race[T](attempt: Callable[[int], T]) -> tuple[list[T], list[BaseException]]:
    """`attempt(n)` in THREADS threads released at the same moment: the answers and errors."""
    start = threading.Barrier(THREADS)
    answers: list[T] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        start.wait()
        try:
            answer = attempt(n)
        except BaseException as exc:
            with lock:
                errors.append(exc)
            return
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a creation never returned"
    return answers, errors


def _only_conflicts(errors: list[BaseException]) -> None:
    unexpected = [e for e in errors if not isinstance(e, Conflict)]
    assert not unexpected, f"not the service's Conflict: {unexpected!r}"


def _account(n: int) -> AccountCreate:
    return AccountCreate(
        email="Race@Example.org", password="a long password", role=Role.MINISTRY, name=f"r{n}"
    )


def test_concurrent_accounts_with_one_email_leave_exactly_one(store: Neo4jStore) -> None:
    actor = Actor(id=ADMIN.id, role=ADMIN.role.value)
    answers, errors = _race(
        lambda n: account_service.create(
            repo=AccountRepository(store), actor=actor, item=_account(n)
        )
    )
    _only_conflicts(errors)
    assert len(answers) == 1
    rows = store.run(account_queries.by_email("race@example.org"))
    assert [row["account"]["id"] for row in rows] == [answers[0].id]


def test_concurrent_direct_inserts_of_one_email_leave_exactly_one(store: Neo4jStore) -> None:
    # Outside a transaction of the service nothing queues the writers: the key itself must hold.
    answers, errors = _race(lambda n: AccountRepository(store).create(_account(n)))
    _only_conflicts(errors)
    assert len(answers) == 1
    assert len(store.run(account_queries.by_email("race@example.org"))) == 1


def _registrations(store: Neo4jStore, mails: list[str]) -> Registrations:
    notices = Notices(store, mails.extend, "http://127.0.0.1")
    return Registrations(store=store, notices=notices, checker=DuplicateChecker(store))


ANONYMOUS = Actor(id="", role=ANONYMOUS_ROLE)


def _pending_links(store: Neo4jStore, n: int) -> list[str]:
    """`n` registrations of one address (one pending account, mailed `n` links): the links'
    tokens."""
    mails: list[str] = []
    registrations = _registrations(store, mails)
    for i in range(n):
        profile = {"full_name": f"Đỗ Thị Hạnh {i}", "country": "VN", "birth_year": 1970 + i}
        request = RegistrationCreate.model_validate(
            {"email": "hanh@example.org", "profile": profile, "not_a_duplicate": True}
        )
        registrations.register(request, ANONYMOUS)
    outbox = OutboxRepository(store)
    bodies = [mail.body for mail in map(outbox.get, mails) if mail is not None]
    tokens = [m.group(1) for body in bodies if (m := re.search(r"token=([\w-]+)", body))]
    assert len(tokens) == n
    return tokens


def _confirm(registrations: Registrations, token: str) -> str:
    confirmation = Confirmation(token=token, password="a long password")
    return registrations.confirm(confirmation, ANONYMOUS).account_id


def _holders(store: Neo4jStore) -> list[str]:
    return [row["account"]["id"] for row in store.run(account_queries.by_email("hanh@example.org"))]


def test_concurrent_confirmations_of_one_email_open_exactly_one_account(
    store: Neo4jStore,
) -> None:
    # Only a confirmation takes the address, and nothing but the key itself stops two
    # confirmations of different registrations taking it at once.
    tokens = _pending_links(store, THREADS)
    registrations = _registrations(store, [])
    answers, errors = _race(lambda n: _confirm(registrations, tokens[n]))
    _only_conflicts(errors)
    assert len(answers) == 1
    assert _holders(store) == answers


def test_a_confirmation_overtaken_by_one_in_flight_answers_conflict(
    store: Neo4jStore,
) -> None:
    first, second = _pending_links(store, 2)
    registrations = _registrations(store, [])
    in_flight = threading.Event()

    def pause(_: str, statement: str, __: int) -> None:
        # The first confirmation has written the address and holds it, uncommitted.
        if statement == token_queries.redeem("", 0, "").text and not in_flight.is_set():
            in_flight.set()
            time.sleep(1.0)

    opened: list[str] = []
    store.fault = pause
    try:
        thread = threading.Thread(target=lambda: opened.append(_confirm(registrations, first)))
        thread.start()
        assert in_flight.wait(timeout=30)
        # Sent twice, one registration has one pending account: its second link finds it
        # opened by the first.
        with pytest.raises(Conflict, match="already open"):
            _confirm(registrations, second)
        thread.join(timeout=30)
    finally:
        store.fault = None
    assert len(opened) == 1
    assert _holders(store) == opened


def _expert(store: Neo4jStore) -> str:
    item = ExpertCreate.model_validate(
        {"full_name": "Phạm Minh Châu", "country": "VN", "emails": ["chau@example.org"]}
    )
    return ExpertService(store).create(ADMIN, item, duplicates=DuplicateChecker(store)).id


def _entries(store: Neo4jStore, expert_id: str) -> int:
    return sum(row["expert"] == expert_id for row in store.run(pipeline_queries.pipeline_stages()))


def test_concurrent_pipeline_entries_of_one_expert_leave_exactly_one(
    store: Neo4jStore,
) -> None:
    expert_id = _expert(store)
    transition = Transition(to=Stage.IDENTIFIED, at=date(2026, 1, 5), note="race")
    answers, errors = _race(
        lambda _: Pipeline(store).move(caller=STAFF, expert_id=expert_id, transition=transition)
    )
    _only_conflicts(errors)
    assert len(answers) == 1
    assert _entries(store, expert_id) == 1
    assert len(Pipeline(store).history(expert_id)) == 1


def test_concurrent_direct_pipeline_writes_of_one_entry_leave_exactly_one(
    store: Neo4jStore,
) -> None:
    expert_id = _expert(store)

    def write(n: int) -> object:
        moved = PipelineRepository(store).move(
            expected=None,
            entry=Entry(
                expert_id=expert_id,
                stage=Stage.IDENTIFIED,
                owner_id=STAFF.id,
                since="2026-01-05",
                updated_at=n,
            ),
            change=StageChange(
                id=f"race-{n}",
                expert_id=expert_id,
                to=Stage.IDENTIFIED,
                at="2026-01-05",
                by=STAFF.id,
                note="race",
            ),
        )
        if moved is None:
            raise Conflict("another move came first")
        return moved

    answers, errors = _race(write)
    _only_conflicts(errors)
    assert len(answers) == 1
    assert _entries(store, expert_id) == 1
    assert len(PipelineRepository(store).history(expert_id)) == 1


def test_a_confirmation_overtaken_by_an_account_in_flight_answers_conflict(
    store: Neo4jStore,
) -> None:
    (token,) = _pending_links(store, 1)
    registrations = _registrations(store, [])
    in_flight = threading.Event()

    def pause(_: str, statement: str, __: int) -> None:
        # The admin's new account holds the address, uncommitted.
        if statement == account_queries.create({}).text and not in_flight.is_set():
            in_flight.set()
            time.sleep(1.0)

    actor = Actor(id=ADMIN.id, role=ADMIN.role.value)
    item = AccountCreate(
        email="hanh@example.org", password="a long password", role=Role.MINISTRY, name="h"
    )
    created: list[str] = []
    store.fault = pause
    try:
        thread = threading.Thread(
            target=lambda: created.append(
                account_service.create(repo=AccountRepository(store), actor=actor, item=item).id
            )
        )
        thread.start()
        assert in_flight.wait(timeout=30)
        with pytest.raises(Conflict, match="e-mail exists"):
            _confirm(registrations, token)
        thread.join(timeout=30)
    finally:
        store.fault = None
    assert _holders(store) == created
