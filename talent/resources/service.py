"""Rules around writes: references checked before anything is stored, patches re-validated whole,
every change audited with who made it and what changed; and the one way a list is paged."""

from collections.abc import Mapping

from pydantic import BaseModel

from graph import GraphStore
from talent.audit.changes import diff, jsonable, values
from talent.audit.log import Action, Actor, AuditLog
from talent.core.errors import Conflict, InvalidInput, InvalidReference
from talent.core.pagination import Page, page_of
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


def create(*, repo: ResourceRepository[C, R], item: C, actor: Actor) -> R:
    """Create after checking every referenced id; a rejected write stores nothing. Audited
    with the values created (contacts masked), in the same transaction."""

    def work(tx: GraphStore) -> R:
        here = repo.within(tx)
        _check_references(here, item)
        resource_id = here.insert(item)
        values_created = {"values": values(item.model_dump(mode="json"))}
        _audit(here, actor, "create", resource_id, values_created)
        return here.get(resource_id)

    return repo.store.write(work)


def delete(
    *, repo: ResourceRepository[C, R], resource_id: str, actor: Actor, cascade: bool = False
) -> None:
    """Delete (404 if unknown), audited with what was deleted. What the resource owns (a
    programme's roles, their match runs and the leads' decisions) goes with it only when the
    caller says so with `cascade`: never silently."""

    def work(tx: GraphStore) -> None:
        here = repo.within(tx)
        current = here.get(resource_id)
        owned = here.owned_counts(resource_id)
        if owned and not cascade:
            listed = ", ".join(f"{name.replace('_', ' ')}: {n}" for name, n in owned.items())
            raise Conflict(
                f"deleting this {repo.resource.name} would also delete {listed}; "
                "ask again with cascade=true to delete them all",
                fields={"cascade": f"required: would also delete {listed}"},
            )
        fields = set(repo.resource.create.model_fields)
        values_deleted = values(jsonable(current.model_dump(include=fields)))
        details: dict[str, object] = {"values": values_deleted}
        if owned:
            details["also_deleted"] = owned
        here.delete(resource_id)
        _audit(here, actor, "delete", resource_id, details)

    repo.store.write(work)


def withheld(repo: ResourceRepository[C, R], item: R, viewer: str | None) -> bool:
    """Whether `item` is kept from `viewer` (a profile id, "" for none; None sees all)."""
    name = repo.resource.withheld_by
    if viewer is None or name is None:
        return False
    held_for = getattr(item, name, None)
    return held_for is not None and held_for != viewer


def get(*, repo: ResourceRepository[C, R], resource_id: str, viewer: str | None = None) -> R:
    """One item; 404, as for none, when it is kept from `viewer`."""
    item = repo.get(resource_id)
    if withheld(repo, item, viewer):
        raise repo.resource.not_found(resource_id)
    return item


def page(
    *,
    repo: ResourceRepository[C, R],
    after: str,
    limit: int,
    owner_id: str | None = None,
    viewer: str | None = None,
) -> Page[R]:
    """`limit` items in id order after the id `after`, with a cursor only if more follow;
    with `owner_id`, only that owner's (a lead's programmes and roles, an expert's works);
    with `viewer`, without what is kept from them."""
    if owner_id is None:
        items = repo.page(after=after, limit=limit + 1, viewer=viewer)
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
    expected: int | None = None,
    system: SystemProps | None = None,
) -> R:
    """Apply the fields set in `patch` to the stored resource, validate the whole, then
    replace it, in one transaction; refused if it is no longer at the version read (or at
    `expected`, the version the client names)."""

    def work(tx: GraphStore) -> R:
        here = repo.within(tx)
        current = here.get(resource_id)
        item = patched(here, current, patch)
        return save(
            repo=here, current=current, item=item, actor=actor, expected=expected, system=system
        )

    return repo.store.write(work)


def save(
    *,
    repo: ResourceRepository[C, R],
    current: R,
    item: C,
    actor: Actor,
    expected: int | None = None,
    system: SystemProps | None = None,
) -> R:
    """Write `item` over the stored `current` after checking its references, if it is still
    at the version read (or `expected`). The resource's system properties are kept, with any
    given in `system` changed. Audited with each changed field's old and new value (contacts
    masked), in the same transaction."""

    def work(tx: GraphStore) -> R:
        here = repo.within(tx)
        _check_references(here, item, current)
        kept: dict[str, str | int | None] = {
            name: getattr(current, name) for name in here.resource.system
        }
        kept.update(system or {})
        here.replace(current, item, expected=expected, system=kept)
        fields = set(here.resource.create.model_fields)
        changes = diff(
            jsonable(current.model_dump(include=fields)), item.model_dump(mode="json"), fields
        )
        details = {"fields": sorted(changes), "changes": changes}
        _audit(here, actor, "update", current.id, details)
        return here.get(current.id)

    return repo.store.write(work)
