"""Accounts: the list (paged), a new account, and closing or opening one again, through the
same service as the API (talent.accounts.service: each change audited)."""

from typing import Annotated

from fastapi import Form, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from api.auth import CallerDep
from api.deps import GraphDep, NoticesDep
from api.web.i18n import N_
from api.web.render import render, t
from api.web.routes.admin.common import (
    PAGE_SIZE,
    cursor,
    ident,
    invalid_fields,
    refused_fields,
    router,
    sentence,
)
from talent.accounts import service
from talent.accounts.invitations import invite, unusable_password
from talent.accounts.models import AccountCreate, AccountRead, Role
from talent.accounts.repository import AccountRepository
from talent.core.errors import TalentError
from talent.core.pagination import Page

# What the create form tells each field when the model refuses it.
INVALID = {
    "email": N_("Enter an e-mail address, such as name@example.org."),
    "name": N_("Enter the person's name."),
    "role": N_("Choose one of the roles."),
    "expert_id": N_("Enter the id of an existing profile."),
}
REFUSED = {
    "email": N_("An account with this e-mail exists."),
    "expert_id": N_("An expert account needs a profile of its own: no other account's."),
}
DONE = {
    "created": N_("The account was created."),
    "invited": N_(
        "The account was created and an invitation mailed to its address: its link lets the "
        "person choose their password, once, within seven days."
    ),
    "deactivated": N_("The account was deactivated: it can no longer sign in."),
    "reactivated": N_("The account was reactivated: it can sign in again."),
}
# The invitation mail's words (talent/core/mails/staff_invitation.txt), named here so that the
# admin catalogue, whose pages send that mail, carries their translation.
INVITATION_MAIL = (
    N_("Your account on talentgraph"),
    N_("An administrator has opened an account for you on talentgraph, as %(role)s."),
    N_("To choose your password, open this link:"),
    N_(
        "The link works once, for seven days. Afterwards, sign in with your e-mail address and "
        "the password you chose:"
    ),
    N_("If you did not expect this message, please ignore it."),
)
EMPTY_FORM = {"role": "", "name": "", "email": "", "expert_id": ""}


def _list(
    request: Request,
    store: GraphDep,
    *,
    after: str,
    form: dict[str, str],
    errors: dict[str, str],
    notice: str = "",
    status_code: int = 200,
    only: str | None = None,
) -> Response:
    repo = AccountRepository(store)
    if only:
        # One account, as a refused merge links to it: the one to deactivate.
        accounts = Page[AccountRead](items=[repo.get(ident(only, "account"))])
    else:
        accounts = service.page(repo=repo, after=after, limit=PAGE_SIZE)
    context = {
        "accounts": accounts,
        "only": bool(only),
        "roles": [role.value for role in Role],
        "form": form,
        "errors": errors,
        "notice": notice,
    }
    return render(request, "admin/accounts.html", context, status_code=status_code)


@router.get("/accounts", response_class=HTMLResponse)
def accounts_page(
    request: Request,
    store: GraphDep,
    _: CallerDep,
    page: Annotated[str | None, Query()] = None,
    done: Annotated[str | None, Query()] = None,
    expert_id: Annotated[str | None, Query()] = None,
    account: Annotated[str | None, Query()] = None,
) -> Response:
    notice = t(request, DONE[done]) if done in DONE else ""
    form = EMPTY_FORM | ({"role": "expert", "expert_id": expert_id[:120]} if expert_id else {})
    return _list(
        request, store, after=cursor(page), form=form, errors={}, notice=notice, only=account
    )


@router.post("/accounts", response_class=HTMLResponse)
def create_account(
    request: Request,
    store: GraphDep,
    notices: NoticesDep,
    admin: CallerDep,
    role: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    email: Annotated[str, Form()] = "",
    expert_id: Annotated[str, Form()] = "",
) -> Response:
    """A new account, its first password set by the person through a mailed link."""
    form = {"role": role, "name": name, "email": email, "expert_id": expert_id}
    try:
        item = AccountCreate.model_validate(
            {**form, "password": unusable_password(), "expert_id": expert_id.strip() or None}
        )
        invite(store=store, notices=notices, actor=admin.actor, item=item)
    except ValidationError as exc:
        errors = invalid_fields(request, exc, INVALID)
        return _list(request, store, after="", form=form, errors=errors, status_code=422)
    except TalentError as exc:
        # A profile id that names nothing is invalid input; one already owned, a conflict.
        errors = refused_fields(request, exc, INVALID if exc.status_code == 422 else REFUSED)
        return _list(
            request, store, after="", form=form, errors=errors, status_code=exc.status_code
        )
    return _done("invited")


def _done(result: str) -> Response:
    """After a change, the list by GET: reloading it does not send the change again."""
    return RedirectResponse(f"/admin/accounts?done={result}", status_code=303)


@router.post("/accounts/{account_id}/deactivate", response_class=HTMLResponse)
def deactivate_account(
    request: Request, store: GraphDep, admin: CallerDep, account_id: str
) -> Response:
    repo = AccountRepository(store)
    try:
        service.deactivate(repo=repo, actor=admin.actor, account_id=ident(account_id, "account"))
    except TalentError as exc:
        return _refused(request, store, exc)
    return _done("deactivated")


@router.post("/accounts/{account_id}/reactivate", response_class=HTMLResponse)
def reactivate_account(
    request: Request, store: GraphDep, admin: CallerDep, account_id: str
) -> Response:
    repo = AccountRepository(store)
    try:
        service.reactivate(repo=repo, actor=admin.actor, account_id=ident(account_id, "account"))
    except TalentError as exc:
        return _refused(request, store, exc)
    return _done("reactivated")


def _refused(request: Request, store: GraphDep, exc: TalentError) -> Response:
    """The list again with what was refused and why; an unknown account is a 404 page."""
    if exc.status_code == 404:
        raise exc
    problem = {"": sentence(t(request, exc.detail))}
    return _list(
        request, store, after="", form=EMPTY_FORM, errors=problem, status_code=exc.status_code
    )
