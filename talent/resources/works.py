"""Works as their authors write them: an expert's work lists the expert, names only co-authors
already on it, and stays self-declared; staff write any work, and verifiers any source."""

from graph import GraphStore
from talent.accounts.models import AccountRead, Role
from talent.audit.log import actor_of
from talent.core.errors import Forbidden
from talent.core.types import Source
from talent.resources import service
from talent.resources.catalog import WORK
from talent.resources.models import WorkCreate, WorkRead, WorkUpdate
from talent.resources.repository import ResourceRepository

# Who may give a work a source above self_declared (the same as for an expert's claims).
VERIFIERS = {Role.ADMIN, Role.MINISTRY}


def create_work(*, store: GraphStore, caller: AccountRead, item: WorkCreate) -> WorkRead:
    """Create after checking the caller's rules and every referenced id."""
    _check(caller, item, None)
    return service.create(repo=ResourceRepository(store, WORK), item=item, actor=actor_of(caller))


def update_work(
    *,
    store: GraphStore,
    caller: AccountRead,
    resource_id: str,
    patch: WorkUpdate,
    expected: int | None = None,
) -> WorkRead:
    """Apply the fields set in `patch`; the authors stay unless sent again."""

    def work(tx: GraphStore) -> WorkRead:
        repo = ResourceRepository(tx, WORK)
        current = repo.get(resource_id)
        item = service.patched(repo, current, patch)
        _check(caller, item, current)
        actor = actor_of(caller)
        return service.save(repo=repo, current=current, item=item, actor=actor, expected=expected)

    return store.write(work)


def _check(caller: AccountRead, item: WorkCreate, current: WorkRead | None) -> None:
    """403 naming each field the caller may not write so: an expert's work must list the
    expert and may list others only as they already were; and a new or changed work that
    is not a verifier's is self-declared."""
    refused: dict[str, str] = {}
    changed = current is None or item != WorkCreate.model_validate(
        current.model_dump(include=set(WorkCreate.model_fields))
    )
    if caller.role not in VERIFIERS and changed and item.source is not Source.SELF_DECLARED:
        refused["source"] = (
            "only an admin or a ministry verifies a work; a new or changed work is self_declared"
        )
    if caller.role is Role.EXPERT:
        mine = caller.expert_id
        others = set(item.author_ids) - {mine}
        before = set(current.author_ids) - {mine} if current else set()
        if mine not in item.author_ids:
            refused["author_ids"] = "your work must list you among its authors"
        elif others != before:
            refused["author_ids"] = (
                "you may not add or remove co-authors: their profiles are theirs; ask staff"
            )
    if refused:
        raise Forbidden("some fields are not yours to write so", fields=refused)
