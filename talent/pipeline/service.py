"""The attraction pipeline: each expert's stage from identified to engaged, moved one step at a
time with a date, an owner and a note."""

from datetime import UTC, date, datetime

from graph import GraphStore
from talent.accounts.models import AccountRead, Role
from talent.accounts.repository import AccountRepository
from talent.audit.log import Action, Actor, AuditLog, event_id
from talent.core.errors import Conflict, InvalidInput, InvalidReference, NotFound
from talent.core.ids import now_ms
from talent.core.pagination import Page, page_of
from talent.experts.models import ExpertStatus
from talent.experts.service import ExpertService
from talent.pipeline.models import ORDER, Entry, PipelineView, Stage, StageChange, Transition
from talent.pipeline.repository import PipelineRepository

# Who may follow an expert through the pipeline.
OWNERS = {Role.ADMIN, Role.MINISTRY, Role.PROGRAMME_LEAD}
# An expert enters at `identified` and moves one step forward at a time.
ALLOWED: dict[Stage | None, set[Stage]] = {
    None: {Stage.IDENTIFIED},
    **{stage: {ORDER[i + 1]} for i, stage in enumerate(ORDER[:-1])},
    Stage.ENGAGED: set(),
}


def _today() -> date:
    return datetime.now(UTC).date()


def _check(current: Entry | None, transition: Transition) -> date:
    """The day of the move, if the move is allowed from `current`."""
    stage = current.stage if current else None
    if transition.to not in ALLOWED[stage]:
        allowed = ", ".join(sorted(ALLOWED[stage])) or "none: the expert is engaged"
        raise Conflict(
            f"{stage or 'not in the pipeline'} cannot move to {transition.to}; allowed: {allowed}",
            fields={"to": transition.to},
        )
    when = transition.at or _today()
    if when > _today():
        raise InvalidInput("a transition cannot be dated in the future", fields={"at": str(when)})
    if current and when.isoformat() < current.since:
        raise InvalidInput(
            f"the expert reached {current.stage} on {current.since}; a later step cannot be "
            "dated before that",
            fields={"at": str(when)},
        )
    return when


class Pipeline:
    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.repo = PipelineRepository(store)

    def get(self, expert_id: str) -> Entry | None:
        return self.repo.entry(expert_id)

    def view(self, expert_id: str) -> PipelineView:
        """The expert's entry, if any, and every move so far."""
        return PipelineView(entry=self.get(expert_id), history=self.history(expert_id))

    def history(self, expert_id: str) -> list[StageChange]:
        changes = self.repo.history(expert_id)
        # Moves only go forward, so the stages order them, even two moves in one millisecond.
        return sorted(changes, key=lambda c: ORDER.index(c.to))

    def page(self, *, stage: Stage | None, after: str, limit: int) -> Page[Entry]:
        """Entries in expert id order after the expert id `after`, optionally at one stage."""
        rows = self.repo.page(stage=stage, after=after, limit=limit + 1)
        return page_of(rows, limit=limit, key=lambda entry: entry.expert_id)

    def move(self, *, caller: AccountRead, expert_id: str, transition: Transition) -> Entry:
        """`step` for the live profile under `expert_id` (a merged id moves its survivor),
        with an owner that is a staff account, recorded in the audit trail."""
        expert = ExpertService(self.store).resolve(expert_id)
        if expert.status is not ExpertStatus.ACTIVE:
            raise Conflict(
                f"expert '{expert_id}' is {expert.status}; only active profiles move in the "
                "pipeline",
                fields={"expert_id": f"{expert.status} profile"},
            )
        if transition.owner_id is not None:
            self._check_owner(transition.owner_id)
        actor = Actor(id=caller.id, role=caller.role.value)
        return self.step(caller=caller, expert_id=expert.id, transition=transition, actor=actor)

    def _check_owner(self, owner_id: str) -> None:
        try:
            owner = AccountRepository(self.store).get(owner_id)
        except NotFound:
            owner = None
        if owner is None or not owner.active or owner.role not in OWNERS:
            raise InvalidReference(
                "the owner must be an active staff account",
                fields={"owner_id": f"no active staff account with id '{owner_id}'"},
            )

    def step(
        self,
        *,
        caller: AccountRead,
        expert_id: str,
        transition: Transition,
        actor: Actor | None = None,
    ) -> Entry:
        """Enter the expert at `identified` or move them one stage on; any other move is a
        conflict. The owner stays unless the move names another; the first is the caller.
        With an `actor`, audited in the same transaction."""
        current = self.get(expert_id)
        when = _check(current, transition)
        stamp = now_ms()
        stage = current.stage if current else None
        owner = transition.owner_id or (current.owner_id if current else None) or caller.id
        entry = Entry(
            expert_id=expert_id,
            stage=transition.to,
            owner_id=owner,
            since=when.isoformat(),
            updated_at=stamp,
        )
        change = StageChange(
            id=event_id(stamp),
            expert_id=expert_id,
            from_stage=stage,
            to=transition.to,
            at=when.isoformat(),
            by=caller.id,
            owner_id=owner,
            note=transition.note,
        )

        def work(tx: GraphStore) -> None:
            if PipelineRepository(tx).move(expected=stage, entry=entry, change=change) is None:
                raise self._not_moved(expert_id, current, transition)
            if actor is not None:
                details = {"to": transition.to.value}
                AuditLog(tx).record(actor, Action.PIPELINE_MOVE, "expert", expert_id, details)

        self.store.write(work)
        return entry

    def _not_moved(self, expert_id: str, seen: Entry | None, transition: Transition) -> Exception:
        """Why a move found the expert elsewhere than where it was read: another move came
        first, or the expert is gone."""
        if PipelineRepository(self.store).entry(expert_id) != seen:
            return Conflict(
                "the stage changed meanwhile; reload and retry", fields={"to": transition.to}
            )
        return NotFound(f"expert '{expert_id}' does not exist", fields={"expert_id": expert_id})
