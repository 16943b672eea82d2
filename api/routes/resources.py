"""Create, read, update, list and delete for each resource, from one definition."""

from typing import Any

from fastapi import APIRouter, Body, Path, Response, status
from pydantic import BaseModel, create_model

from api import access
from api.access import Access
from api.auth import CallerDep
from api.deps import PRINTABLE, Cursor, GraphDep, Limit
from talent.accounts.models import Role
from talent.accounts.repository import Leadership
from talent.core.pagination import decode_cursor, encode_cursor
from talent.resources import service
from talent.resources.catalog import ORGANIZATION, PROGRAMME, ROLE, WORK
from talent.resources.mapping import Resource
from talent.resources.models import OrganizationUpdate, ProgrammeUpdate, RoleUpdate, WorkUpdate
from talent.resources.repository import ResourceRepository

ResourceId = Path(min_length=1, max_length=120, pattern=PRINTABLE)


def resource_router(
    resource: Resource, update_model: type[BaseModel], plural: str, access: Access
) -> APIRouter:
    """The five routes of one resource; models come from the resource so the schema is exact."""
    router = APIRouter(prefix=f"/{plural}", tags=[plural])
    read_model: Any = resource.read
    create_in: Any = resource.create
    update_in: Any = update_model
    page_model: Any = create_model(
        f"{read_model.__name__.removesuffix('Read')}Page",
        items=(list[read_model], ...),
        next_cursor=(str | None, None),
    )
    name = resource.name

    @router.post(
        "", status_code=status.HTTP_201_CREATED, response_model=read_model, name=f"create_{name}"
    )
    def create(store: GraphDep, caller: CallerDep, item: create_in = Body()) -> Any:
        access.check("create", store, caller, None, item)
        created = service.create(repo=ResourceRepository(store, resource), item=item)
        if resource is PROGRAMME and caller.role is Role.PROGRAMME_LEAD:
            Leadership(store).record(caller.id, created.id)
        return created

    @router.get("", response_model=page_model, name=f"list_{plural}")
    def page(store: GraphDep, caller: CallerDep, limit: Limit = 50, cursor: Cursor = None) -> Any:
        access.check("read", store, caller)
        items = ResourceRepository(store, resource).page(after=decode_cursor(cursor), limit=limit)
        next_cursor = encode_cursor(items[-1].id) if len(items) == limit else None
        return {"items": items, "next_cursor": next_cursor}

    @router.get("/{resource_id}", response_model=read_model, name=f"get_{name}")
    def get(store: GraphDep, caller: CallerDep, resource_id: str = ResourceId) -> Any:
        access.check("read", store, caller, resource_id)
        return ResourceRepository(store, resource).get(resource_id)

    @router.patch("/{resource_id}", response_model=read_model, name=f"update_{name}")
    def update(
        store: GraphDep, caller: CallerDep, resource_id: str = ResourceId, patch: update_in = Body()
    ) -> Any:
        access.check("update", store, caller, resource_id, patch)
        repo = ResourceRepository(store, resource)
        return service.update(repo=repo, resource_id=resource_id, patch=patch)

    @router.delete("/{resource_id}", status_code=status.HTTP_204_NO_CONTENT, name=f"delete_{name}")
    def delete(store: GraphDep, caller: CallerDep, resource_id: str = ResourceId) -> Response:
        access.check("delete", store, caller, resource_id)
        ResourceRepository(store, resource).delete(resource_id)
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    create.__doc__ = f"Create a {name}; every referenced id must exist."
    page.__doc__ = f"List {plural} in id order, `limit` at a time."
    get.__doc__ = f"One {name} by id."
    update.__doc__ = f"Change some fields of a {name}; the result is validated as a whole."
    delete.__doc__ = f"Delete a {name}."
    return router


ROUTERS = (
    resource_router(ORGANIZATION, OrganizationUpdate, "organizations", access.ORGANIZATIONS),
    resource_router(WORK, WorkUpdate, "works", access.WORKS),
    resource_router(PROGRAMME, ProgrammeUpdate, "programmes", access.PROGRAMMES),
    resource_router(ROLE, RoleUpdate, "roles", access.ROLES),
)
