"""Single-use, expiring tokens sent by e-mail; only their SHA-256 digest is stored."""

import hashlib
import secrets
from datetime import timedelta

from graph import GraphStore
from talent.accounts.models import Purpose, TokenRecord
from talent.accounts.repository import TokenRepository
from talent.core.errors import Conflict, InvalidInput
from talent.core.ids import new_id, now_ms

LIFETIME = timedelta(days=2)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Tokens:
    def __init__(self, store: GraphStore) -> None:
        self.repo = TokenRepository(store)

    def issue(self, purpose: Purpose, *, account_id: str, expert_id: str) -> str:
        token = secrets.token_urlsafe(32)
        stamp = now_ms()
        record = TokenRecord(
            id=new_id(),
            digest=_digest(token),
            purpose=purpose,
            account_id=account_id,
            expert_id=expert_id,
            created_at=stamp,
            expires_at=stamp + int(LIFETIME.total_seconds() * 1000),
        )
        self.repo.create(record)
        return token

    def use(self, token: str) -> TokenRecord:
        """The token's record, consumed: a second use is a 409, an unknown or expired one 422."""
        digest = _digest(token)
        used = self.repo.use(digest, now_ms())
        if used is not None:
            return used
        found = self.repo.find(digest)
        if found is not None and found.used_at is not None:
            raise Conflict("this link was already used", fields={"token": "already used"})
        if found is not None:
            raise InvalidInput(
                "this link has expired; ask for a new one", fields={"token": "expired"}
            )
        raise InvalidInput("this link is not one we sent", fields={"token": "unknown"})
