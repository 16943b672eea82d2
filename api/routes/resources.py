"""Create, read, update, list and delete for each resource, from one definition."""

from collections.abc import Callable
from typing import Annotated, NamedTuple, Protocol

from fastapi import APIRouter, Body, Path, Query, Response, status
from pydantic import BaseModel

from api.access import GrantDep
from api.auth import CallerDep
from api.deps import PRINTABLE, Cursor, GraphDep, Limit
from api.versions import IfMatch, tagged
from graph import GraphStore
from talent.accounts.models import AccountRead, Role
from talent.audit.log import Actor, actor_of
from talent.core.pagination import Page, decode_cursor
from talent.core.types import Strict
from talent.organizations import service as organizations
from talent.resources import service
from talent.resources.catalog import ORGANIZATION, PROGRAMME, ROLE, WORK
from talent.resources.mapping import Resource, Stored
from talent.resources.models import OrganizationUpdate, ProgrammeUpdate, RoleUpdate, WorkUpdate
from talent.resources.programmes import create_programme
from talent.resources.repository import ResourceRepository
from talent.resources.roles import create_role, update_role
from talent.resources.works import create_work, update_work


class Deleter(Protocol):
    def __call__(
        self, *, store: GraphStore, actor: Actor, resource_id: str, cascade: bool
    ) -> None: ...


ResourceId = Path(min_length=1, max_length=120, pattern=PRINTABLE)


class Creator[C: Strict, R: Stored](Protocol):
    def __call__(self, *, store: GraphStore, caller: AccountRead, item: C) -> R: ...


class Updater[R: Stored, U: BaseModel](Protocol):
    def __call__(
        self,
        *,
        store: GraphStore,
        caller: AccountRead,
        resource_id: str,
        patch: U,
        expected: int | None = None,
    ) -> R: ...


def plain_create[C: Strict, R: Stored](resource: Resource[C, R]) -> Creator[C, R]:
    """Creation with nothing besides the checked write."""

    def create(*, store: GraphStore, caller: AccountRead, item: C) -> R:
        repo = ResourceRepository(store, resource)
        return service.create(repo=repo, item=item, actor=actor_of(caller))

    return create


def plain_update[C: Strict, R: Stored, U: BaseModel](resource: Resource[C, R]) -> Updater[R, U]:
    """A change with nothing besides the checked write."""

    def update(
        *,
        store: GraphStore,
        caller: AccountRead,
        resource_id: str,
        patch: U,
        expected: int | None = None,
    ) -> R:
        repo = ResourceRepository(store, resource)
        return service.update(
            repo=repo,
            resource_id=resource_id,
            patch=patch,
            actor=actor_of(caller),
            expected=expected,
        )

    return update


def plain_delete[C: Strict, R: Stored](resource: Resource[C, R]) -> Deleter:
    """Delete the resource, with what it owns only when `cascade` says so."""

    def delete(*, store: GraphStore, actor: Actor, resource_id: str, cascade: bool) -> None:
        repo = ResourceRepository(store, resource)
        service.delete(repo=repo, resource_id=resource_id, actor=actor, cascade=cascade)

    return delete


def delete_organization(
    *, store: GraphStore, actor: Actor, resource_id: str, cascade: bool
) -> None:
    """Refused while a profile names the organisation: the affiliations are the experts', so
    no `cascade` takes them (the admin's organisation page answers the same)."""
    organizations.delete(store=store, actor=actor, org_id=resource_id)


def viewer_of(account: AccountRead) -> str | None:
    """Whom withheld items are kept from: everyone but admins, who review them (None sees
    all); a caller without a profile is no one's proposer ("")."""
    return None if account.role is Role.ADMIN else account.expert_id or ""


def _typed[F: Callable[..., object]](route: F, **annotations: type) -> F:
    """The route with its generic parameters annotated by the resource's own models, which
    FastAPI reads at run time to parse and document the body."""
    route.__annotations__.update(annotations)
    return route


Cascade = Annotated[
    bool,
    Query(description="also delete what the resource owns (a programme's roles, runs, decisions)"),
]


class Handlers(NamedTuple):
    create: Callable[..., object]
    page: Callable[..., object]
    get: Callable[..., object]
    update: Callable[..., object]
    delete: Callable[..., object]


