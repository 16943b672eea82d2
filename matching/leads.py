"""What a programme lead's pages read and write about programmes and roles: a programme with its
roles, a role with its skills and organisations named, and roles written from names (skills and
organisations as people type them, never ids). The access policy has admitted the caller."""

from dataclasses import dataclass, field
from typing import Any

from graph import GraphStore
from talent.accounts.models import AccountRead
from talent.registration import lookup
from talent.resources import roles
from talent.resources.catalog import ORGANIZATION, PROGRAMME, ROLE
from talent.resources.mapping import Stored
from talent.resources.models import (
    ProgrammeCreate,
    ProgrammeRead,
    RoleCreate,
    RoleRead,
    RoleUpdate,
)
from talent.resources.programmes import create_programme
from talent.resources.repository import ResourceRepository
from talent.taxonomy.models import Skill
from talent.taxonomy.repository import TaxonomyRepository

# Lists are read in pages of this size until they end.
BATCH = 500


@dataclass(frozen=True, slots=True)
class ProgrammeRoles:
    programme: ProgrammeRead
    roles: list[RoleRead]


@dataclass(frozen=True, slots=True)
class RoleView:
    """A role with what its page names: its programme, its skills, its organisations."""

    role: RoleRead
    programme: ProgrammeRead
    skills: dict[str, Skill] = field(default_factory=dict)
    organizations: dict[str, str] = field(default_factory=dict)


def _all[T: Stored](
    repo: ResourceRepository[Any, T], owner_id: str | None = None, *, parent_id: str | None = None
) -> list[T]:
    """Every item (a lead's own, with `owner_id`; a programme's, with `parent_id`), read a page
    at a time."""
    found: list[T] = []
    after = ""
    while True:
        if parent_id is not None:
            batch = repo.page_held(parent_id, after=after, limit=BATCH)
        elif owner_id is None:
            batch = repo.page(after=after, limit=BATCH)
        else:
            batch = repo.page_owned(owner_id, after=after, limit=BATCH)
        found += batch
        if len(batch) < BATCH:
            return found
        after = batch[-1].id


def programmes_of(store: GraphStore, owner_id: str | None) -> list[ProgrammeRoles]:
    """The programmes a lead leads (every one for `owner_id` None), each with its roles."""
    programmes = _all(ResourceRepository(store, PROGRAMME), owner_id)
    roles = _all(ResourceRepository(store, ROLE), owner_id)
    return [ProgrammeRoles(p, [r for r in roles if r.programme_id == p.id]) for p in programmes]


def programme_roles(store: GraphStore, programme_id: str) -> ProgrammeRoles:
    """One programme (404 if unknown) and its roles."""
    programme = ResourceRepository(store, PROGRAMME).get(programme_id)
    return ProgrammeRoles(programme, _all(ResourceRepository(store, ROLE), parent_id=programme_id))


def new_programme(store: GraphStore, caller: AccountRead, item: ProgrammeCreate) -> ProgrammeRead:
    """Create a programme, led by the lead who creates it."""
    return create_programme(store=store, caller=caller, item=item)


def new_role(store: GraphStore, caller: AccountRead, item: RoleCreate) -> RoleRead:
    """Create a role in a programme the caller may write roles into."""
    return roles.create_role(store=store, caller=caller, item=item)


def change_role(
    store: GraphStore,
    caller: AccountRead,
    role_id: str,
    patch: RoleUpdate,
    *,
    expected: int | None = None,
) -> RoleRead:
    """Apply the editor's changes to a role, validated as a whole, if it is still at the
    version the editor showed (`expected`)."""
    return roles.update_role(
        store=store, caller=caller, resource_id=role_id, patch=patch, expected=expected
    )


def role_view(store: GraphStore, role_id: str) -> RoleView:
    """A role (404 if unknown) with its programme, skills and excluded organisations."""
    role = ResourceRepository(store, ROLE).get(role_id)
    programme = ResourceRepository(store, PROGRAMME).get(role.programme_id)
    taxonomy = TaxonomyRepository(store)
    skills = {r.skill_id: taxonomy.skill(r.skill_id) for r in role.requirements}
    orgs = ResourceRepository(store, ORGANIZATION)
    named = {}
    for org_id in [*role.constraints.exclude_organization_ids, *programme.contractor_ids]:
        found = orgs.find(org_id)
        named[org_id] = found.name if found is not None else org_id
    return RoleView(role, programme, skills, named)


def organizations_named(store: GraphStore, names: list[str]) -> dict[str, str | None]:
    """Each name typed (diacritics and case aside) to the id of the organisation it names, or
    None when none has that name."""
    return lookup.organizations_named(store, names)
