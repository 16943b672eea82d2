"""Who may do what to each resource: roles, and ownership for experts and programme leads."""

from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel

from api.auth import Principal
from graph import GraphStore
from talent.accounts.models import Role
from talent.accounts.repository import Leadership
from talent.core.errors import Forbidden
from talent.resources.catalog import WORK
from talent.resources.models import RoleCreate, RoleUpdate
from talent.resources.repository import ResourceRepository

# (store, caller, id of an existing resource or None, the submitted item or None) -> allowed
Owner = Callable[[GraphStore, Principal, str | None, BaseModel | None], bool]


@dataclass(frozen=True, slots=True)
class Access:
    """Roles allowed each operation (an admin always is); `owner` admits more callers per
    resource, such as an expert for their own profile."""

    create: frozenset[Role]
    read: frozenset[Role]
    update: frozenset[Role]
    delete: frozenset[Role]
    owner: Owner | None = None
    # The operations `owner` may open up: an expert edits but does not delete their profile
    # (withdrawal anonymises instead).
    owner_operations: frozenset[str] = frozenset({"create", "read", "update", "delete"})

    def check(
        self,
        operation: str,
        store: GraphStore,
        caller: Principal,
        resource_id: str | None = None,
        item: BaseModel | None = None,
    ) -> None:
        roles: frozenset[Role] = getattr(self, operation)
        if caller.role is Role.ADMIN or caller.role in roles:
            return
        if (
            self.owner is not None
            and operation in self.owner_operations
            and self.owner(store, caller, resource_id, item)
        ):
            return
        raise Forbidden(
            f"your role ({caller.role}) may not {operation} this", fields={"role": caller.role}
        )


def own_profile(
    store: GraphStore, caller: Principal, expert_id: str | None, item: BaseModel | None
) -> bool:
    return (
        caller.role is Role.EXPERT
        and expert_id is not None
        and caller.account.expert_id == expert_id
    )


def own_work(
    store: GraphStore, caller: Principal, work_id: str | None, item: BaseModel | None
) -> bool:
    """An expert with a profile adds works, and changes those they are an author of; which
    authors and source they may write is the works service's rule."""
    if caller.role is not Role.EXPERT or not caller.account.expert_id:
        return False
    if work_id is None:
        return True
    current = ResourceRepository(store, WORK).find(work_id)
    return current is None or caller.account.expert_id in current.author_ids


def own_programme(
    store: GraphStore, caller: Principal, programme_id: str | None, item: BaseModel | None
) -> bool:
    if caller.role is not Role.PROGRAMME_LEAD:
        return False
    if programme_id is None:
        return item is not None  # any lead may start a programme; it becomes theirs
    return Leadership(store).leads_programme(caller.id, programme_id)


def own_role(
    store: GraphStore, caller: Principal, role_id: str | None, item: BaseModel | None
) -> bool:
    if caller.role is not Role.PROGRAMME_LEAD:
        return False
    leadership = Leadership(store)
    if role_id is not None and not leadership.leads_role(caller.id, role_id):
        return False
    programme_id = item.programme_id if isinstance(item, RoleCreate | RoleUpdate) else None
    return programme_id is None or leadership.leads_programme(caller.id, programme_id)


STAFF_READ = frozenset({Role.MINISTRY, Role.PROGRAMME_LEAD})
EVERYONE = frozenset(Role)
NOBODY: frozenset[Role] = frozenset()

EXPERTS = Access(
    create=frozenset({Role.MINISTRY}),
    read=STAFF_READ,
    update=frozenset({Role.MINISTRY}),
    delete=NOBODY,
    owner=own_profile,
    owner_operations=frozenset({"read", "update"}),
)
ORGANIZATIONS = Access(
    create=frozenset({Role.MINISTRY}),
    read=EVERYONE,
    update=frozenset({Role.MINISTRY}),
    delete=NOBODY,
)
WORKS = Access(
    create=frozenset({Role.MINISTRY}),
    read=EVERYONE,
    update=frozenset({Role.MINISTRY}),
    delete=NOBODY,
    owner=own_work,
)
PROGRAMMES = Access(
    create=frozenset({Role.MINISTRY}),
    read=STAFF_READ,
    update=NOBODY,
    delete=NOBODY,
    owner=own_programme,
)
ROLES = Access(create=NOBODY, read=STAFF_READ, update=NOBODY, delete=NOBODY, owner=own_role)
VERIFICATION = Access(create=NOBODY, read=NOBODY, update=frozenset({Role.MINISTRY}), delete=NOBODY)
# Withdrawal is the expert's own decision (or an admin's on their behalf).
WITHDRAWAL = Access(
    create=NOBODY,
    read=NOBODY,
    update=NOBODY,
    delete=NOBODY,
    owner=own_profile,
    owner_operations=frozenset({"update"}),
)
