"""Conditional writes raced by eight callers at once: a reset link used once, a review decided
once, a merge undone once, a lost job queued again once, and of two admins closing each other,
one stays open. Each write
locks its node before it reads its condition, so the losers find the condition gone and get the
service's Conflict; without the lock, read-committed transactions would all pass the check."""

from datetime import date
from functools import partial

from pydantic import JsonValue

from graph.neo4j_store import Neo4jStore
from graph.queries import jobs as job_queries
from talent.accounts import service as account_service
from talent.accounts.models import AccountCreate, PasswordReset, Role
from talent.accounts.notices import Notices
from talent.accounts.passwords import PasswordResets
from talent.accounts.repository import AccountRepository
from talent.accounts.tokens import Tokens
from talent.audit.log import Actor
from talent.core.ids import now_ms
from talent.experts.models import ExpertCreate
from talent.experts.repository import ExpertRepository
from talent.jobs import service as jobs_service
from talent.jobs.model import REMINDER_TASK, JobState
from talent.pipeline.models import Stage, Transition
from talent.pipeline.service import Pipeline
from talent.reviews.decisions import decide_review
from talent.reviews.merges import Merges
from talent.reviews.models import ReviewDecision
from talent.reviews.queue import ReviewQueue
from tests.graph.test_uniqueness_races import (
    ADMIN,
    ANONYMOUS,
    STAFF,
    THREADS,
    _only_conflicts,
    _race,
)

PASSWORD = "a long enough passphrase"


def _notices(store: Neo4jStore) -> Notices:
    return Notices(store, lambda _: None, "http://127.0.0.1")


def _account(store: Neo4jStore, role: Role, n: int = 0) -> str:
    email = f"race{n}.{role.value}@example.org"
    expert_id = _expert(store, f"Chủ tài khoản {n}") if role is Role.EXPERT else None
    item = AccountCreate(
        email=email, password=PASSWORD, role=role, name=f"r{n}", expert_id=expert_id
    )
    return AccountRepository(store).create(item).id


def _expert(store: Neo4jStore, name: str) -> str:
    return ExpertRepository(store).insert(ExpertCreate(full_name=name, country="VN"))


def test_a_reset_link_used_by_eight_at_once_sets_one_password(store: Neo4jStore) -> None:
    account_id = _account(store, Role.MINISTRY)
    token = Tokens(store).issue_reset(account_id=account_id, expert_id="")
    resets = PasswordResets(store, _notices(store))
    answers, errors = _race(
        lambda n: resets.reset(PasswordReset(token=token, password=f"{PASSWORD} {n}"), ANONYMOUS)
    )
    _only_conflicts(errors)
    assert len(answers) == 1
    assert len(errors) == THREADS - 1


def test_a_review_decided_by_eight_admins_at_once_is_decided_once(store: Neo4jStore) -> None:
    expert_id = _expert(store, "Hồ Quang Minh")
    review_id = ReviewQueue(store).add_claim(expert_id, _account(store, Role.EXPERT, 1))
    answers, errors = _race(
        lambda _: decide_review(
            store=store,
            notices=_notices(store),
            admin=ADMIN,
            review_id=review_id,
            body=ReviewDecision(decision="reject"),
        )
    )
    _only_conflicts(errors)
    assert len(answers) == 1


def test_a_merge_undone_by_eight_at_once_is_undone_once(store: Neo4jStore) -> None:
    survivor, merged = _expert(store, "Đoàn Văn Lực"), _expert(store, "Doan Van Luc")
    merge = Merges(store).merge(ADMIN, survivor, merged)
    answers, errors = _race(lambda _: Merges(store).undo(ADMIN, merge.id))
    _only_conflicts(errors)
    assert len(answers) == 1
    assert ExpertRepository(store).get(merged).status == "active"


def _close_the_other(store: Neo4jStore, admins: list[str], n: int) -> object:
    """Caller `n` is one of the two admins and closes the other."""
    actor = Actor(id=admins[n % 2], role=Role.ADMIN.value)
    repo = AccountRepository(store)
    return account_service.deactivate(repo=repo, actor=actor, account_id=admins[1 - n % 2])


def test_two_admins_closing_each_other_at_once_leave_one_open(store: Neo4jStore) -> None:
    for attempt in range(5):
        admins = [_account(store, Role.ADMIN, 10 * attempt + n) for n in range(2)]
        for other in AccountRepository(store).page(after="", limit=100):
            if other.role is Role.ADMIN and other.active and other.id not in admins:
                AccountRepository(store).deactivate(other.id)
        _, errors = _race(partial(_close_the_other, store, admins))
        _only_conflicts(errors)
        still_open = [a for a in admins if AccountRepository(store).get(a).active]
        assert len(still_open) == 1, f"attempt {attempt}: {still_open}"


class _Queue:
    """A broker that records what it is sent."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def send_task(
        self, name: str, args: list[JsonValue], *, task_id: str, ignore_result: bool
    ) -> object:
        self.sent.append(task_id)
        return None


def test_a_lost_job_swept_by_eight_beats_at_once_is_queued_again_once(
    store: Neo4jStore,
) -> None:
    """Two sweeps that both found the job stale must not both queue it: two workers would then
    run one job side by side (seen: a demo load failing on its own pipeline moves)."""
    silent_since = now_ms() - 120_000
    props = {
        "id": "lost-job",
        "kind": "reminders",
        "state": JobState.RUNNING.value,
        "done": 0,
        "total": 0,
        "params": "{}",
        "task": REMINDER_TASK,
        "args": "[]",
        "attempts": 1,
        "created_at": silent_since,
        "updated_at": silent_since,
        "heartbeat_at": silent_since,
    }
    store.run(job_queries.create(props))
    queue = _Queue()
    answers, errors = _race(
        lambda _: jobs_service.sweep(store, queue, stale_after_ms=60_000, max_attempts=3)
    )
    assert errors == []
    assert sum(len(done.requeued) for done in answers) == 1
    assert queue.sent == ["lost-job"]


def test_a_stage_moved_on_by_eight_at_once_is_moved_once(store: Neo4jStore) -> None:
    expert_id = _expert(store, "Phan Thị Mai")
    first = Transition(to=Stage.IDENTIFIED, at=date(2026, 1, 5), note="")
    Pipeline(store).move(caller=STAFF, expert_id=expert_id, transition=first)
    on = Transition(to=Stage.CONTACTED, at=date(2026, 1, 6), note="race")
    answers, errors = _race(
        lambda _: Pipeline(store).move(caller=STAFF, expert_id=expert_id, transition=on)
    )
    _only_conflicts(errors)
    assert len(answers) == 1
    assert [c.to for c in Pipeline(store).history(expert_id)] == [
        Stage.IDENTIFIED,
        Stage.CONTACTED,
    ]
