"""Rate limits on the public endpoints (registration, confirmation, login), with the `limits`
library's moving windows kept in Redis: the configured one, or the data folder's embedded Redis."""

import contextlib
import math
import time
from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from limits import RateLimitItem, parse, parse_many, storage, strategies
from limits.errors import StorageError

from api.broker_server import open_server
from api.settings import Settings
from talent.core.errors import ServiceUnavailable, TooManyRequests, Unauthorized


def storage_uri(settings: Settings) -> str:
    if settings.rate_limit_storage:
        return settings.rate_limit_storage
    if settings.embedded_broker():
        return open_server(settings.data_dir).limits_url(db=2)
    return "memory://"


@contextlib.contextmanager
def _store_errors() -> Iterator[None]:
    """A counters' store that cannot be reached (a Redis that is down) as a 503: an attempt
    that cannot be counted is refused, at once."""
    try:
        yield
    except StorageError as exc:
        raise ServiceUnavailable(
            "the rate limits' store cannot be reached; retry later"
        ) from exc.storage_error


class RateLimiter:
    def __init__(self, settings: Settings, *, namespace: str = "talent") -> None:
        # The store's own errors (a Redis that is down) as StorageError, whatever the store.
        self._storage = storage.storage_from_string(storage_uri(settings), wrap_exceptions=True)
        self._limiter = strategies.MovingWindowRateLimiter(self._storage)
        self.namespace = namespace
        self.rules: dict[str, list[RateLimitItem]] = {
            "login": parse_many(settings.rate_limit_login),
            "login_address": parse_many(settings.rate_limit_login_address),
            "register": parse_many(settings.rate_limit_register),
            "confirm": parse_many(settings.rate_limit_confirm),
            "resend": parse_many(settings.rate_limit_resend),
            "login_account": parse_many(settings.rate_limit_login_account),
            "login_known": [KNOWN_FOR],
            "reset_mail": parse_many(settings.rate_limit_reset_mail),
            "suggest": parse_many(settings.rate_limit_suggest),
        }

    def close(self) -> None:
        """Drop the counters' connections: the embedded Redis stops only when its last
        client has gone."""
        client = getattr(self._storage, "storage", None)
        pool = getattr(client, "connection_pool", None)
        if pool is not None:
            pool.disconnect()

    def hit(self, rule: str, *keys: str) -> None:
        """Count one attempt; 429 with the seconds to wait once any window is full, 503 while
        the counters' store cannot be reached (an attempt that cannot be counted is refused)."""
        with _store_errors():
            self._hit(rule, *keys)

    def _hit(self, rule: str, *keys: str) -> None:
        for item in self.rules[rule]:
            if not self._limiter.hit(item, self.namespace, rule, *keys):
                reset = self._limiter.get_window_stats(item, self.namespace, rule, *keys).reset_time
                wait = max(1, math.ceil(reset - time.time()))
                raise TooManyRequests(
                    f"too many attempts; try again in {wait} s",
                    retry_after=wait,
                    fields={"rate_limit": str(item)},
                )

    # Each caller of these two counts the same request with `hit` first, which answers a store
    # that cannot be reached.
    def full(self, rule: str, *keys: str) -> bool:
        """Whether one more attempt would be refused (a window is full), counting none."""
        with _store_errors():
            return not all(
                self._limiter.test(item, self.namespace, rule, *keys) for item in self.rules[rule]
            )

    def count(self, rule: str, *keys: str) -> bool:
        """Count one attempt in every window with room, refusing nothing; whether all had."""
        with _store_errors():
            counted = [
                self._limiter.hit(item, self.namespace, rule, *keys) for item in self.rules[rule]
            ]
        return all(counted)


# An address the account signed in from within this long is its own: a one-slot window.
KNOWN_FOR = parse("1/30 days")


def guarded_login[T](limiter: RateLimiter, address: str, email: str, check: Callable[[], T]) -> T:
    """Runs the password `check` of a login under the limits per address and e-mail and per
    account (the e-mail, whether or not an account has it).

    Per account, failures are throttled, never used to lock the account (OWASP's
    authentication and credential-stuffing guidance): once `login_account` failures fill a
    window, a guess from an address the account has not signed in from lately is refused (429)
    before its password is even checked, so that spreading guesses over many addresses gains
    nothing; yet from an address where the account signed in within `KNOWN_FOR`, its owner
    still signs in, with only the per-address-and-e-mail limit, which another address cannot
    fill. A person on a new address under such an attack waits or resets the password (its
    mail has its own limit); an attacker cannot lock them out of the address they use."""
    account = email.strip().lower()
    limiter.hit("login", address, account)
    known = limiter.full("login_known", account, address)
    if not known and limiter.full("login_account", account):
        limiter.hit("login_account", account)  # full: raises the 429 with its wait
    try:
        result = check()
    except Unauthorized:
        if not known:
            limiter.count("login_account", account)
        raise
    limiter.count("login_known", account, address)
    return result


def client_address(request: Request) -> str:
    """The caller's address: the connection's peer, or, behind a proxy of
    TALENT_TRUSTED_PROXIES, the client its X-Forwarded-For names (uvicorn's proxy headers,
    as `talent serve` runs it: the rightmost address that is not a trusted proxy)."""
    return request.client.host if request.client else "unknown"


class AddressLimit:
    """A dependency counting one attempt of the caller's address under a rule; the OpenAPI
    schema documents 429 on the routes that depend on one."""

    def __init__(self, rule: str) -> None:
        self.rule = rule

    def __call__(self, request: Request) -> None:
        limiter: RateLimiter = request.app.state.rate_limiter
        limiter.hit(self.rule, client_address(request))


RegisterLimit = Annotated[None, Depends(AddressLimit("register"))]
ConfirmLimit = Annotated[None, Depends(AddressLimit("confirm"))]
# The type-ahead: a request per keystroke, open to anyone.
SuggestLimit = Annotated[None, Depends(AddressLimit("suggest"))]
# Login is also limited per address and e-mail, in the route that reads the e-mail.
LoginAddressLimit = Annotated[None, Depends(AddressLimit("login_address"))]
