"""The attraction pipeline: each expert's stage from identified to engaged, moved one step
forward or back, or aside (declined, paused) and back again, each move with a date, an owner
and a note; and who follows the expert, with the next action and its day."""

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
from talent.pipeline.models import (
    ORDER,
    SIDE,
    Entry,
    EntryUpdate,
    PipelineView,
    Stage,
    StageChange,
    Transition,
)
from talent.pipeline.repository import PipelineRepository

# Who may follow an expert through the pipeline.
OWNERS = {Role.ADMIN, Role.MINISTRY, Role.PROGRAMME_LEAD}


def moves(entry: Entry | None) -> list[Stage]:
    """The stages an expert at `entry` may move to, the way forward first.

    An expert enters at `identified`; on the way forward they move one stage on or one back,
    and before engaged they may decline or pause. A declined or paused expert resumes at the
    stage they left; a paused one may also decline."""
    if entry is None:
        return [Stage.IDENTIFIED]
    if entry.stage in SIDE:
        resume = [entry.resume_stage or Stage.IDENTIFIED]
        return resume + ([Stage.DECLINED] if entry.stage is Stage.PAUSED else [])
    i = ORDER.index(entry.stage)
    found = [ORDER[i + 1]] if i + 1 < len(ORDER) else []
    found += [ORDER[i - 1]] if i > 0 else []
    return found + (list(SIDE) if entry.stage is not Stage.ENGAGED else [])


def next_stage(entry: Entry | None) -> Stage | None:
    """The move that carries the expert on: the next stage forward, or back to the stage a
    declined or paused expert left (None: engaged, nothing further)."""
    if entry is not None and entry.stage is Stage.ENGAGED:
        return None
    return moves(entry)[0]


def _today() -> date:
    return datetime.now(UTC).date()


def _check(current: Entry | None, transition: Transition) -> date:
    """The day of the move, if the move is allowed from `current`."""
    stage = current.stage if current else None
    allowed = moves(current)
    if transition.to not in allowed:
        raise Conflict(
            f"{stage or 'not in the pipeline'} cannot move to {transition.to}; allowed: "
            + ", ".join(allowed),
            fields={"to": transition.to},
        )
    if current is not None and transition.version not in (None, current.updated_at):
        raise Conflict("the entry changed meanwhile; reload and retry", fields={"version": "stale"})
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
        """Every move, oldest first: change ids sort by time, and by the order of recording
        within one millisecond (moves go back and forth, so stages cannot order them)."""
        return self.repo.history(expert_id)

    def page(self, *, stage: Stage | None, after: str, limit: int) -> Page[Entry]:
        """Entries in expert id order after the expert id `after`, optionally at one stage."""
        rows = self.repo.page(stage=stage, after=after, limit=limit + 1)
        return page_of(rows, limit=limit, key=lambda entry: entry.expert_id)

    def move(self, *, caller: AccountRead, expert_id: str, transition: Transition) -> Entry:
        """`step` for the live profile under `expert_id` (a merged id moves its survivor),
        with an owner that is a staff account, recorded in the audit trail."""
        expert = self._active(expert_id)
        if transition.owner_id is not None:
            self._check_owner(transition.owner_id)
        actor = Actor(id=caller.id, role=caller.role.value)
        return self.step(caller=caller, expert_id=expert, transition=transition, actor=actor)

    def _active(self, expert_id: str) -> str:
        expert = ExpertService(self.store).resolve(expert_id)
        if expert.status is not ExpertStatus.ACTIVE:
            raise Conflict(
                f"expert '{expert_id}' is {expert.status}; only active profiles move in the "
                "pipeline",
                fields={"expert_id": f"{expert.status} profile"},
            )
        return expert.id

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
        """Enter the expert at `identified` or make one of the moves `moves` allows; any
        other move is a conflict. The owner and the next action stay unless the move names
        another owner; the first owner is the caller. With an `actor`, audited in the same
        transaction."""
        current = self.get(expert_id)
        when = _check(current, transition)
        stamp = max(now_ms(), current.updated_at + 1) if current else now_ms()
        stage = current.stage if current else None
        owner = transition.owner_id or (current.owner_id if current else None) or caller.id
        if transition.to in SIDE:
            # Aside from the way forward: remember where the expert left it.
            resume = current.resume_stage if current and stage in SIDE else stage
        else:
            resume = None
        entry = Entry(
            expert_id=expert_id,
            stage=transition.to,
            owner_id=owner,
            since=when.isoformat(),
            updated_at=stamp,
            resume_stage=resume,
            next_action_on=current.next_action_on if current else None,
            next_action=current.next_action if current else "",
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
            written = PipelineRepository(tx).move(
                expected=stage,
                entry=entry,
                change=change,
                version=current.updated_at if current else None,
            )
            if written is None:
                raise self._not_moved(expert_id, current, transition)
            if actor is not None:
                details = {"to": transition.to.value, "from": stage.value if stage else None}
                AuditLog(tx).record(actor, Action.PIPELINE_MOVE, "expert", expert_id, details)

        self.store.write(work)
        return entry

    def follow_up(self, *, caller: AccountRead, expert_id: str, update: EntryUpdate) -> Entry:
        """Set who follows the expert and the next action with its day, if the entry is still
        as read (`update.version`); audited in the same transaction."""
        expert = ExpertService(self.store).resolve(expert_id).id
        current = self.get(expert)
        if current is None:
            raise NotFound(
                f"expert '{expert_id}' is not in the pipeline", fields={"expert_id": expert_id}
            )
        if update.version != current.updated_at:
            raise Conflict(
                "the entry changed meanwhile; reload and retry", fields={"version": "stale"}
            )
        if update.owner_id is not None and update.owner_id != current.owner_id:
            self._check_owner(update.owner_id)
        entry = current.model_copy(
            update={
                "owner_id": update.owner_id or current.owner_id,
                "next_action_on": update.next_action_on.isoformat()
                if update.next_action_on
                else None,
                "next_action": update.next_action,
                "updated_at": max(now_ms(), current.updated_at + 1),
            }
        )
        actor = Actor(id=caller.id, role=caller.role.value)

        def work(tx: GraphStore) -> None:
            if PipelineRepository(tx).follow_up(entry=entry, version=update.version) is None:
                raise Conflict(
                    "the entry changed meanwhile; reload and retry", fields={"version": "stale"}
                )
            details = {
                "owner_id": entry.owner_id,
                "next_action_on": entry.next_action_on,
                "next_action": entry.next_action,
            }
            AuditLog(tx).record(actor, Action.PIPELINE_FOLLOW_UP, "expert", expert, details)

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
