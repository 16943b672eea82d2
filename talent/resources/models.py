"""Organisations, works, programmes and roles as clients write and read them."""

from enum import StrEnum
from typing import Annotated, Self

from pydantic import (
    Field,
    StringConstraints,
    model_validator,
)

from talent.core.types import (
    Country,
    Doi,
    EngagementMode,
    Key,
    Language,
    Level,
    LongText,
    Name,
    Residency,
    RorId,
    ShortText,
    Source,
    Strict,
    Weight,
    Year,
    unique,
)


class OrganizationKind(StrEnum):
    UNIVERSITY = "university"
    INSTITUTE = "institute"
    COMPANY = "company"
    AGENCY = "agency"
    OTHER = "other"


class OrganizationCreate(Strict):
    name: Name
    kind: OrganizationKind = OrganizationKind.OTHER
    country: Country
    ror_id: RorId | None = None
    website: Annotated[str, StringConstraints(max_length=300)] | None = None


class OrganizationRead(OrganizationCreate):
    id: str
    name_folded: str
    proposed_by: str | None = Field(
        default=None,
        description="the profile whose registration proposed it, until an admin approves it",
    )
    created_at: int
    updated_at: int
    # Counts the node's changes: what `If-Match` and a form's hidden field name.
    version: int = 0


class WorkKind(StrEnum):
    PUBLICATION = "publication"
    PATENT = "patent"
    PROJECT = "project"
    SYSTEM = "system"
    STANDARD = "standard"


class WorkCreate(Strict):
    kind: WorkKind = WorkKind.PUBLICATION
    title: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    abstract: LongText = ""
    year: Year | None = None
    doi: Doi | None = None
    venue: ShortText = ""
    author_ids: list[Key] = Field(default_factory=list, max_length=200)
    skill_ids: list[Key] = Field(default_factory=list, max_length=50)
    source: Source = Source.SELF_DECLARED

    @model_validator(mode="after")
    def _no_repeats(self) -> Self:
        unique(self.author_ids, "author_ids")
        unique(self.skill_ids, "skill_ids")
        return self


class WorkRead(WorkCreate):
    id: str
    created_at: int
    updated_at: int
    # Provenance of an imported work, kept by the service: nobody writes it through the API.
    origin: str | None = Field(
        default=None, description="where an import found it: orcid, openalex, crossref, bibtex, ris"
    )
    openalex_id: str | None = None
    orcid_put_code: str | None = None
    imported_at: int | None = Field(default=None, description="when it was imported (ms)")
    # Counts the node's changes: what `If-Match` and a form's hidden field name.
    version: int = 0


class ProgrammeStatus(StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    CLOSED = "closed"


class ProgrammeCreate(Strict):
    name: Name
    description: LongText = ""
    status: ProgrammeStatus = ProgrammeStatus.PLANNED
    tech_group_ids: list[Key] = Field(default_factory=list, max_length=20)
    contractor_ids: list[Key] = Field(
        default_factory=list, max_length=200, description="organisations under contract"
    )

    @model_validator(mode="after")
    def _no_repeats(self) -> Self:
        unique(self.tech_group_ids, "tech_group_ids")
        unique(self.contractor_ids, "contractor_ids")
        return self


class ProgrammeRead(ProgrammeCreate):
    id: str
    created_at: int
    updated_at: int
    # Counts the node's changes: what `If-Match` and a form's hidden field name.
    version: int = 0


class Requirement(Strict):
    skill_id: Key
    weight: Weight = 1.0
    min_level: Level = 1
    must: bool = False


class RoleConstraints(Strict):
    languages: list[Language] = Field(default_factory=list, max_length=10)
    residency: Residency = Residency.ANY
    min_years: int = Field(default=0, ge=0, le=60)
    engagement_modes: list[EngagementMode] = Field(default_factory=list, max_length=5)
    exclude_organization_ids: list[Key] = Field(default_factory=list, max_length=200)


# How many experts a role needs (three chief engineers of one programme: one role, 3).
Headcount = Annotated[
    int, Field(ge=1, le=100, description="how many experts the role needs", examples=[1])
]


class RoleCreate(Strict):
    programme_id: Key
    kind: Annotated[
        str,
        StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,40}$", max_length=41),
        Field(examples=["chief_engineer"]),
    ] = "chief_engineer"
    title: Name
    description: LongText = ""
    requirements: list[Requirement] = Field(default_factory=list, max_length=60)
    constraints: RoleConstraints = Field(default_factory=RoleConstraints)
    headcount: Headcount = 1

    @model_validator(mode="after")
    def _no_repeats(self) -> Self:
        unique([r.skill_id for r in self.requirements], "requirements[].skill_id")
        return self


class RoleRead(RoleCreate):
    id: str
    created_at: int
    updated_at: int
    # Counts the node's changes: what `If-Match` and a form's hidden field name.
    version: int = 0


class OrganizationUpdate(Strict):
    """The fields of a PATCH: each optional; the patched record is validated as a whole."""

    name: Name | None = None
    kind: OrganizationKind | None = None
    country: Country | None = None
    ror_id: RorId | None = None
    website: Annotated[str, StringConstraints(max_length=300)] | None = None


class WorkUpdate(Strict):
    """The fields of a PATCH: each optional; the patched record is validated as a whole."""

    kind: WorkKind | None = None
    title: Annotated[str, StringConstraints(min_length=1, max_length=500)] | None = None
    abstract: LongText | None = None
    year: Year | None = None
    doi: Doi | None = None
    venue: ShortText | None = None
    author_ids: list[Key] | None = Field(default=None, max_length=200)
    skill_ids: list[Key] | None = Field(default=None, max_length=50)
    source: Source | None = None


class ProgrammeUpdate(Strict):
    """The fields of a PATCH: each optional; the patched record is validated as a whole."""

    name: Name | None = None
    description: LongText | None = None
    status: ProgrammeStatus | None = None
    tech_group_ids: list[Key] | None = Field(default=None, max_length=20)
    contractor_ids: list[Key] | None = Field(
        default=None, max_length=200, description="organisations under contract"
    )


class RoleUpdate(Strict):
    """The fields of a PATCH: each optional; the patched record is validated as a whole."""

    programme_id: Key | None = None
    kind: (
        Annotated[
            str,
            StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,40}$", max_length=41),
            Field(examples=["chief_engineer"]),
        ]
        | None
    ) = None
    title: Name | None = None
    description: LongText | None = None
    requirements: list[Requirement] | None = Field(default=None, max_length=60)
    constraints: RoleConstraints | None = Field(default=None)
    headcount: Headcount | None = None
