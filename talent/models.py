"""Pydantic models of the resources, with the validation every write goes through."""

import re
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    create_model,
    field_validator,
    model_validator,
)

from talent import validators
from talent.names import clean_text, split_vietnamese_name

CURRENT_YEAR = datetime.now(UTC).year

Key = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(clean_text)]
ShortText = Annotated[str, StringConstraints(max_length=300), AfterValidator(clean_text)]
LongText = Annotated[str, StringConstraints(max_length=10_000)]
Country = Annotated[str, StringConstraints(max_length=3), AfterValidator(validators.country_code)]
Language = Annotated[str, StringConstraints(max_length=3), AfterValidator(validators.language_code)]
Orcid = Annotated[str, StringConstraints(max_length=40), AfterValidator(validators.orcid)]
Doi = Annotated[str, StringConstraints(max_length=300), AfterValidator(validators.doi)]
RorId = Annotated[str, StringConstraints(max_length=40), AfterValidator(validators.ror_id)]
Phone = Annotated[str, StringConstraints(max_length=30), AfterValidator(validators.phone)]
Level = Annotated[int, Field(ge=1, le=5, description="1 = working knowledge … 5 = world-leading")]
Year = Annotated[int, Field(ge=1900, le=CURRENT_YEAR + 10)]
Weight = Annotated[float, Field(gt=0, le=1)]


def _unique(values: list[Any], what: str) -> None:
    if len(values) != len(set(values)):
        raise ValueError(f"{what} must not repeat")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _no_control_characters(value: Any) -> Any:
    texts = value if isinstance(value, list) else [value]
    if any(isinstance(t, str) and _CONTROL.search(t) for t in texts):
        raise ValueError("must not contain control characters")
    return value


class Strict(BaseModel):
    """Every request body: unknown fields refused, text stripped and free of control characters
    (the embedded graph refuses a NUL in a parameter)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _printable(cls, value: Any) -> Any:
        return _no_control_characters(value)


class EngagementMode(StrEnum):
    FULL_TIME_RETURN = "full_time_return"
    PART_TIME = "part_time"
    REMOTE = "remote"
    SHORT_VISITS = "short_visits"
    ADVISORY = "advisory"


class ExpertStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    MERGED = "merged"
    WITHDRAWN = "withdrawn"


class Source(StrEnum):
    SELF_DECLARED = "self_declared"
    INSTITUTION_CONFIRMED = "institution_confirmed"
    MINISTRY_VERIFIED = "ministry_verified"
    IMPORTED = "imported"


class Residency(StrEnum):
    ANY = "any"
    DOMESTIC = "domestic"
    OVERSEAS = "overseas"


class SkillClaim(Strict):
    skill_id: Key
    level: Level
    years: int | None = Field(default=None, ge=0, le=80)
    source: Source = Source.SELF_DECLARED


class Affiliation(Strict):
    organization_id: Key
    title: ShortText = ""
    start_year: Year | None = None
    end_year: Year | None = None
    team_size: int | None = Field(default=None, ge=0, le=1_000_000)
    source: Source = Source.SELF_DECLARED

    @model_validator(mode="after")
    def _years_in_order(self) -> Self:
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValueError("end_year is before start_year")
        return self


class Consent(Strict):
    match: bool = Field(default=True, description="may be proposed for roles")
    contact: bool = Field(default=False, description="may be contacted by programme staff")


class Visibility(StrEnum):
    """Who may see a field besides its owner: any signed-in user, staff, or admins only."""

    PUBLIC = "public"
    STAFF = "staff"
    ADMINS = "admins"


class FieldVisibility(Strict):
    """The expert's choice per field; contact details reach staff only with contact consent."""

    emails: Visibility = Visibility.ADMINS
    phone: Visibility = Visibility.ADMINS
    birth_year: Visibility = Visibility.ADMINS
    nationality: Visibility = Visibility.STAFF
    bio: Visibility = Visibility.STAFF
    affiliations: Visibility = Visibility.STAFF


