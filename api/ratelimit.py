"""Rate limits on the public endpoints (registration, confirmation, login), with the `limits`
library's moving windows kept in Redis: the embedded server, or the configured one."""

import math
import time
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from limits import RateLimitItem, parse_many, storage, strategies

from api.settings import Settings
from graph.embedded import open_server
from talent.core.errors import TooManyRequests


def storage_uri(settings: Settings) -> str:
    if settings.rate_limit_storage:
        return settings.rate_limit_storage
    if settings.embedded():
        return f"redis+unix://{open_server(settings.data_dir).socket_path}?db=2"
    return "memory://"


class RateLimiter:
    def __init__(self, settings: Settings, *, namespace: str = "talent") -> None:
        self._storage = storage.storage_from_string(storage_uri(settings))
        self._limiter = strategies.MovingWindowRateLimiter(self._storage)
        self.namespace = namespace
        self.rules: dict[str, list[RateLimitItem]] = {
            "login": parse_many(settings.rate_limit_login),
            "register": parse_many(settings.rate_limit_register),
            "confirm": parse_many(settings.rate_limit_confirm),
        }

    def close(self) -> None:
        """Drop the counters' connections: the embedded server stops only when its last
        client has gone."""
        client = getattr(self._storage, "storage", None)
        pool = getattr(client, "connection_pool", None)
        if pool is not None:
            pool.disconnect()

    def hit(self, rule: str, *keys: str) -> None:
        """Count one attempt; 429 with the seconds to wait once any window is full."""
        for item in self.rules[rule]:
            if not self._limiter.hit(item, self.namespace, rule, *keys):
                reset = self._limiter.get_window_stats(item, self.namespace, rule, *keys).reset_time
                wait = max(1, math.ceil(reset - time.time()))
                raise TooManyRequests(
                    f"too many attempts; try again in {wait} s",
                    retry_after=wait,
                    fields={"rate_limit": str(item)},
                )


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _limit(rule: str) -> Callable[[Request], None]:
    def check(request: Request) -> None:
        limiter: RateLimiter = request.app.state.rate_limiter
        limiter.hit(rule, client_address(request))

    return check


RegisterLimit = Annotated[None, Depends(_limit("register"))]
ConfirmLimit = Annotated[None, Depends(_limit("confirm"))]
