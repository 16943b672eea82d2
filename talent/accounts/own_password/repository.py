"""The account's password hash, read and set."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from graph import GraphStore
from graph.queries import accounts as q

_hasher = PasswordHasher()


class OwnPasswords:
    """The password of one's own account, checked and set."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def matches(self, account_id: str, password: str) -> bool:
        rows = self.store.run(q.get(account_id))
        stored = str(rows[0]["account"].get("password_hash") or "") if rows else ""
        try:
            return bool(stored) and _hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False

    def set(self, account_id: str, password: str) -> None:
        self.store.run(q.update(account_id, {"password_hash": _hasher.hash(password)}))
