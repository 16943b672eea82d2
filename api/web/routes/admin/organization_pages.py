"""Every organisation, for admins (and, as the API allows, ministries for what they may do):
the list with how many profiles name each, a new one, its edit form (name, kind, country, ROR
id, website), and its deletion after a confirmation, refused while a profile names it."""

from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import Form, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from api.auth import CallerDep
from api.deps import GraphDep
from api.web.i18n import N_
from api.web.render import render, t
from api.web.routes.admin.common import (
    PAGE_SIZE,
    cursor,
    ident,
    invalid_fields,
    router,
    sentence,
)
from talent.core.errors import InvalidInput, TalentError
from talent.core.pagination import encode_cursor
from talent.organizations import service
from talent.resources import service as resources
from talent.resources.catalog import ORGANIZATION
from talent.resources.models import OrganizationCreate, OrganizationKind, OrganizationUpdate
from talent.resources.repository import ResourceRepository

BASE = "/admin/directory/organizations"
# The router adds "/admin".
ROUTE = BASE.removeprefix("/admin")
INVALID = {
    "name": N_("Enter the organisation's name."),
    "kind": N_("Choose one of the kinds."),
    "country": N_("Enter the country as its two-letter code, such as VN."),
    "ror_id": N_("Enter a ROR id such as 05dxps055, or leave it empty."),
    "website": N_("Enter the website's address, starting with https:// or http://."),
}
DONE = {
    "created": N_("The organisation was added."),
    "saved": N_("The organisation was saved."),
    "deleted": N_("The organisation was deleted."),
}
NAMED = N_(
    "This organisation cannot be deleted: %(count)s profile(s) name it as an affiliation. "
    "Change their affiliations first."
)
FIELDS = ("name", "kind", "country", "ror_id", "website")


def _form(**values: str) -> dict[str, str]:
    return {name: values.get(name, "").strip()[:300] for name in FIELDS}


def _checked(form: dict[str, str]) -> dict[str, object]:
    """The form as the model takes it: empty optional fields left out; a website that is
    no http(s) address refused here (the model only bounds its length)."""
    website = form["website"]
    if website:
        parts = urlsplit(website)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in website:
            raise InvalidInput("not a website address", fields={"website": website})
    return {name: value for name, value in form.items() if value}


def _list(
    request: Request,
    store: GraphDep,
    *,
    after: str,
    form: dict[str, str],
    errors: dict[str, str],
    notice: str = "",
    status_code: int = 200,
) -> Response:
    items, last = service.listed(store=store, after=after, limit=PAGE_SIZE)
    context = {
        "items": items,
        "next_cursor": encode_cursor(last) if last else None,
        "kinds": [kind.value for kind in OrganizationKind],
        "form": form,
        "errors": errors,
        "notice": notice,
    }
    return render(request, "admin/organization_list.html", context, status_code=status_code)


def _refused(request: Request, exc: TalentError | ValidationError) -> dict[str, str]:
    if isinstance(exc, ValidationError):
        return invalid_fields(request, exc, INVALID)
    named = {name for name in exc.fields if name in INVALID}
    return {name: t(request, INVALID[name]) for name in named} or {
        "": sentence(t(request, exc.detail))
    }


@router.get(ROUTE, response_class=HTMLResponse)
def organization_list(
    request: Request,
    store: GraphDep,
    _: CallerDep,
    page: Annotated[str | None, Query()] = None,
    done: Annotated[str | None, Query()] = None,
) -> Response:
    """Every organisation, with a form for a new one."""
    notice = t(request, DONE[done]) if done in DONE else ""
    form = _form(kind="other", country="VN")
    return _list(request, store, after=cursor(page), form=form, errors={}, notice=notice)


@router.post(ROUTE, response_class=HTMLResponse)
def create_organization(
    request: Request,
    store: GraphDep,
    caller: CallerDep,
    name: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "",
    country: Annotated[str, Form()] = "",
    ror_id: Annotated[str, Form()] = "",
    website: Annotated[str, Form()] = "",
) -> Response:
    form = _form(name=name, kind=kind, country=country, ror_id=ror_id, website=website)
    try:
        item = OrganizationCreate.model_validate(_checked(form))
        repo = ResourceRepository(store, ORGANIZATION)
        resources.create(repo=repo, item=item, actor=caller.actor)
    except (ValidationError, TalentError) as exc:
        code = exc.status_code if isinstance(exc, TalentError) else 422
        errors = _refused(request, exc)
        return _list(request, store, after="", form=form, errors=errors, status_code=code)
    return RedirectResponse(f"{BASE}?done=created", status_code=303)


