"""Single-use, expiring tokens sent by e-mail, only their SHA-256 digest stored, and the pending
accounts they open: whoever holds the link chooses the password when using it."""

import hashlib
import secrets
from datetime import timedelta

from graph import GraphStore
from talent.accounts.models import Purpose, TokenRecord
from talent.accounts.repository import AccountRepository, TokenRepository
from talent.core.errors import Conflict, InvalidInput, NotFound
from talent.core.ids import new_id, now_ms

# How long a mailed link works, and so how long an unconfirmed account waits for it.
LIFETIME = timedelta(days=2)
LIFETIME_MS = int(LIFETIME.total_seconds() * 1000)
# A password-reset link opens an account that already exists: it lives an hour, not two days.
RESET_LIFETIME_MS = 3600 * 1000
UNKNOWN = "this link is not one we sent"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _record(
    purpose: Purpose, account_id: str, expert_id: str, lifetime_ms: int
) -> tuple[str, TokenRecord]:
    """A fresh token and the record that stores its digest."""
    token = secrets.token_urlsafe(32)
    stamp = clock()
    record = TokenRecord(
        id=new_id(),
        digest=_digest(token),
        purpose=purpose,
        account_id=account_id,
        expert_id=expert_id,
        created_at=stamp,
        expires_at=stamp + lifetime_ms,
    )
    return token, record


def clock() -> int:
    """Now, in ms: the one clock of links and pending accounts (tests move it)."""
    return now_ms()


class Tokens:
    def __init__(self, store: GraphStore) -> None:
        self.repo = TokenRepository(store)
        self.accounts = AccountRepository(store)

    def issue(self, purpose: Purpose, *, account_id: str, expert_id: str) -> str:
        """A new link for a pending account, which now lives as long as the link."""
        token, record = _record(purpose, account_id, expert_id, LIFETIME_MS)
        self.repo.create(record)
        self.accounts.extend_pending(account_id, record.expires_at)
        return token

    def issue_reset(
        self, *, account_id: str, expert_id: str, lifetime_ms: int = RESET_LIFETIME_MS
    ) -> str:
        """A new password-reset link for an open account, working for an hour (an invitation's
        for longer: `lifetime_ms`)."""
        token, record = _record(Purpose.RESET, account_id, expert_id, lifetime_ms)
        self.repo.create(record)
        return token

    def issue_no_reset(self) -> str:
        """What `issue_reset` does, for no account: a token made and the statement that stores
        it run, which finds no account to tie it to and stores nothing. A request for an
        address without an account does the same work as one with, so its answer comes no
        sooner."""
        token, record = _record(Purpose.RESET, new_id(), "", RESET_LIFETIME_MS)
        self.repo.create(record)
        return token

    def reset(self, token: str, password: str) -> TokenRecord:
        """Uses a reset token to set its account's password, in one conditional write; refused
        with nothing changed for a used or expired token or a closed account (`reset_refusal`
        says which). A token of another purpose is unknown here."""
        found = self.repo.find(_digest(token))
        if found is None or found.purpose is not Purpose.RESET:
            raise InvalidInput(UNKNOWN, fields={"token": "unknown"})
        if not self.repo.reset_password(found.digest, clock(), password):
            raise self.reset_refusal(token)
        return found

    def reset_refusal(self, token: str) -> Exception:
        """Why a reset token could not be used (after its use was refused)."""
        found = self.repo.find(_digest(token))
        if found is None:
            return InvalidInput(UNKNOWN, fields={"token": "unknown"})
        if found.used_at is not None:
            return Conflict("this link was already used", fields={"token": "already used"})
        expired = InvalidInput(
            "this link has expired; ask for a new one", fields={"token": "expired"}
        )
        if found.expires_at <= clock():
            return expired
        try:
            active = self.accounts.session(found.account_id).account.active
        except NotFound:
            active = False
        if not active:
            return Conflict("this account is closed", fields={"token": "account closed"})
        # A logout, a new password (by this link's sibling) or a deactivation since it was sent.
        return expired

    def sweep(self) -> None:
        """Deletes unconfirmed accounts whose last link has expired."""
        self.accounts.purge_expired(clock())

    def redeem(self, token: str, password: str) -> tuple[TokenRecord, str]:
        """Uses the token to open its pending account with `password`, in one conditional
        write: refused, with nothing changed, for an unknown or used token, a closed account,
        an address another account holds, a profile with an owner (`refusal` says which).
        The token's record and its account's id."""
        found = self.repo.find(_digest(token))
        # A reset link opens no pending account: sent here, it is not one of ours.
        if found is None or found.purpose is Purpose.RESET:
            raise InvalidInput(UNKNOWN, fields={"token": "unknown"})
        if not self.repo.redeem(found.digest, clock(), password):
            raise self.refusal(token)
        return found, found.account_id

    def refusal(self, token: str) -> Exception:
        """Why the token could not open its account (after its use was refused)."""
        found = self.repo.find(_digest(token))
        if found is None:
            return InvalidInput("this link is not one we sent", fields={"token": "unknown"})
        if found.used_at is not None:
            return Conflict("this link was already used", fields={"token": "already used"})
        now = clock()
        expired = InvalidInput(
            "this link has expired; ask for a new one", fields={"token": "expired"}
        )
        if found.expires_at <= now:
            return expired
        try:
            self._refuse(found, now, expired)
        except (InvalidInput, Conflict) as reason:
            return reason
        return Conflict("this link can no longer be used", fields={"token": "refused"})

    def _refuse(self, found: TokenRecord, now: int, expired: InvalidInput) -> None:
        """Raises why the token's account could not be opened."""
        try:
            standing = self.accounts.standing(found.account_id)
        except NotFound as gone:  # purged after expiry
            raise expired from gone
        if standing.closed_at is not None:
            raise Conflict("this account is closed", fields={"token": "account closed"})
        if standing.pending_email is None:
            # Opened meanwhile by another link mailed for the same registration.
            raise Conflict("this account is already open: log in", fields={"token": "already used"})
        if standing.expires_at is None or standing.expires_at <= now:
            raise expired
        if self.accounts.session(found.account_id).epoch != found.epoch:
            raise expired  # the account's sessions and links were ended since it was sent
        if self.accounts.email_taken(standing.pending_email):
            raise Conflict(
                "an account with this e-mail exists; log in",
                fields={"email": standing.pending_email},
            )
        account = self.accounts.get(found.account_id)
        expert_id = account.expert_id or found.expert_id
        if self.accounts.has_other_owner(expert_id, found.account_id):
            raise Conflict("this profile already has an owner", fields={"expert_id": expert_id})
