"""What a programme lead's pages read and write about programmes and roles: a programme with its
roles, a role with its skills and organisations named, and roles written from names (skills and
organisations as people type them, never ids). The access policy has admitted the caller."""

from dataclasses import dataclass, field
from typing import Any, Literal

from graph import GraphStore
from matching.profiles import FeatureWeights, WeightOverride, profile_for
from talent.accounts.models import AccountRead
from talent.audit.log import actor_of
from talent.core.errors import Conflict
from talent.registration import lookup
from talent.resources import roles, service
from talent.resources.catalog import ORGANIZATION, PROGRAMME, ROLE
from talent.resources.mapping import Stored
from talent.resources.models import (
    ProgrammeCreate,
    ProgrammeRead,
    ProgrammeUpdate,
    RoleCreate,
    RoleRead,
    RoleUpdate,
)
from talent.resources.programmes import create_programme
from talent.resources.repository import ResourceRepository
from talent.taxonomy.models import Skill, TechGroup
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


@dataclass(frozen=True, slots=True)
class ProgrammeView:
    """A programme with what its page names: its roles, the technology groups it targets (in
    their order; an id no group has any more is left out) and its contractors by name."""

    programme: ProgrammeRead
    roles: list[RoleRead]
    groups: list[TechGroup] = field(default_factory=list)
    contractors: dict[str, str] = field(default_factory=dict)


def programme_view(store: GraphStore, programme_id: str) -> ProgrammeView:
    """One programme (404 if unknown) with its roles, groups and contractors."""
    found = programme_roles(store, programme_id)
    targeted = set(found.programme.tech_group_ids)
    every = TaxonomyRepository(store).groups(None)
    groups = sorted((g for g in every if g.id in targeted), key=lambda g: (g.version, g.no))
    orgs = ResourceRepository(store, ORGANIZATION)
    named = {}
    for org_id in found.programme.contractor_ids:
        org = orgs.find(org_id)
        named[org_id] = org.name if org is not None else org_id
    return ProgrammeView(found.programme, found.roles, groups, named)


def change_programme(
    store: GraphStore,
    caller: AccountRead,
    programme_id: str,
    patch: ProgrammeUpdate,
    *,
    expected: int | None = None,
) -> ProgrammeRead:
    """Apply a change to a programme, validated as a whole (groups in force, contractors that
    exist), if it is still at the version the page showed (`expected`)."""
    repo = ResourceRepository(store, PROGRAMME)
    return service.update(
        repo=repo,
        resource_id=programme_id,
        patch=patch,
        actor=actor_of(caller),
        expected=expected,
    )


Deletable = Literal["programme", "role"]


def _resource_of(kind: Deletable) -> Any:
    return PROGRAMME if kind == "programme" else ROLE


def owned(store: GraphStore, kind: Deletable, resource_id: str) -> dict[str, int]:
    """What deleting the programme or role would take with it (404 if unknown): roles, match
    runs, candidates, decisions; those present only."""
    repo = ResourceRepository(store, _resource_of(kind))
    repo.get(resource_id)
    return repo.owned_counts(resource_id)


class OwnedChanged(Conflict):
    """What a delete would take with it is no longer what the person confirmed."""


def delete(
    store: GraphStore,
    caller: AccountRead,
    kind: Deletable,
    resource_id: str,
    *,
    confirmed: dict[str, int],
    cascade: bool,
) -> None:
    """Delete the programme or role if what it owns is still what was `confirmed` (else
    OwnedChanged, nothing deleted); what it owns goes with it only with `cascade` (else the
    service's Conflict). One transaction, audited."""

    def work(tx: GraphStore) -> None:
        repo = ResourceRepository(tx, _resource_of(kind))
        repo.get(resource_id)
        now = repo.owned_counts(resource_id)
        if now != confirmed:
            raise OwnedChanged(
                f"this {kind} now owns other things than were confirmed",
                fields={"cascade": ", ".join(f"{k}: {n}" for k, n in now.items())},
            )
        service.delete(repo=repo, resource_id=resource_id, actor=actor_of(caller), cascade=cascade)

    store.write(work)


def preset_weights(kind: str) -> tuple[FeatureWeights, float]:
    """The weights and depth a role of this kind is matched with unless a run overrides them."""
    profile = profile_for(kind)
    return profile.weights, profile.depth


def weights_override(kind: str, typed: dict[str, float]) -> WeightOverride | None:
    """The override of the kind's preset for `typed` (the values that differ only; None when
    none does); InvalidInput when no weight above 0 would be left."""
    weights, depth = preset_weights(kind)
    preset = {**weights.model_dump(), "depth": depth}
    changed = {name: v for name, v in typed.items() if abs(v - preset[name]) > 1e-9}
    if not changed:
        return None
    override = WeightOverride.model_validate(changed)
    profile_for(kind, override)
    return override