def _edit(
    request: Request,
    store: GraphDep,
    org_id: str,
    *,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    notice: str = "",
    status_code: int = 200,
) -> Response:
    current = resources.get(repo=ResourceRepository(store, ORGANIZATION), resource_id=org_id)
    values = current.model_dump(mode="json")
    context = {
        "org": current,
        "form": form or _form(**{k: str(values.get(k) or "") for k in FIELDS}),
        "kinds": [kind.value for kind in OrganizationKind],
        "errors": errors or {},
        "notice": notice,
    }
    return render(request, "admin/organization_edit.html", context, status_code=status_code)


@router.get(ROUTE + "/{organization_id}", response_class=HTMLResponse)
def organization_page(
    request: Request,
    store: GraphDep,
    _: CallerDep,
    organization_id: str,
    done: Annotated[str | None, Query()] = None,
) -> Response:
    """The organisation's edit form."""
    notice = t(request, DONE[done]) if done in DONE else ""
    return _edit(request, store, ident(organization_id, "organization"), notice=notice)


@router.post(ROUTE + "/{organization_id}", response_class=HTMLResponse)
def save_organization(
    request: Request,
    store: GraphDep,
    caller: CallerDep,
    organization_id: str,
    name: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "",
    country: Annotated[str, Form()] = "",
    ror_id: Annotated[str, Form()] = "",
    website: Annotated[str, Form()] = "",
    version: Annotated[int | None, Form()] = None,
) -> Response:
    org_id = ident(organization_id, "organization")
    form = _form(name=name, kind=kind, country=country, ror_id=ror_id, website=website)
    try:
        checked = _checked(form)
        # Every field named: an emptied ROR id or website is removed.
        patch = OrganizationUpdate.model_validate({name: checked.get(name) for name in FIELDS})
        repo = ResourceRepository(store, ORGANIZATION)
        resources.update(
            repo=repo, resource_id=org_id, patch=patch, actor=caller.actor, expected=version
        )
    except (ValidationError, TalentError) as exc:
        if isinstance(exc, TalentError) and exc.status_code == 404:
            raise
        code = exc.status_code if isinstance(exc, TalentError) else 422
        errors = _refused(request, exc)
        return _edit(request, store, org_id, form=form, errors=errors, status_code=code)
    return RedirectResponse(f"{BASE}/{quote(org_id)}?done=saved", status_code=303)


@router.get(ROUTE + "/{organization_id}/delete", response_class=HTMLResponse)
def delete_page(request: Request, store: GraphDep, _: CallerDep, organization_id: str) -> Response:
    """What deleting asks: a confirmation (or why it cannot be done)."""
    org_id = ident(organization_id, "organization")
    current = resources.get(repo=ResourceRepository(store, ORGANIZATION), resource_id=org_id)
    named = service.affiliated(store=store, org_id=org_id)
    problem = t(request, NAMED) % {"count": named} if named else ""
    context = {"org": current, "named": named, "errors": {"": problem} if problem else {}}
    return render(request, "admin/organization_delete.html", context)


@router.post(ROUTE + "/{organization_id}/delete", response_class=HTMLResponse)
def delete_organization(
    request: Request, store: GraphDep, caller: CallerDep, organization_id: str
) -> Response:
    org_id = ident(organization_id, "organization")
    try:
        service.delete(store=store, actor=caller.actor, org_id=org_id)
    except TalentError as exc:
        if exc.status_code == 404:
            raise
        current = resources.get(repo=ResourceRepository(store, ORGANIZATION), resource_id=org_id)
        named = int(exc.fields.get("experts", "0") or 0)
        problem = (
            t(request, NAMED) % {"count": named} if named else sentence(t(request, exc.detail))
        )
        context = {"org": current, "named": named, "errors": {"": problem}}
        return render(
            request, "admin/organization_delete.html", context, status_code=exc.status_code
        )
    return RedirectResponse(f"{BASE}?done=deleted", status_code=303)
