"""Accounts in the graph: argon2 password hashes, one role each, an expert account tied to its
profile; and which programmes a lead owns."""

from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from graph import GraphStore
from graph.queries import accounts as q
from talent.accounts.models import AccountCreate, AccountRead
from talent.core.errors import Conflict, NotFound, Unauthorized
from talent.core.ids import new_id, now_ms

_hasher = PasswordHasher()


# Verifying against this when the e-mail is unknown costs the same time as a real check, so the
# answer's timing does not tell which e-mails have accounts.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


def _read(props: dict[str, Any]) -> AccountRead:
    return AccountRead.model_validate(props)


class AccountRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def create(self, item: AccountCreate, *, active: bool = True) -> AccountRead:
        """A new account; a self-registered one starts inactive until its e-mail is confirmed."""
        props: dict[str, Any] = {
            "id": new_id(),
            "email": str(item.email).lower(),
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
            raise Conflict("an account with this e-mail exists", fields={"email": props["email"]})
        return _read(rows[0]["account"])

    def email_taken(self, email: str) -> bool:
        return bool(self.store.run(q.by_email(email.strip().lower())))

    def get(self, account_id: str) -> AccountRead:
        rows = self.store.run(q.get(account_id))
        if not rows:
            raise NotFound(f"account '{account_id}' does not exist", fields={"id": account_id})
        return _read(rows[0]["account"])

    def page(self, *, after: str, limit: int) -> list[AccountRead]:
        return [_read(r["account"]) for r in self.store.run(q.page(after=after, limit=limit))]

    def set_active(self, account_id: str, active: bool) -> AccountRead:
        return self.update(account_id, active=active)

    def for_expert(self, expert_id: str) -> list[AccountRead]:
        return [_read(r["account"]) for r in self.store.run(q.for_expert(expert_id))]

    def update(self, account_id: str, **changes: Any) -> AccountRead:
        rows = self.store.run(q.update(account_id, changes))
        if not rows:
            raise NotFound(f"account '{account_id}' does not exist", fields={"id": account_id})
        return _read(rows[0]["account"])

    def withdraw(self, account_id: str) -> AccountRead:
        """Closed for good: no sign-in, no e-mail or name left to identify the person."""
        return self.update(
            account_id,
            active=False,
            email=f"withdrawn-{account_id}@invalid",
            name="withdrawn",
            password_hash="",
        )

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
