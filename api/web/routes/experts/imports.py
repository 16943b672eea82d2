"""My imports (/me/imports): the identifiers I link (typed in, or proven by signing in to
ORCID) and my word on each, imports from them, from DOIs or from a reference file (followed
until they end), the works they propose, accepted or rejected, and my name's variants. Each
form posts, redirects, and reads the same services as the API."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from api.versions import form_version
from api.web.render import render
from api.web.routes.experts import imports_jobs, imports_orcid
from api.web.routes.experts.common import store_of
from api.web.routes.experts.imports_page import (
    BAD_CHECK,
    BAD_OPENALEX,
    BAD_ORCID,
    NONE_CHOSEN,
    VARIANT_BAD,
    VARIANT_EMPTY,
    back,
    no_profile,
    one,
    owner,
    page,
    read_form,
)
from talent.core import validators
from talent.core.errors import InvalidInput, PreconditionFailed
from talent.experts.models import ExpertUpdate
from talent.experts.service import ExpertService
from talent.imports import service
from talent.imports.models import (
    Decision,
    Decisions,
    IdentifierLink,
    Scheme,
    Verdict,
)

router = APIRouter()


@router.get("/me/imports", response_class=HTMLResponse)
def imports_page(
    request: Request,
    tab: Annotated[str, Query(max_length=20)] = "proposed",
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """My linked identifiers, imports, proposed works and name variants."""
    account, expert_id = owner(request)
    if expert_id is None:
        return no_profile(request)
    return page(request, account, expert_id)


# Identifiers


def _identifier(scheme: str, value: str) -> tuple[IdentifierLink | None, str]:
    """The identifier typed, or the message for beside its field."""
    if scheme == Scheme.OPENALEX.value:
        try:
            return IdentifierLink(scheme=Scheme.OPENALEX, value=value), ""
        except ValidationError:
            return None, BAD_OPENALEX
    try:
        validators.orcid(value)
    except ValueError as exc:
        return None, BAD_CHECK if "check digit" in str(exc) else BAD_ORCID
    return IdentifierLink(scheme=Scheme.ORCID, value=value), ""


@router.post("/me/imports/identifiers", response_class=HTMLResponse)
async def link_identifier(request: Request) -> Response:
    """Link an ORCID iD or an OpenAlex author, declared by me (not proven)."""
    account, expert_id = owner(request)
    if expert_id is None:
        return no_profile(request, 404)
    form = await read_form(request)
    scheme, value = one(form, "scheme"), one(form, "value")
    item, error = _identifier(scheme, value)
    if item is None:
        values = {"scheme": scheme, "value": value}
        return page(
            request, account, expert_id, errors={"value": error}, values=values, status_code=422
        )
    service.link(store_of(request), account, expert_id, item)
    return back("identifiers", done="linked")


@router.post("/me/imports/identifiers/verdict", response_class=HTMLResponse)
async def judge_identifier(request: Request) -> Response:
    """My word on a linked identifier; "not me" is confirmed first, for it rejects what that
    identifier alone proposed."""
    account, expert_id = owner(request)
    if expert_id is None:
        return no_profile(request, 404)
    form = await read_form(request)
    store = store_of(request)
    linked = {(i.scheme.value, i.value): i for i in service.identifiers(store, expert_id)}
    current = linked.get((one(form, "scheme"), one(form, "value")))
    verdict = one(form, "verdict")
    if current is None or verdict not in {v.value for v in Verdict}:
        raise InvalidInput("no such linked identifier", fields={"value": "not linked"})
    notify = one(form, "notify") == "on"
    if verdict == Verdict.NOT_ME.value and one(form, "confirm") != "yes":
        context = {"what": "not_me", "identifier": current, "notify": notify}
        return render(request, "experts/imports_confirm.html", context)
    item = IdentifierLink(
        scheme=current.scheme, value=current.value, verdict=Verdict(verdict), notify=notify
    )
    service.link(store, account, expert_id, item)
    return back("identifiers", done="verdict")


@router.post("/me/imports/identifiers/remove", response_class=HTMLResponse)
async def unlink_identifier(request: Request) -> Response:
    """Forget a linked identifier (the works it proposed stay as decided)."""
    account, expert_id = owner(request)
    if expert_id is None:
        return no_profile(request, 404)
    form = await read_form(request)
    scheme = one(form, "scheme")
    if scheme not in {s.value for s in Scheme}:
        raise InvalidInput("no such scheme", fields={"scheme": "orcid or openalex"})
    service.unlink(store_of(request), account, expert_id, Scheme(scheme), one(form, "value"))
    return back("identifiers", done="removed")


# Deciding


@router.post("/me/imports/decisions", response_class=HTMLResponse)
async def decide(request: Request) -> Response:
    """Accept or reject the works ticked, or all of them after a confirmation step; those
    decided elsewhere meanwhile are counted as skipped."""
    account, expert_id = owner(request)
    if expert_id is None:
        return no_profile(request, 404)
    form = await read_form(request)
    action = one(form, "action")
    chosen = [c for c in form.get("c", []) if c.strip()]
    store = store_of(request)
    if action in ("accept_all", "reject_all"):
        if one(form, "confirm") != "yes":
            count = service.counts(store, expert_id).proposed
            context = {"what": action, "count": count}
            return render(request, "experts/imports_confirm.html", context)
        decisions = Decisions(all=Decision.ACCEPT if action == "accept_all" else Decision.REJECT)
    elif action in ("accept", "reject"):
        if not chosen:
            return page(request, account, expert_id, errors={"c": NONE_CHOSEN}, status_code=422)
        try:
            decisions = Decisions.model_validate({action: chosen})
        except ValidationError as exc:
            raise InvalidInput("the works ticked are not valid", fields={"c": str(exc)}) from exc
    else:
        raise InvalidInput("no decision", fields={"action": "accept, reject or all"})
    if decisions.all is not None and service.counts(store, expert_id).proposed == 0:
        return back("proposed", done="decided")
    found = service.decide(store, account, expert_id, decisions)
    return back(
        "proposed",
        done="decided",
        a=len(found.accepted),
        r=len(found.rejected),
        s=len(found.skipped),
        u=len(found.unconfirmed),
    )


# Name variants


@router.post("/me/imports/variants", response_class=HTMLResponse)
async def change_variants(request: Request) -> Response:
    """Add or remove one variant of my name, from the profile as I read it (a change made
    meanwhile elsewhere is not undone: the page comes back with the list as it is now)."""
    account, expert_id = owner(request)
    if expert_id is None:
        return no_profile(request, 404)
    form = await read_form(request)
    name = " ".join(one(form, "variant").split())
    action = one(form, "action")
    store = store_of(request)
    people = ExpertService(store)
    current = people.read(account, expert_id).name_variants
    if not name:
        errors = {"variant": VARIANT_EMPTY}
        return page(request, account, expert_id, errors=errors, status_code=422)
    wanted = [v for v in current if v != name] if action == "remove" else [*current, name]
    try:
        patch = ExpertUpdate(name_variants=wanted)
        people.update(account, expert_id, patch, expected=form_version(one(form, "version")))
    except ValidationError:
        values = {"variant": name}
        errors = {"variant": VARIANT_BAD}
        return page(request, account, expert_id, errors=errors, values=values, status_code=422)
    except PreconditionFailed:
        return page(request, account, expert_id, stale=True, status_code=412)
    return back("variants", done="variant_" + ("removed" if action == "remove" else "added"))


router.include_router(imports_orcid.router)
router.include_router(imports_jobs.router)
