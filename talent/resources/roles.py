"""Roles: written like any resource, but a programme lead puts a role only into a programme
they lead. Decided on the validated request inside the write's transaction, never on a second
reading of the raw body."""

from graph import GraphStore
from talent.accounts.models import AccountRead, Role
from talent.accounts.repository import Leadership
from talent.audit.log import actor_of
from talent.core.errors import Forbidden
from talent.resources import service
from talent.resources.catalog import ROLE
from talent.resources.models import RoleCreate, RoleRead, RoleUpdate
from talent.resources.repository import ResourceRepository


def _check_programme(tx: GraphStore, caller: AccountRead, programme_id: str | None) -> None:
    """Admins and ministries write roles anywhere the policy lets them; a lead only into a
    programme they lead. Checked in the transaction that writes, so a leadership ended
    meanwhile refuses."""
    if programme_id is None or caller.role is not Role.PROGRAMME_LEAD:
        return
    if not Leadership(tx).leads_programme(caller.id, programme_id):
        raise Forbidden(
            "a role goes only into a programme you lead",
            fields={"programme_id": f"no programme '{programme_id}' among yours"},
        )


def create_role(*, store: GraphStore, caller: AccountRead, item: RoleCreate) -> RoleRead:
    """Create the role in its programme, if the caller may write there."""

    def work(tx: GraphStore) -> RoleRead:
        _check_programme(tx, caller, item.programme_id)
        repo = ResourceRepository(tx, ROLE)
        return service.create(repo=repo, item=item, actor=actor_of(caller))

    return store.write(work)


def update_role(
    *,
    store: GraphStore,
    caller: AccountRead,
    resource_id: str,
    patch: RoleUpdate,
    expected: int | None = None,
) -> RoleRead:
    """Change the role; moving it to another programme needs the caller to lead that one too."""

    def work(tx: GraphStore) -> RoleRead:
        _check_programme(tx, caller, patch.programme_id)
        repo = ResourceRepository(tx, ROLE)
        return service.update(
            repo=repo,
            resource_id=resource_id,
            patch=patch,
            actor=actor_of(caller),
            expected=expected,
        )

    return store.write(work)
