"""Rules around writes: references checked before anything is stored, patches re-validated whole."""

from typing import Any

from pydantic import BaseModel

from talent.core.errors import InvalidReference
from talent.resources.repository import ResourceRepository


def _check_references(repo: ResourceRepository, item: BaseModel) -> None:
    missing = repo.missing_references([item])
    if missing:
        raise InvalidReference("the input names things that do not exist", fields=missing)


def create(*, repo: ResourceRepository, item: BaseModel) -> Any:
    """Create after checking every referenced id; a rejected write stores nothing."""
    _check_references(repo, item)
    return repo.create(item)


def patched(repo: ResourceRepository, current: Any, patch: BaseModel) -> Any:
    """The create model of `current` with the fields set in `patch`, validated as a whole."""
    create_model = repo.resource.create
    data = current.model_dump(include=set(create_model.model_fields))
    data.update(patch.model_dump(exclude_unset=True))
    return create_model.model_validate(data)


def update(
    *,
    repo: ResourceRepository,
    resource_id: str,
    patch: BaseModel,
    system: dict[str, Any] | None = None,
) -> Any:
    """Apply the fields set in `patch`, validate the whole, then replace in one write."""
    current = repo.get(resource_id)
    return save(repo=repo, current=current, item=patched(repo, current, patch), system=system)


def save(
    *, repo: ResourceRepository, current: Any, item: BaseModel, system: dict[str, Any] | None = None
) -> Any:
    """Write `item` over the stored `current` after checking its references. The resource's
    system properties are kept, with any given in `system` changed."""
    _check_references(repo, item)
    kept = {name: getattr(current, name) for name in repo.resource.system}
    kept.update(system or {})
    return repo.replace(current.id, item, created_at=current.created_at, system=kept)
