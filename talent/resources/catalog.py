"""The resources besides experts, each mapped onto its graph node and links."""

from graph.queries import entities
from graph.store import Row
from talent.core.names import fold_name
from talent.resources.groups import groups_in_force
from talent.resources.mapping import LinkField, Reference, Resource
from talent.resources.models import (
    OrganizationCreate,
    OrganizationRead,
    ProgrammeCreate,
    ProgrammeRead,
    RoleCreate,
    RoleRead,
    WorkCreate,
    WorkRead,
)


def _organization_derived(props: Row) -> Row:
    return {"name_folded": fold_name(props["name"])}


def _role_references(role: RoleCreate) -> list[Reference]:
    excluded = role.constraints.exclude_organization_ids
    return [
        ("Organization", org_id, f"constraints.exclude_organization_ids[{i}]")
        for i, org_id in enumerate(excluded)
    ]


# An organisation a registrant named, kept from everyone but its proposer's profile until an
# admin approves it (which removes the property).
PROPOSED_BY = "proposed_by"
ORGANIZATION = Resource(
    "organization",
    entities.ORGANIZATION,
    OrganizationCreate,
    OrganizationRead,
    derived=_organization_derived,
    system=(PROPOSED_BY,),
    withheld_by=PROPOSED_BY,
)


# Where an imported work came from, set when an expert accepts it and kept on every edit.
WORK_PROVENANCE = ("origin", "openalex_id", "orcid_put_code", "imported_at")
WORK = Resource(
    "work",
    entities.WORK,
    WorkCreate,
    WorkRead,
    links=(LinkField("authors", "author_ids"), LinkField("skills", "skill_ids")),
    system=WORK_PROVENANCE,
)


PROGRAMME = Resource(
    "programme",
    entities.PROGRAMME,
    ProgrammeCreate,
    ProgrammeRead,
    links=(LinkField("tech_groups", "tech_group_ids"), LinkField("contractors", "contractor_ids")),
    rules=groups_in_force,
)


ROLE = Resource(
    "role",
    entities.ROLE,
    RoleCreate,
    RoleRead,
    links=(
        LinkField("programme", "programme_id", single=True),
        LinkField("requirements", "requirements", id_field="skill_id"),
    ),
    nested=("constraints",),
    other_references=_role_references,
)
