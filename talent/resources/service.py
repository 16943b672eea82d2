"""Rules around writes: references checked before anything is stored, patches re-validated whole,
every change audited with who made it and what changed; and the one way a list is paged."""

from collections.abc import Mapping

from pydantic import BaseModel

from talent.audit.changes import diff, jsonable, values
from talent.audit.log import Action, Actor, AuditLog
from talent.core.errors import Conflict, InvalidInput, InvalidReference
from talent.core.ids import new_id
from talent.core.pagination import Page, page_of
from talent.core.repository import Unit
from talent.resources.mapping import C, R, SystemProps
from talent.resources.repository import ResourceRepository


def _check_references(repo: ResourceRepository[C, R], item: C, current: R | None = None) -> None:
    missing = repo.missing_references([item])
    if missing:
        raise InvalidReference("the input names things that do not exist", fields=missing)
    refused = repo.resource.rules(repo.store, item, current)
    if refused:
        raise InvalidInput("; ".join(refused.values()), fields=refused)


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


def _unit(repo: ResourceRepository[C, R], verb: str, resource_id: str) -> Unit:
    """The unit of one change to a resource: the write, the indexes' revision, the audit."""
    key = f"{repo.resource.entity.label}:{resource_id}"
    return Unit(repo.store, f"{repo.resource.name}.{verb}", keys=[key])


def _apply(unit: Unit, repo: ResourceRepository[C, R], resource_id: str) -> None:
    # Refused: deleted since it was read.
    unit.apply(refused=lambda: repo.resource.not_found(resource_id))


def create(*, repo: ResourceRepository[C, R], item: C, actor: Actor) -> R:
    """Create after checking every referenced id; a rejected write stores nothing. Audited
    with the values created (contacts masked), in the same unit of work."""
    _check_references(repo, item)
    resource_id = new_id()
    unit = _unit(repo, "create", resource_id)
    repo.within(unit).insert(item, resource_id=resource_id)
    values_created = {"values": values(item.model_dump(mode="json"))}
    _audit(repo.within(unit), actor, "create", resource_id, values_created)
    unit.apply()
    return repo.get(resource_id)


def delete(
    *, repo: ResourceRepository[C, R], resource_id: str, actor: Actor, cascade: bool = False
) -> None:
    """Delete (404 if unknown), audited with what was deleted. What the resource owns (a
    programme's roles, their match runs and the leads' decisions) goes with it only when the
    caller says so with `cascade`: never silently."""
    current = repo.get(resource_id)
    owned = repo.owned_counts(resource_id)
    if owned and not cascade:
        listed = ", ".join(f"{name.replace('_', ' ')}: {n}" for name, n in owned.items())
        raise Conflict(
            f"deleting this {repo.resource.name} would also delete {listed}; "
            "ask again with cascade=true to delete them all",
            fields={"cascade": f"required: would also delete {listed}"},
        )
    unit = _unit(repo, "delete", resource_id)
    with unit.required():
        repo.within(unit).delete(resource_id)
    fields = set(repo.resource.create.model_fields)
    details: dict[str, object] = {"values": values(jsonable(current.model_dump(include=fields)))}
    if owned:
        details["also_deleted"] = owned
    _audit(repo.within(unit), actor, "delete", resource_id, details)
    _apply(unit, repo, resource_id)


def page(
    *, repo: ResourceRepository[C, R], after: str, limit: int, owner_id: str | None = None
) -> Page[R]:
    """`limit` items in id order after the id `after`, with a cursor only if more follow;
    with `owner_id`, only that owner's (a lead's programmes and roles, an expert's works)."""
    if owner_id is None:
        items = repo.page(after=after, limit=limit + 1)
    else:
        items = repo.page_owned(owner_id, after=after, limit=limit + 1)
    return page_of(items, limit=limit, key=lambda r: r.id)


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
    _check_references(repo, item, current)
    kept: dict[str, str | int | None] = {
        name: getattr(current, name) for name in repo.resource.system
    }
    kept.update(system or {})
    unit = _unit(repo, "update", current.id)
    with unit.required():
        repo.within(unit).overwrite(current.id, item, created_at=current.created_at, system=kept)
    fields = set(repo.resource.create.model_fields)
    changes = diff(
        jsonable(current.model_dump(include=fields)), item.model_dump(mode="json"), fields
    )
    details = {"fields": sorted(changes), "changes": changes}
    _audit(repo.within(unit), actor, "update", current.id, details)
    _apply(unit, repo, current.id)
    return repo.get(current.id)
