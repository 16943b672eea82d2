"""Self-registration, e-mail confirmation and claims of existing profiles: open to anonymous
callers, rate-limited per address."""

from typing import Any

from fastapi import APIRouter, Request, status

from api.deps import GraphDep, SettingsDep
from api.ratelimit import ConfirmLimit, RegisterLimit, client_address
from talent.audit.log import ANONYMOUS_ROLE, Actor
from talent.registration.service import (
    ClaimAccepted,
    ClaimCreate,
    Confirmation,
    Confirmed,
    RegistrationAccepted,
    RegistrationCreate,
    Registrations,
)

router = APIRouter(prefix="/registrations", tags=["registration"])


def registrations(store: GraphDep, settings: SettingsDep, request: Request) -> Registrations:
    return Registrations(
        store=store,
        mailer=request.app.state.mailer,
        checker=request.app.state.duplicates,
        public_url=settings.public_url.rstrip("/"),
    )


def _anonymous(request: Request) -> Actor:
    return Actor(id=f"address:{client_address(request)}", role=ANONYMOUS_ROLE)


@router.post("", status_code=status.HTTP_202_ACCEPTED, response_model=RegistrationAccepted)
def register(
    store: GraphDep,
    settings: SettingsDep,
    request: Request,
    body: RegistrationCreate,
    _: RegisterLimit,
) -> Any:
    """Register a profile; it stays pending until the e-mailed link is used. A likely
    duplicate gets 409 with `duplicates` to claim instead."""
    return registrations(store, settings, request).register(body, _anonymous(request))


@router.post("/claims", status_code=status.HTTP_202_ACCEPTED, response_model=ClaimAccepted)
def claim(
    store: GraphDep,
    settings: SettingsDep,
    request: Request,
    body: ClaimCreate,
    _: RegisterLimit,
) -> Any:
    """Take over an existing profile: a link goes to an e-mail the profile lists, or an admin
    decides."""
    return registrations(store, settings, request).claim(body, _anonymous(request))


@router.post("/confirm", response_model=Confirmed)
def confirm(
    store: GraphDep,
    settings: SettingsDep,
    request: Request,
    body: Confirmation,
    _: ConfirmLimit,
) -> Any:
    """Use an e-mailed link's token once: the account opens and the profile becomes active."""
    return registrations(store, settings, request).confirm(body, _anonymous(request))