class ExpertCreate(Strict):
    full_name: Name
    family_name: Name | None = None
    given_name: Name | None = None
    emails: list[EmailStr] = Field(default_factory=list, max_length=5)
    phone: Phone | None = None
    birth_year: int | None = Field(default=None, ge=1900, le=CURRENT_YEAR - 15)
    country: Country = Field(description="country of residence, ISO 3166-1 alpha-2")
    nationality: Country | None = None
    diaspora: bool | None = Field(
        default=None, description="overseas Vietnamese; derived from nationality when absent"
    )
    languages: list[Language] = Field(default_factory=list, max_length=20)
    years_experience: int = Field(default=0, ge=0, le=80)
    headline: ShortText = ""
    bio: LongText = ""
    orcid: Orcid | None = None
    engagement_modes: list[EngagementMode] = Field(default_factory=list, max_length=5)
    available_from: date | None = None
    available_until: date | None = None
    consent: Consent = Field(default_factory=Consent)
    visibility: FieldVisibility = Field(default_factory=FieldVisibility)
    status: ExpertStatus = ExpertStatus.ACTIVE
    verification_grade: int = Field(default=0, ge=0, le=3)
    skills: list[SkillClaim] = Field(default_factory=list, max_length=100)
    affiliations: list[Affiliation] = Field(default_factory=list, max_length=30)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        _unique([s.skill_id for s in self.skills], "skills[].skill_id")
        _unique([str(e).lower() for e in self.emails], "emails")
        _unique(self.languages, "languages")
        _unique(self.engagement_modes, "engagement_modes")
        start, end = self.available_from, self.available_until
        if start and end and end < start:
            raise ValueError("available_until is before available_from")
        if self.family_name is None and self.given_name is None:
            self.family_name, self.given_name = split_vietnamese_name(self.full_name)
        if self.diaspora is None:
            self.diaspora = self.nationality == "VN" and self.country != "VN"
        return self


class ExpertRead(ExpertCreate):
    id: str
    name_folded: str
    residency: Residency
    created_at: int
    updated_at: int
    confirmed_at: int | None = Field(
        default=None, description="when the owner last confirmed the profile is current (ms)"
    )
    verified_at: int | None = Field(default=None, description="last verification by staff (ms)")
    reminded_at: int | None = Field(default=None, description="last freshness reminder (ms)")
    merged_into: str | None = Field(default=None, description="the survivor of a merge")
    completeness: float = Field(default=0.0, description="share of the profile filled in, 0..1")
    stale: bool = Field(default=False, description="not confirmed for 12 months")
    hidden: list[str] = Field(
        default_factory=list, description="fields withheld from this caller by the expert's choice"
    )


# Kept by the service, not written by clients; a replace carries them over.
EXPERT_SYSTEM_FIELDS = ("confirmed_at", "verified_at", "reminded_at", "merged_into")


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
    created_at: int
    updated_at: int


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
        _unique(self.author_ids, "author_ids")
        _unique(self.skill_ids, "skill_ids")
        return self


class WorkRead(WorkCreate):
    id: str
    created_at: int
    updated_at: int


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
        _unique(self.tech_group_ids, "tech_group_ids")
        _unique(self.contractor_ids, "contractor_ids")
        return self


class ProgrammeRead(ProgrammeCreate):
    id: str
    created_at: int
    updated_at: int


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

    @model_validator(mode="after")
    def _no_repeats(self) -> Self:
        _unique([r.skill_id for r in self.requirements], "requirements[].skill_id")
        return self


class RoleRead(RoleCreate):
    id: str
    created_at: int
    updated_at: int


def residency_of(country: str) -> Residency:
    return Residency.DOMESTIC if country == "VN" else Residency.OVERSEAS


def partial_model(model: type[Strict], name: str) -> type[Strict]:
    """The same fields, each optional and unset by default: the body of a PATCH.

    The patched record is validated again as a whole, so cross-field rules still hold.
    """
    fields: dict[str, Any] = {}
    for field_name, info in model.model_fields.items():
        annotation: Any = info.annotation
        if info.metadata:
            annotation = Annotated[(annotation, *info.metadata)]
        fields[field_name] = (annotation | None, Field(default=None, description=info.description))
    return create_model(name, __base__=Strict, **fields)


# mypy cannot follow a class made at run time; to it, an update has the create model's shape.
if TYPE_CHECKING:
    ExpertUpdate = ExpertCreate
    OrganizationUpdate = OrganizationCreate
    WorkUpdate = WorkCreate
    ProgrammeUpdate = ProgrammeCreate
    RoleUpdate = RoleCreate
else:
    ExpertUpdate = partial_model(ExpertCreate, "ExpertUpdate")
    OrganizationUpdate = partial_model(OrganizationCreate, "OrganizationUpdate")
    WorkUpdate = partial_model(WorkCreate, "WorkUpdate")
    ProgrammeUpdate = partial_model(ProgrammeCreate, "ProgrammeUpdate")
    RoleUpdate = partial_model(RoleCreate, "RoleUpdate")
