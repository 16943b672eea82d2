"""Rules around writes: references checked before anything is stored, patches re-validated whole,
every change audited with who made it and what changed; and the one way a list is paged."""

from collections.abc import Mapping

from pydantic import BaseModel

from talent.audit.changes import diff, jsonable, values
from talent.audit.log import Action, Actor, AuditLog
from talent.core.errors import InvalidReference
from talent.core.pagination import Page, page_of
from talent.resources.mapping import C, R, SystemProps
from talent.resources.repository import ResourceRepository


def _check_references(repo: ResourceRepository[C, R], item: C) -> None:
    missing = repo.missing_references([item])
    if missing:
        raise InvalidReference("the input names things that do not exist", fields=missing)


def _audit(
    repo: ResourceRepository[C, R],
    actor: Actor,
    verb: str,
    target: str,
    details: Mapping[str, object],
) -> None:
    """One event named after the resource: `organization.create`, `role.delete`..."""
    action = Action(f"{repo.resource.name}.{verb}")
    AuditLog(repo.store).record(actor, action, repo.resource.name, target, details)


def create(*, repo: ResourceRepository[C, R], item: C, actor: Actor) -> R:
    """Create after checking every referenced id; a rejected write stores nothing. Audited
    with the values created (contacts masked)."""
    _check_references(repo, item)
    created = repo.create(item)
    _audit(repo, actor, "create", created.id, {"values": values(item.model_dump(mode="json"))})
    return created


def delete(*, repo: ResourceRepository[C, R], resource_id: str, actor: Actor) -> None:
    """Delete (404 if unknown), audited with what was deleted."""
    current = repo.get(resource_id)
    repo.delete(resource_id)
    fields = set(repo.resource.create.model_fields)
    _audit(
        repo,
        actor,
        "delete",
        resource_id,
        {"values": values(jsonable(current.model_dump(include=fields)))},
    )


def page(*, repo: ResourceRepository[C, R], after: str, limit: int) -> Page[R]:
    """`limit` items in id order after the id `after`, with a cursor only if more follow."""
    return page_of(repo.page(after=after, limit=limit + 1), limit=limit, key=lambda r: r.id)


def patched(repo: ResourceRepository[C, R], current: R, patch: BaseModel) -> C:
    """The create model of `current` with the fields set in `patch`, validated as a whole."""
    create_model = repo.resource.create
    data = current.model_dump(include=set(create_model.model_fields))
    data.update(patch.model_dump(exclude_unset=True))
    return create_model.model_validate(data)


def update(
    *,
    repo: ResourceRepository[C, R],
    resource_id: str,
    patch: BaseModel,
    actor: Actor,
    system: SystemProps | None = None,
) -> R:
    """Apply the fields set in `patch`, validate the whole, then replace in one write."""
    current = repo.get(resource_id)
    item = patched(repo, current, patch)
    return save(repo=repo, current=current, item=item, actor=actor, system=system)


def save(
    *,
    repo: ResourceRepository[C, R],
    current: R,
    item: C,
    actor: Actor,
    system: SystemProps | None = None,
) -> R:
    """Write `item` over the stored `current` after checking its references. The resource's
    system properties are kept, with any given in `system` changed. Audited with each changed
    field's old and new value (contacts masked)."""
    _check_references(repo, item)
    kept: dict[str, str | int | None] = {
        name: getattr(current, name) for name in repo.resource.system
    }
    kept.update(system or {})
    saved = repo.replace(current.id, item, created_at=current.created_at, system=kept)
    fields = set(repo.resource.create.model_fields)
    changes = diff(
        jsonable(current.model_dump(include=fields)), item.model_dump(mode="json"), fields
    )
    _audit(repo, actor, "update", current.id, {"fields": sorted(changes), "changes": changes})
    return saved
