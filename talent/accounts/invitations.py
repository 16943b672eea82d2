"""Staff invited by mail: an admin names the person, their address and role; the account is
made with no password anyone knows, and a link that sets the first one is mailed through the
outbox (the password-reset machinery: one link, used once). The admin never types or passes
on a password."""

import secrets

from graph import GraphStore
from graph.errors import GraphConflict
from talent.accounts.models import AccountCreate, AccountRead
from talent.accounts.notices import Notices
from talent.accounts.repository import AccountRepository
from talent.audit.changes import mask
from talent.audit.log import Action, Actor, AuditLog
from talent.core.errors import Conflict


def unusable_password() -> str:
    """A password nobody is told and nobody can guess: the account opens only by its link."""
    return secrets.token_urlsafe(48)


def invite(
    *, store: GraphStore, notices: Notices, actor: Actor, item: AccountCreate
) -> AccountRead:
    """The account (409 if the address has one), its audit event and the invitation mail, in one
    transaction; the mail handed to the workers once it has landed. `item`'s password is
    replaced by one nobody knows."""
    item = item.model_copy(update={"password": unusable_password()})

    def work(tx: GraphStore) -> tuple[AccountRead, Notices]:
        created = AccountRepository(tx).create(item)
        details = {
            "email": mask(created.email),
            "role": created.role.value,
            "name": created.name,
            "expert_id": item.expert_id,
            "invited": True,
        }
        AuditLog(tx).record(actor, Action.ACCOUNT_CREATE, "account", created.id, details)
        letters = notices.within(tx, to_requester=False)
        letters.staff_invitation(
            email=created.email, name=created.name, account_id=created.id, role=created.role.value
        )
        return created, letters

    try:
        created, letters = store.write(work)
    except GraphConflict:
        email = str(item.email).lower()
        raise Conflict("an account with this e-mail exists", fields={"email": email}) from None
    letters.post()
    return created
