"""Expert profiles as clients write and read them, with the validation every write goes through."""

from dataclasses import asdict, dataclass
from datetime import date
from enum import StrEnum
from typing import Self

from pydantic import (
    BaseModel,
    EmailStr,
    Field,
    field_validator,
    model_validator,
)

from talent.core.names import fold_name, split_vietnamese_name
from talent.core.types import (
    CURRENT_YEAR,
    Country,
    EngagementMode,
    Key,
    Language,
    Level,
    LongText,
    Name,
    Orcid,
    Phone,
    Residency,
    ShortText,
    Source,
    Strict,
    Year,
    unique,
)


class ExpertStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    MERGED = "merged"
    WITHDRAWN = "withdrawn"


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
    name_variants: list[Name] = Field(
        default_factory=list,
        max_length=20,
        description="other spellings of the name in works (order, initials, no diacritics), "
        "confirmed by the expert; author lists without an identifier are matched against them",
    )
    external_id: ShortText | None = Field(
        default=None, description="the profile's key in a list staff imported it from"
    )
    engagement_modes: list[EngagementMode] = Field(default_factory=list, max_length=5)
    available_from: date | None = None
    available_until: date | None = None
    commitment_hours: int = Field(
        default=0, ge=0, le=744, description="hours a month the expert has committed elsewhere"
    )
    commitment_until: date | None = Field(
        default=None, description="the day those commitments end; none: they go on"
    )
    consent: Consent = Field(default_factory=Consent)
    visibility: FieldVisibility = Field(default_factory=FieldVisibility)
    status: ExpertStatus = ExpertStatus.ACTIVE
    verification_grade: int = Field(default=0, ge=0, le=3)
    skills: list[SkillClaim] = Field(default_factory=list, max_length=100)
    affiliations: list[Affiliation] = Field(default_factory=list, max_length=30)

    @field_validator("family_name", "given_name", mode="before")
    @classmethod
    def _absent_when_empty(cls, value: object) -> object:
        # Profiles stored before one-word names were accepted hold "": read as no name part,
        # so that they stay readable.
        return None if value == "" else value

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        unique([s.skill_id for s in self.skills], "skills[].skill_id")
        unique([str(e).lower() for e in self.emails], "emails")
        unique(self.languages, "languages")
        unique(self.engagement_modes, "engagement_modes")
        unique([fold_name(n) for n in self.name_variants], "name_variants")
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
    # Counts the node's changes: what `If-Match` and a form's hidden field name.
    version: int = 0
    confirmed_at: int | None = Field(
        default=None, description="when the owner last confirmed the profile is current (ms)"
    )
    verified_at: int | None = Field(default=None, description="last verification by staff (ms)")
    reminded_at: int | None = Field(default=None, description="last freshness reminder (ms)")
    merged_into: str | None = Field(default=None, description="the survivor of a merge")
    lead_limit: int | None = Field(
        default=None,
        ge=0,
        description="programmes the ministry allows the expert to lead at once; none: the default",
    )
    completeness: float = Field(default=0.0, description="share of the profile filled in, 0..1")
    stale: bool = Field(default=False, description="not confirmed for 12 months")
    hidden: list[str] = Field(
        default_factory=list, description="fields withheld from this caller by the expert's choice"
    )


# Kept by the service, not written by clients; a replace carries them over.
EXPERT_SYSTEM_FIELDS = ("confirmed_at", "verified_at", "reminded_at", "merged_into", "lead_limit")


class ExpertUpdate(Strict):
    """The fields of a PATCH: each optional; the patched record is validated as a whole."""

    full_name: Name | None = None
    family_name: Name | None = None
    given_name: Name | None = None
    emails: list[EmailStr] | None = Field(default=None, max_length=5)
    phone: Phone | None = None
    birth_year: int | None = Field(default=None, ge=1900, le=CURRENT_YEAR - 15)
    country: Country | None = Field(
        default=None, description="country of residence, ISO 3166-1 alpha-2"
    )
    nationality: Country | None = None
    diaspora: bool | None = Field(
        default=None, description="overseas Vietnamese; derived from nationality when absent"
    )
    languages: list[Language] | None = Field(default=None, max_length=20)
    years_experience: int | None = Field(default=None, ge=0, le=80)
    headline: ShortText | None = None
    bio: LongText | None = None
    orcid: Orcid | None = None
    name_variants: list[Name] | None = Field(default=None, max_length=20)
    external_id: ShortText | None = None
    engagement_modes: list[EngagementMode] | None = Field(default=None, max_length=5)
    available_from: date | None = None
    available_until: date | None = None
    commitment_hours: int | None = Field(default=None, ge=0, le=744)
    commitment_until: date | None = None
    consent: Consent | None = Field(default=None)
    visibility: FieldVisibility | None = Field(default=None)
    status: ExpertStatus | None = None
    verification_grade: int | None = Field(default=None, ge=0, le=3)
    skills: list[SkillClaim] | None = Field(default=None, max_length=100)
    affiliations: list[Affiliation] | None = Field(default=None, max_length=30)

    @model_validator(mode="after")
    def _parts_follow_a_new_name(self) -> Self:
        # A new full name without its parts: the old parts belonged to the old name, so they
        # are set to none and derived again from the new one.
        if "full_name" in self.model_fields_set and not (
            {"family_name", "given_name"} & self.model_fields_set
        ):
            self.family_name = None
            self.given_name = None
        return self


@dataclass(frozen=True, slots=True)
class SystemChanges:
    """Properties the service keeps, changed in place without rewriting the profile; what is
    None stays as it is."""

    status: ExpertStatus | None = None
    verification_grade: int | None = None
    confirmed_at: int | None = None
    verified_at: int | None = None
    merged_into: str | None = None

    def props(self) -> dict[str, str | int]:
        """The graph properties to set; the status as its plain value."""
        props = {name: value for name, value in asdict(self).items() if value is not None}
        if self.status is not None:
            props["status"] = self.status.value
        return props


class Verification(Strict):
    """Claims of one expert confirmed by an admin or a ministry, with the source they now carry."""

    source: Source = Source.MINISTRY_VERIFIED
    skill_ids: list[Key] = Field(default_factory=list, max_length=100)
    organization_ids: list[Key] = Field(default_factory=list, max_length=30)
    work_ids: list[Key] = Field(default_factory=list, max_length=200)


class VerificationResult(BaseModel):
    skill_ids: list[str]
    organization_ids: list[str]
    work_ids: list[str]
    verification_grade: int


class StatusCount(BaseModel):
    status: str
    residency: str
    experts: int


@dataclass(frozen=True, slots=True)
class DueReminder:
    """An active profile not confirmed for a year, with where its owner can be written to."""

    id: str
    name: str
    emails: tuple[str, ...]
    account_emails: tuple[str, ...]
