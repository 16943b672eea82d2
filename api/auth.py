"""Login tokens (signed, expiring JWTs) and the request dependencies that read the caller;
what each caller may do is the access policy's (api/policy.py)."""

import os
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated

import jwt
from fastapi import Depends, Request

from api.settings import Settings
from talent.accounts.models import AccountRead, Role
from talent.accounts.repository import AccountRepository, Session
from talent.audit.log import Actor
from talent.core.errors import NotFound, Unauthorized

ALGORITHM = "HS256"
# The web pages' login token (api/web/session.py); the JSON API reads only the header.
SESSION_COOKIE = "talent_session"


@cache
def _key_from_file(path: Path) -> str:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Created readable by the owner only, before the key is written into it.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def signing_key(settings: Settings) -> str:
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value()
    return _key_from_file(settings.data_dir.resolve() / "secret.key")


def issue_token(settings: Settings, session: Session) -> str:
    """A login token that works until it expires or the account's sessions end (`epoch`)."""
    now = int(time.time())
    claims = {
        "sub": session.account.id,
        "role": session.account.role.value,
        "epoch": session.epoch,
        "iat": now,
        "exp": now + settings.token_ttl,
    }
    return jwt.encode(claims, signing_key(settings), algorithm=ALGORITHM)


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: their account, read fresh so that a deactivation or a logout takes effect
    at once."""

    account: AccountRead

    @property
    def id(self) -> str:
        return self.account.id

    @property
    def role(self) -> Role:
        return self.account.role

    @property
    def actor(self) -> Actor:
        return Actor(id=self.account.id, role=self.account.role.value)


_UNREAD = object()


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if not header:
        return None
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("expected 'Authorization: Bearer <token>'", fields={"authorization": ""})
    return token.strip()


def optional_principal(request: Request) -> Principal | None:
    """The caller, read once per request (the policy check and the route share it)."""
    cached = getattr(request.state, "principal", _UNREAD)
    if cached is None or isinstance(cached, Principal):
        return cached
    principal = _read_principal(request)
    request.state.principal = principal
    return principal


def _read_principal(request: Request) -> Principal | None:
    token = _bearer(request)
    if token is None and not request.url.path.startswith("/api/"):
        token = request.cookies.get(SESSION_COOKIE)
    if token is None:
        return None
    settings: Settings = request.app.state.settings
    try:
        claims: Mapping[str, object] = jwt.decode(
            token,
            signing_key(settings),
            algorithms=[ALGORITHM],
            options={"require": ["sub", "exp"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise Unauthorized(
            "the token has expired; log in again", fields={"authorization": ""}
        ) from exc
    except jwt.InvalidTokenError as exc:
        raise Unauthorized("the token is not valid", fields={"authorization": ""}) from exc
    try:
        session = AccountRepository(request.app.state.store).session(str(claims["sub"]))
    except NotFound as exc:
        raise Unauthorized(
            "the token's account no longer exists", fields={"authorization": ""}
        ) from exc
    if not session.account.active:
        raise Unauthorized("the account is deactivated", fields={"authorization": ""})
    # A logout, a new password or a deactivation since the token was issued ended it (a token
    # from before sessions had epochs, none).
    if claims.get("epoch") != session.epoch:
        raise Unauthorized("the session has ended; log in again", fields={"authorization": ""})
    return Principal(session.account)


def current_principal(
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> Principal:
    if principal is None:
        raise Unauthorized("log in first: this needs 'Authorization: Bearer <token>'")
    return principal


CallerDep = Annotated[Principal, Depends(current_principal)]
