"""A signed-in person changes their own password: the current one checked, the new one under
the same rules as everywhere (12 to 200 characters), every other session ended (the session
epoch moves on, so each token issued before stops working) and the change audited, all in one
transaction. The caller gets the session to go on with."""

from typing import Annotated

from pydantic import Field, StringConstraints

from graph import GraphStore
from talent.accounts.models import Password
from talent.accounts.own_password.repository import OwnPasswords
from talent.accounts.repository import AccountRepository, Session
from talent.audit.log import Action, Actor, AuditLog
from talent.core.errors import InvalidInput
from talent.core.types import Strict

WRONG = "the current password is not right"
SAME = "the new password is the current one"


class PasswordChange(Strict):
    """The current password, and the new one (12 characters or more)."""

    current_password: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    password: Password = Field(description="the new password; 12 characters or more")


def change(*, store: GraphStore, account_id: str, item: PasswordChange, actor: Actor) -> Session:
    """Set the caller's new password if the current one is right (else 422 on
    `current_password`, nothing changed); every session of the account ends but the one
    returned."""

    def work(tx: GraphStore) -> Session:
        passwords = OwnPasswords(tx)
        accounts = AccountRepository(tx)
        if not passwords.matches(account_id, item.current_password):
            raise InvalidInput(WRONG, fields={"current_password": WRONG})
        if item.password == item.current_password:
            raise InvalidInput(SAME, fields={"password": SAME})
        passwords.set(account_id, item.password)
        accounts.end_sessions(account_id)
        details = {"other_sessions_ended": True, "by_its_holder": True}
        AuditLog(tx).record(actor, Action.PASSWORD_RESET, "account", account_id, details)
        return accounts.session(account_id)

    return store.write(work)
