"""Single-use, expiring tokens sent by e-mail; only their SHA-256 digest is stored."""

import hashlib
import secrets
from datetime import timedelta
from enum import StrEnum
from typing import Any

from graph import GraphStore
from graph.queries import tokens as q
from talent.core.errors import Conflict, InvalidInput
from talent.core.ids import new_id, now_ms

LIFETIME = timedelta(days=2)


class Purpose(StrEnum):
    CONFIRM = "confirm"  # a registration's e-mail address
    CLAIM = "claim"  # an existing profile, by a new account


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Tokens:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def issue(self, purpose: Purpose, *, account_id: str, expert_id: str) -> str:
        token = secrets.token_urlsafe(32)
        stamp = now_ms()
        props = {
            "id": new_id(),
            "digest": _digest(token),
            "purpose": purpose.value,
            "account_id": account_id,
            "expert_id": expert_id,
            "created_at": stamp,
            "expires_at": stamp + int(LIFETIME.total_seconds() * 1000),
        }
        self.store.run(q.create(props))
        return token

    def use(self, token: str) -> dict[str, Any]:
        """The token's record, consumed: a second use is a 409, an unknown or expired one 422."""
        digest = _digest(token)
        rows = self.store.run(q.use(digest, now_ms()))
        if rows:
            return dict(rows[0]["token"])
        found = self.store.run(q.find(digest))
        if found and found[0]["token"].get("used_at") is not None:
            raise Conflict("this link was already used", fields={"token": "already used"})
        if found:
            raise InvalidInput(
                "this link has expired; ask for a new one", fields={"token": "expired"}
            )
        raise InvalidInput("this link is not one we sent", fields={"token": "unknown"})
