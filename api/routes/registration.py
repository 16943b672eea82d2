"""Self-registration, e-mail confirmation and claims of existing profiles: open to anonymous
callers, rate-limited per address."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request, status

from api.deps import GraphDep, NoticesDep
from api.ratelimit import ConfirmLimit, RateLimiter, RegisterLimit
from api.routes import passwords
from talent.registration.models import (
    ClaimAccepted,
    ClaimCreate,
    Confirmation,
    Confirmed,
    RegistrationAccepted,
    RegistrationCreate,
    ResendRequest,
)
from talent.registration.service import Registrations

# Password resets, open to anonymous callers like registration, are served with it.
router = APIRouter(tags=["registration"])


def registrations(store: GraphDep, notices: NoticesDep, request: Request) -> Registrations:
    return Registrations(store=store, notices=notices, checker=request.app.state.duplicates)


RegistrationsDep = Annotated[Registrations, Depends(registrations)]


AnonymousDep = passwords.AnonymousDep


@router.post(
    "/registrations", status_code=status.HTTP_202_ACCEPTED, response_model=RegistrationAccepted
)
def register(
    service: RegistrationsDep, actor: AnonymousDep, body: RegistrationCreate, _: RegisterLimit
) -> RegistrationAccepted:
    """Register a profile; it stays pending until the e-mailed link is used. The answer is the
    same whatever exists: a registrant whose address an existing profile lists, or an account
    holds, is told so by mail instead (a link to claim that profile, or to log in)."""
    return service.register(body, actor)


@router.post(
    "/registrations/claims", status_code=status.HTTP_202_ACCEPTED, response_model=ClaimAccepted
)
def claim(
    service: RegistrationsDep, actor: AnonymousDep, body: ClaimCreate, _: RegisterLimit
) -> ClaimAccepted:
    """Take over an existing profile: a link goes to an e-mail the profile lists, or an admin
    decides. The answer is the same whatever the profile and the address; the mail says which."""
    return service.claim(body, actor)


@router.post(
    "/registrations/resend",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=RegistrationAccepted,
)
def resend(
    service: RegistrationsDep,
    actor: AnonymousDep,
    body: ResendRequest,
    request: Request,
    _: RegisterLimit,
) -> RegistrationAccepted:
    """Mail a fresh link for this address's unconfirmed registration or claim (a lost or
    expired mail). The same answer whatever exists; limited per address and per e-mail."""
    limiter: RateLimiter = request.app.state.rate_limiter
    limiter.hit("resend", str(body.email).lower())
    return service.resend(body, actor)


@router.post("/registrations/confirm", response_model=Confirmed)
def confirm(
    service: RegistrationsDep, actor: AnonymousDep, body: Confirmation, _: ConfirmLimit
) -> Confirmed:
    """Use an e-mailed link's token once, choosing the account's password: the account opens
    and the profile becomes active. Refused (409) for a closed account, an address another
    account holds, or a profile that already has an owner."""
    return service.confirm(body, actor)


router.include_router(passwords.router)