def handlers[C: Strict, R: Stored, U: BaseModel](
    resource: Resource[C, R],
    update_model: type[U],
    creator: Creator[C, R],
    updater: Updater[R, U],
    deleter: Deleter,
) -> Handlers:
    """The five endpoints of one resource; the access policy has admitted the caller."""

    def create(store: GraphDep, caller: CallerDep, item: C = Body()) -> R:
        return creator(store=store, caller=caller.account, item=item)

    def page(
        store: GraphDep,
        caller: CallerDep,
        grant: GrantDep,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> "Page[R]":  # quoted: pydantic cannot build a page of an unbound model
        # A caller admitted as an owner lists only what they own.
        repo = ResourceRepository(store, resource)
        after = decode_cursor(cursor)
        viewer = viewer_of(caller.account)
        return service.page(
            repo=repo, after=after, limit=limit, owner_id=grant.owner_id, viewer=viewer
        )

    def get(
        store: GraphDep, caller: CallerDep, response: Response, resource_id: str = ResourceId
    ) -> R:
        repo = ResourceRepository(store, resource)
        item = service.get(repo=repo, resource_id=resource_id, viewer=viewer_of(caller.account))
        return tagged(response, item)

    def update(
        store: GraphDep,
        caller: CallerDep,
        response: Response,
        expected: IfMatch,
        resource_id: str = ResourceId,
        patch: U = Body(),
    ) -> R:
        updated = updater(
            store=store,
            caller=caller.account,
            resource_id=resource_id,
            patch=patch,
            expected=expected,
        )
        return tagged(response, updated)

    def delete(
        store: GraphDep, caller: CallerDep, resource_id: str = ResourceId, cascade: Cascade = False
    ) -> Response:
        deleter(store=store, actor=caller.actor, resource_id=resource_id, cascade=cascade)
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    return Handlers(
        _typed(create, item=resource.create), page, get, _typed(update, patch=update_model), delete
    )


def resource_router[C: Strict, R: Stored, U: BaseModel](
    resource: Resource[C, R],
    update_model: type[U],
    plural: str,
    create: Creator[C, R] | None = None,
    update: Updater[R, U] | None = None,
    delete: Deleter | None = None,
) -> APIRouter:
    """The five routes of one resource; models come from the resource so the schema is exact."""
    router = APIRouter(prefix=f"/{plural}", tags=[plural])
    name, read = resource.name, resource.read
    # The page of this resource's read model: a class chosen at run time, which FastAPI needs
    # concrete and a type checker cannot follow.
    page_model = Page[read]  # type: ignore[valid-type]
    endpoints = handlers(
        resource,
        update_model,
        create or plain_create(resource),
        update or plain_update(resource),
        delete or plain_delete(resource),
    )
    endpoints.create.__doc__ = f"Create a {name}; every referenced id must exist."
    endpoints.page.__doc__ = f"List {plural} in id order, `limit` at a time."
    endpoints.get.__doc__ = f"One {name} by id."
    endpoints.update.__doc__ = (
        f"Change some fields of a {name}; the result is validated as a whole."
    )
    endpoints.delete.__doc__ = f"Delete a {name}."
    created = status.HTTP_201_CREATED
    router.post("", status_code=created, response_model=read, name=f"create_{name}")(
        endpoints.create
    )
    router.get("", response_model=page_model, name=f"list_{plural}")(endpoints.page)
    router.get("/{resource_id}", response_model=read, name=f"get_{name}")(endpoints.get)
    router.patch("/{resource_id}", response_model=read, name=f"update_{name}")(endpoints.update)
    deleted = status.HTTP_204_NO_CONTENT
    router.delete("/{resource_id}", status_code=deleted, name=f"delete_{name}")(endpoints.delete)
    return router


ROUTERS = (
    resource_router(ORGANIZATION, OrganizationUpdate, "organizations", delete=delete_organization),
    resource_router(WORK, WorkUpdate, "works", create_work, update_work),
    resource_router(PROGRAMME, ProgrammeUpdate, "programmes", create_programme),
    resource_router(ROLE, RoleUpdate, "roles", create_role, update_role),
)
