"""Rules around writes: references checked before anything is stored, patches re-validated whole;
and the one way a list is paged."""

from pydantic import BaseModel

from talent.core.errors import InvalidReference
from talent.core.pagination import Page, page_of
from talent.resources.mapping import C, R, SystemProps
from talent.resources.repository import ResourceRepository


def _check_references(repo: ResourceRepository[C, R], item: C) -> None:
    missing = repo.missing_references([item])
    if missing:
        raise InvalidReference("the input names things that do not exist", fields=missing)


def create(*, repo: ResourceRepository[C, R], item: C) -> R:
    """Create after checking every referenced id; a rejected write stores nothing."""
    _check_references(repo, item)
    return repo.create(item)


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
    system: SystemProps | None = None,
) -> R:
    """Apply the fields set in `patch`, validate the whole, then replace in one write."""
    current = repo.get(resource_id)
    return save(repo=repo, current=current, item=patched(repo, current, patch), system=system)


def save(
    *,
    repo: ResourceRepository[C, R],
    current: R,
    item: C,
    system: SystemProps | None = None,
) -> R:
    """Write `item` over the stored `current` after checking its references. The resource's
    system properties are kept, with any given in `system` changed."""
    _check_references(repo, item)
    kept: dict[str, str | int | None] = {
        name: getattr(current, name) for name in repo.resource.system
    }
    kept.update(system or {})
    return repo.replace(current.id, item, created_at=current.created_at, system=kept)
