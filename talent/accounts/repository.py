"""Accounts in the graph: argon2 password hashes, one role each, an expert account tied to its
profile; which programmes a lead owns; and the digests of e-mailed tokens."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from graph import GraphStore
from graph.queries import accounts as q
from graph.queries import tokens as tq
from graph.store import Row
from talent.accounts.models import AccountCreate, AccountRead, TokenRecord
from talent.core.errors import Conflict, NotFound, Unauthorized
from talent.core.ids import new_id, now_ms

_hasher = PasswordHasher()


# Verifying against this when the e-mail is unknown costs the same time as a real check, so the
# answer's timing does not tell which e-mails have accounts.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


def _read(props: Row) -> AccountRead:
    return AccountRead.model_validate(props)


def _not_found(account_id: str) -> NotFound:
    return NotFound(f"account '{account_id}' does not exist", fields={"id": account_id})


class AccountRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def create(self, item: AccountCreate, *, active: bool = True) -> AccountRead:
        """A new account; a self-registered one starts inactive until its e-mail is confirmed."""
        email = str(item.email).lower()
        props: dict[str, str | bool | int] = {
            "id": new_id(),
            "email": email,
            "password_hash": _hasher.hash(item.password),
            "role": item.role.value,
            "name": item.name,
            "active": active,
            "created_at": now_ms(),
        }
        if item.expert_id:
            props["expert_id"] = item.expert_id
        rows = self.store.run(q.create(props))
        if not rows or not rows[0]["created"]:
            raise Conflict("an account with this e-mail exists", fields={"email": email})
        return _read(rows[0]["account"])

    def email_taken(self, email: str) -> bool:
        return bool(self.store.run(q.by_email(email.strip().lower())))

    def get(self, account_id: str) -> AccountRead:
        rows = self.store.run(q.get(account_id))
        if not rows:
            raise _not_found(account_id)
        return _read(rows[0]["account"])

    def page(self, *, after: str, limit: int) -> list[AccountRead]:
        """Up to `limit` accounts in id order after the id `after`."""
        return [_read(r["account"]) for r in self.store.run(q.page(after=after, limit=limit))]

    def set_active(self, account_id: str, active: bool) -> AccountRead:
        return self.update(account_id, active=active)

    def for_expert(self, expert_id: str) -> list[AccountRead]:
        return [_read(r["account"]) for r in self.store.run(q.for_expert(expert_id))]

    def update(
        self, account_id: str, *, active: bool | None = None, expert_id: str | None = None
    ) -> AccountRead:
        """Open or close the account, or tie it to a profile; what is not given stays."""
        changes: dict[str, str | bool] = {}
        if active is not None:
            changes["active"] = active
        if expert_id is not None:
            changes["expert_id"] = expert_id
        return self._write(account_id, changes)

    def withdraw(self, account_id: str) -> AccountRead:
        """Closed for good: no sign-in, no e-mail or name left to identify the person."""
        changes: dict[str, str | bool] = {
            "active": False,
            "email": f"withdrawn-{account_id}@invalid",
            "name": "withdrawn",
            "password_hash": "",
        }
        return self._write(account_id, changes)

    def _write(self, account_id: str, changes: dict[str, str | bool]) -> AccountRead:
        rows = self.store.run(q.update(account_id, changes))
        if not rows:
            raise _not_found(account_id)
        return _read(rows[0]["account"])

    def authenticate(self, email: str, password: str) -> AccountRead:
        """The active account with this e-mail and password; one message for every failure."""
        rows = self.store.run(q.by_email(email.strip().lower()))
        stored = rows[0]["account"] if rows else None
        try:
            _hasher.verify(stored["password_hash"] if stored else _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            stored = None
        if stored is None or not stored.get("active"):
            raise Unauthorized("wrong e-mail or password", fields={"email": email})
        return _read(stored)


class Leadership:
    """Which programmes a lead owns: theirs to change, with their roles and matches."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def record(self, account_id: str, programme_id: str) -> None:
        self.store.run(q.lead(account_id, programme_id))

    def leads_programme(self, account_id: str, programme_id: str) -> bool:
        return bool(self.store.run(q.leads_programme(account_id, programme_id)))

    def leads_role(self, account_id: str, role_id: str) -> bool:
        return bool(self.store.run(q.leads_role(account_id, role_id)))


class TokenRepository:
    """E-mailed tokens by digest; a token is used at most once, before it expires."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def create(self, token: TokenRecord) -> None:
        self.store.run(tq.create(token.model_dump(mode="json", exclude_none=True)))

    def use(self, digest: str, now: int) -> TokenRecord | None:
        """The token, now marked used; None unless it was unused and unexpired."""
        rows = self.store.run(tq.use(digest, now))
        return TokenRecord.model_validate(rows[0]["token"]) if rows else None

    def find(self, digest: str) -> TokenRecord | None:
        rows = self.store.run(tq.find(digest))
        return TokenRecord.model_validate(rows[0]["token"]) if rows else None
