"""Forgotten passwords: a mailed single-use link sets a new one. Open to anonymous callers,
rate-limited per address and per e-mail, with one answer whatever exists."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request, status

from api.deps import GraphDep, NoticesDep
from api.ratelimit import ConfirmLimit, RateLimiter, RegisterLimit, client_address
from talent.accounts.models import PasswordChanged, PasswordForgot, PasswordReset, ResetRequested
from talent.accounts.passwords import PasswordResets
from talent.audit.log import ANONYMOUS_ROLE, Actor

# Served within registration's router (api/routes/registration.py).
router = APIRouter(prefix="/password")


def anonymous(request: Request) -> Actor:
    """The caller, known only by address."""
    return Actor(id=f"address:{client_address(request)}", role=ANONYMOUS_ROLE)


AnonymousDep = Annotated[Actor, Depends(anonymous)]


def resets(store: GraphDep, notices: NoticesDep) -> PasswordResets:
    return PasswordResets(store=store, notices=notices)


ResetsDep = Annotated[PasswordResets, Depends(resets)]


@router.post("/forgot", status_code=status.HTTP_202_ACCEPTED, response_model=ResetRequested)
def forgot(
    service: ResetsDep,
    actor: AnonymousDep,
    body: PasswordForgot,
    request: Request,
    _: RegisterLimit,
) -> ResetRequested:
    """Mail a link that sets a new password, if an open account holds this address. The same
    answer whatever exists; limited per address, and in mails per e-mail (past that limit the
    same answer, and no mail)."""
    limiter: RateLimiter = request.app.state.rate_limiter
    may_mail = limiter.count("reset_mail", str(body.email).lower())
    return service.forgot(body, actor, may_mail=may_mail)


@router.post("/reset", response_model=PasswordChanged)
def reset(
    service: ResetsDep, actor: AnonymousDep, body: PasswordReset, _: ConfirmLimit
) -> PasswordChanged:
    """Use a mailed reset link's token once, setting the account's new password. A used link
    gets 409, an expired or unknown one 422."""
    return service.reset(body, actor)
