"""Accounts in the graph: argon2 password hashes, one role each, an expert account tied to its
profile; which programmes a lead owns; and the digests of e-mailed tokens."""

import hashlib
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from graph import GraphStore
from graph.queries import accounts as q
from graph.queries import entities
from graph.queries import tokens as tq
from graph.store import Row
from talent.accounts.models import (
    AccountCreate,
    AccountRead,
    Purpose,
    Role,
    Standing,
    TokenRecord,
)
from talent.core.errors import (
    Conflict,
    InvalidInput,
    InvalidReference,
    NotFound,
    Unauthorized,
)
from talent.core.ids import new_id, now_ms

_hasher = PasswordHasher()


# Verifying against this when the e-mail is unknown costs the same time as a real check, so the
# answer's timing does not tell which e-mails have accounts.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


def _read(props: Row) -> AccountRead:
    """A pending account shows the address it awaits confirmation of."""
    if props.get("email") is None and props.get("pending_email") is not None:
        props = {**props, "email": props["pending_email"]}
    return AccountRead.model_validate(props)


def _not_found(account_id: str) -> NotFound:
    return NotFound(f"account '{account_id}' does not exist", fields={"id": account_id})


@dataclass(frozen=True, slots=True)
class Session:
    """An account with its session epoch: a login token carries the epoch it was issued at and
    works only while the account's is the same; a logout, a new password or a deactivation
    moves it on (`end_sessions`)."""

    account: AccountRead
    epoch: int


def _session(props: Row) -> Session:
    return Session(_read(props), int(props.get("session_epoch") or 0))


@dataclass(frozen=True, slots=True)
class AwaitingLink:
    account_id: str
    name: str
    purpose: Purpose
    expert_id: str


class AccountRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def create(self, item: AccountCreate, *, active: bool = True) -> AccountRead:
        """A new account, made by an admin (self-registered ones start pending); 409 if an
        account has the e-mail."""
        self.check_new(item, active=active)
        return self.insert(item, active=active)

    def check_new(self, item: AccountCreate, *, active: bool = True) -> None:
        """The account's profile exists and has no other owner (422, 409)."""
        self._check_profile(item, active=active)
        if item.expert_id and active and self.has_other_owner(item.expert_id, ""):
            # One profile, at most one owner account.
            raise Conflict(
                "this profile already has an owner", fields={"expert_id": item.expert_id}
            )

    def insert(self, item: AccountCreate, *, active: bool = True) -> AccountRead:
        """Write the account unless its e-mail has one (409). Its references are checked
        (`check_new`)."""
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
        if not rows:
            raise Conflict("an account with this e-mail exists", fields={"email": email})
        return _read(props)

    def _check_profile(self, item: AccountCreate, *, active: bool) -> None:
        """An expert account names an existing profile; an active one must name one."""
        if item.expert_id:
            if not self.store.run(entities.existing_ids("Expert", [item.expert_id])):
                raise InvalidReference(
                    "the input names things that do not exist",
                    fields={"expert_id": f"no Expert with id '{item.expert_id}'"},
                )
        elif item.role is Role.EXPERT and active:
            raise InvalidInput(
                "an expert account belongs to a profile",
                fields={"expert_id": "required for an expert account"},
            )

    def create_pending(
        self, *, email: str, name: str, expert_id: str | None, expires_at: int | None
    ) -> str:
        """An expert account awaiting its e-mail's confirmation, with no password yet: it holds
        no address (blocks no one) and signs in only once a mailed link opened it. With no
        expiry (a claim an admin has not decided) it lasts until a link is mailed for it.
        Its id."""
        props: dict[str, str | bool | int] = {
            "id": new_id(),
            "pending_email": email.strip().lower(),
            "password_hash": "",
            "role": Role.EXPERT.value,
            "name": name,
            "active": False,
            "created_at": now_ms(),
        }
        if expires_at is not None:
            props["expires_at"] = expires_at
        if expert_id:
            props["expert_id"] = expert_id
        self.store.run(q.create_pending(props))
        return str(props["id"])

    def lock_address(self, email: str) -> None:
        """Holds the address's lock until the transaction ends: of two registrations of one
        address, the second reads what the first wrote. The node keeps a digest, not the
        address: it outlives a withdrawn profile, which erases the address."""
        digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
        self.store.run(q.lock_address(digest))

    def extend_pending(self, account_id: str, until: int) -> None:
        self.store.run(q.extend_pending(account_id, until))

    def awaiting_link(self, email: str, now: int) -> list[AwaitingLink]:
        """The pending accounts of this address whose mailed link may be sent again."""
        rows = self.store.run(q.awaiting_link(email.strip().lower(), now))
        return [
            AwaitingLink(
                account_id=row["account"],
                name=row["name"],
                purpose=Purpose(row["purpose"]),
                expert_id=row["expert"],
            )
            for row in rows
        ]

    def purge_expired(self, now: int) -> None:
        """Deletes the pending accounts whose time ran out."""
        self.store.run(q.purge_expired(now))

    def standing(self, account_id: str) -> Standing:
        rows = self.store.run(q.get(account_id))
        if not rows:
            raise _not_found(account_id)
        return Standing.model_validate(rows[0]["account"])

    def expert_of(self, account_id: str) -> str | None:
        """The profile the account belongs to; None if none (or no such account)."""
        rows = self.store.run(q.get(account_id))
        return _read(rows[0]["account"]).expert_id if rows else None

    def has_other_owner(self, expert_id: str, account_id: str) -> bool:
        """Whether an active account other than `account_id` owns the profile."""
        return bool(self.store.run(q.owners(expert_id, account_id)))

    def email_taken(self, email: str) -> bool:
        """Whether an opened (confirmed or staff) account holds the address; pending ones
        never do."""
        return bool(self.store.run(q.by_email(email.strip().lower())))

    def open_by_email(self, email: str) -> AccountRead | None:
        """The active account holding the address, if any."""
        rows = self.store.run(q.by_email(email.strip().lower()))
        found = _read(rows[0]["account"]) if rows else None
        return found if found is not None and found.active else None

    def get(self, account_id: str) -> AccountRead:
        rows = self.store.run(q.get(account_id))
        if not rows:
            raise _not_found(account_id)
        return _read(rows[0]["account"])

    def session(self, account_id: str) -> Session:
        """The account with its session epoch, as a request checks its token against."""
        rows = self.store.run(q.get(account_id))
        if not rows:
            raise _not_found(account_id)
        return _session(rows[0]["account"])

    def end_sessions(self, account_id: str) -> None:
        """Ends every login token and mailed link the account holds (a logout)."""
        self.store.run(q.end_sessions(account_id))

    def page(self, *, after: str, limit: int) -> list[AccountRead]:
        """Up to `limit` accounts in id order after the id `after`."""
        return [_read(r["account"]) for r in self.store.run(q.page(after=after, limit=limit))]

    def with_roles(self, roles: list[Role], *, limit: int) -> list[AccountRead]:
        """Up to `limit` accounts holding one of `roles`, by name."""
        rows = self.store.run(q.with_roles([r.value for r in roles], limit))
        return [_read(r["account"]) for r in rows]

    def deactivate(self, account_id: str) -> bool:
        """Closed by an admin: no sign-in, its sessions ended (reopening it revives none), and a
        link mailed before cannot open it again or set its password. The last active admin
        stays open (False), checked in the same write, so that two admins closing each other
        at once cannot both succeed."""
        return bool(self.store.run(q.deactivate(account_id, now_ms())))

    def reactivate(self, account_id: str) -> bool:
        """Opened again by an admin, in the same write that checks it may be (`accounts.
        reactivate`); False if not."""
        return bool(self.store.run(q.reactivate(account_id, now_ms())))

    def for_expert(self, expert_id: str) -> list[AccountRead]:
        return [_read(r["account"]) for r in self.store.run(q.for_expert(expert_id))]

    def move_to(self, account_id: str, expert_id: str) -> None:
        """Tie the account to another profile (a merge and its undo move owners along)."""
        self.store.run(q.update(account_id, {"expert_id": expert_id}))

    def withdraw(self, account_id: str) -> None:
        """Closed for good: no sign-in, no e-mail or name left to identify the person."""
        changes: dict[str, str | bool | int | None] = {
            "active": False,
            "email": f"withdrawn-{account_id}@invalid",
            "pending_email": None,
            "name": "withdrawn",
            "password_hash": "",
            "closed_at": now_ms(),
        }
        self.store.run(q.update(account_id, changes))

    def authenticate(self, email: str, password: str) -> Session:
        """The active account with this e-mail and password, with the session epoch its token
        carries; one message for every failure."""
        rows = self.store.run(q.by_email(email.strip().lower()))
        stored = rows[0]["account"] if rows else None
        try:
            _hasher.verify(stored["password_hash"] if stored else _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            stored = None
        if stored is None or not stored.get("active"):
            raise Unauthorized("wrong e-mail or password", fields={"email": email})
        return _session(stored)


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

    def redeem(self, digest: str, now: int, password: str) -> bool:
        """Use the token and open its account with this password; False, with nothing
        changed, unless every condition of `tokens.redeem` held."""
        return bool(self.store.run(tq.redeem(digest, now, _hasher.hash(password))))

    def reset_password(self, digest: str, now: int, password: str) -> bool:
        """Use a reset token and set its account's password; False, with nothing changed,
        unless the token is an unused, unexpired reset token of an active account."""
        return bool(self.store.run(tq.reset_password(digest, now, _hasher.hash(password))))

    def find(self, digest: str) -> TokenRecord | None:
        rows = self.store.run(tq.find(digest))
        return TokenRecord.model_validate(rows[0]["token"]) if rows else None
