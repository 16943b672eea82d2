"""Registration, claims and confirmation as clients send and receive them."""

from typing import Annotated, Literal

from pydantic import BaseModel, EmailStr, Field, StringConstraints

from talent.accounts.models import Password, Purpose
from talent.core.types import (
    Country,
    Doi,
    Key,
    LongText,
    Name,
    ShortText,
    Source,
    Strict,
    Year,
)
from talent.experts.models import Affiliation, ExpertCreate, ExpertStatus, SkillClaim
from talent.resources.models import WorkKind


class DeclaredSkill(SkillClaim):
    source: Literal[Source.SELF_DECLARED] = Source.SELF_DECLARED


class DeclaredAffiliation(Affiliation):
    source: Literal[Source.SELF_DECLARED] = Source.SELF_DECLARED


class RegistrationProfile(ExpertCreate):
    """The expert's own profile: everything self-declared, pending until confirmed."""

    status: Literal[ExpertStatus.PENDING] = ExpertStatus.PENDING
    verification_grade: Literal[0] = 0
    # A staff list's key is set by staff imports only: a registrant naming one could take the
    # list's row.
    external_id: None = None
    skills: list[DeclaredSkill] = Field(  # type: ignore[assignment]
        default_factory=list, max_length=100
    )
    affiliations: list[DeclaredAffiliation] = Field(  # type: ignore[assignment]
        default_factory=list, max_length=30
    )


class ProposedAffiliation(Strict):
    """An affiliation with an organisation the database does not hold yet, named by the
    registrant: the organisation is proposed (created self-declared, with the registration,
    and named in its audit event for staff to check)."""

    name: Name
    country: Country | None = Field(default=None, description="unset: the profile's country")
    title: ShortText = ""
    start_year: Year | None = None
    end_year: Year | None = None


class WorkDraft(Strict):
    """A work of the registrant, who becomes its author."""

    kind: WorkKind = WorkKind.PUBLICATION
    title: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    abstract: LongText = ""
    year: Year | None = None
    doi: Doi | None = None
    venue: ShortText = ""
    skill_ids: list[Key] = Field(default_factory=list, max_length=50)


class RegistrationCreate(Strict):
    email: EmailStr = Field(
        description="signs in, and receives the confirmation link, where the password is chosen"
    )
    profile: RegistrationProfile
    works: list[WorkDraft] = Field(default_factory=list, max_length=50)
    new_organizations: list[ProposedAffiliation] = Field(
        default_factory=list,
        max_length=10,
        description="affiliations with organisations not in the database yet, by name",
    )
    not_a_duplicate: bool = Field(
        default=False,
        description="the registrant is not the person of a profile that lists this e-mail "
        "(a shared address): a new profile is registered instead of a claim link being mailed, "
        "and the pairs go to an admin",
    )


class ResendRequest(Strict):
    """An address whose registration or claim link did not arrive, or has expired."""

    email: EmailStr = Field(max_length=254)


class RegistrationAccepted(BaseModel):
    """The one answer to every well-formed registration, whatever exists already: what happens
    next is mailed to the address (a link to confirm, a link to claim the profile that lists it,
    or a note that an account holds it)."""

    state: Literal["received"] = "received"
    email: str


class ClaimCreate(Strict):
    expert_id: Key
    email: EmailStr
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class ClaimAccepted(BaseModel):
    """The one answer to every well-formed claim, whatever the profile and the address: a link
    goes to an address the profile lists, otherwise a note that an admin decides if the claim
    can be checked."""

    expert_id: str
    email: str
    state: Literal["received"] = "received"


class Confirmation(Strict):
    token: Annotated[str, StringConstraints(min_length=10, max_length=200)]
    password: Password = Field(
        description="the account's password, chosen by whoever holds the link; 12 characters "
        "or more"
    )


class Confirmed(BaseModel):
    expert_id: str
    account_id: str
    purpose: Purpose
    status: ExpertStatus
