"""Logging in, who am I, and accounts (created by an admin)."""

from typing import Annotated

from fastapi import APIRouter, Path, Request, status

from api.auth import CallerDep, issue_token
from api.deps import PRINTABLE, Cursor, GraphDep, Limit, SettingsDep
from api.ratelimit import LoginAddressLimit, RateLimiter, client_address, guarded_login
from talent.accounts import service
from talent.accounts.models import AccountCreate, AccountRead, Login, Token
from talent.accounts.own_password import service as own_password
from talent.accounts.own_password.service import PasswordChange
from talent.accounts.repository import AccountRepository
from talent.core.pagination import Page, decode_cursor

router = APIRouter(tags=["accounts"])
AccountId = Annotated[str, Path(min_length=1, max_length=64, pattern=PRINTABLE)]


@router.post("/auth/login", response_model=Token)
def login(
    store: GraphDep, settings: SettingsDep, body: Login, request: Request, _: LoginAddressLimit
) -> Token:
    """Exchange an e-mail and password for a signed token that expires; attempts per address,
    per address and e-mail, and failures per account from new addresses are rate-limited."""
    limiter: RateLimiter = request.app.state.rate_limiter
    session = guarded_login(
        limiter,
        client_address(request),
        body.email,
        lambda: AccountRepository(store).authenticate(body.email, body.password),
    )
    return Token(
        access_token=issue_token(settings, session),
        expires_in=settings.token_ttl,
        account=session.account,
    )


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(store: GraphDep, caller: CallerDep) -> None:
    """End every session of the caller's account: its tokens and page sessions, wherever they
    were issued, and the links mailed to it, stop working at once."""
    AccountRepository(store).end_sessions(caller.id)


@router.post("/auth/password", response_model=Token)
def change_password(
    store: GraphDep,
    settings: SettingsDep,
    caller: CallerDep,
    body: PasswordChange,
    request: Request,
) -> Token:
    """Change one's own password: the current one (422 if it is not right), and the new one
    (12 characters or more). Every other session and token of the account ends; the answer
    carries the token to go on with. Limited as logins are, per address and e-mail."""
    limiter: RateLimiter = request.app.state.rate_limiter
    limiter.hit("login", client_address(request), caller.account.email)
    session = own_password.change(store=store, account_id=caller.id, item=body, actor=caller.actor)
    return Token(
        access_token=issue_token(settings, session),
        expires_in=settings.token_ttl,
        account=session.account,
    )


@router.get("/auth/me", response_model=AccountRead)
def me(caller: CallerDep) -> AccountRead:
    """The account the token belongs to."""
    return caller.account


@router.post("/accounts", status_code=status.HTTP_201_CREATED, response_model=AccountRead)
def create_account(store: GraphDep, admin: CallerDep, body: AccountCreate) -> AccountRead:
    """Create an account (admins only); 409 if the e-mail has one."""
    return service.create(repo=AccountRepository(store), actor=admin.actor, item=body)


@router.get("/accounts", response_model=Page[AccountRead])
def list_accounts(
    store: GraphDep, _: CallerDep, limit: Limit = 50, cursor: Cursor = None
) -> Page[AccountRead]:
    """Accounts in id order (admins only)."""
    return service.page(repo=AccountRepository(store), after=decode_cursor(cursor), limit=limit)


@router.post("/accounts/{account_id}/deactivate", response_model=AccountRead)
def deactivate(store: GraphDep, admin: CallerDep, account_id: AccountId) -> AccountRead:
    """Stop an account from signing in; its tokens stop working at once, and a link mailed
    before (an unconfirmed registration or claim) can no longer open it."""
    return service.deactivate(
        repo=AccountRepository(store), actor=admin.actor, account_id=account_id
    )


@router.post("/accounts/{account_id}/reactivate", response_model=AccountRead)
def reactivate(store: GraphDep, admin: CallerDep, account_id: AccountId) -> AccountRead:
    """Let a deactivated account sign in again; 409 for one that is open, awaits its e-mail's
    confirmation, was withdrawn, or whose profile another account owns by now."""
    return service.reactivate(
        repo=AccountRepository(store), actor=admin.actor, account_id=account_id
    )
