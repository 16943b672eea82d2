"""Registration, claims and confirmation as clients send and receive them."""

from typing import Annotated, Literal

from pydantic import BaseModel, EmailStr, Field, StringConstraints

from talent.accounts.models import Password, Purpose
from talent.core.types import Doi, Key, LongText, ShortText, Source, Strict, Year
from talent.duplicates.scoring import Verdict
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
    skills: list[DeclaredSkill] = Field(  # type: ignore[assignment]
        default_factory=list, max_length=100
    )
    affiliations: list[DeclaredAffiliation] = Field(  # type: ignore[assignment]
        default_factory=list, max_length=30
    )


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
    not_a_duplicate: bool = Field(
        default=False,
        description="the registrant states the likely duplicates offered are someone else; "
        "the pairs then go to an admin",
    )


class DuplicateView(BaseModel):
    expert_id: str
    full_name: str
    score: float
    verdict: Verdict
    evidence: list[str]


class RegistrationAccepted(BaseModel):
    expert_id: str
    account_id: str
    status: ExpertStatus
    email: str
    work_ids: list[str]
    in_review: int = Field(description="possible duplicates queued for an admin")


class ClaimCreate(Strict):
    expert_id: Key
    email: EmailStr
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class ClaimAccepted(BaseModel):
    expert_id: str
    account_id: str
    state: Literal["confirm_email", "in_review"]


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
