"""What matching takes and gives: the role as ranked, the requests, and the explained
candidates, exclusions, decisions and stored runs the API returns.

Keys that an explanation shows only when they apply (through which skill a requirement was met,
the details behind an exclusion, a run's weight override) are left out of the JSON when they do
not, rather than shown as null: the API has always answered so.
"""

from dataclasses import dataclass, field
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field

from matching.profiles import WeightOverride
from talent.core.types import Strict
from talent.jobs.model import Job, JobRecord
from talent.resources.models import Requirement, RoleConstraints


def _absent(value: object) -> bool:
    return value is None


@dataclass(frozen=True, slots=True)
class RoleSpec:
    id: str
    kind: str
    title: str
    description: str
    requirements: list[Requirement]
    constraints: RoleConstraints
    skill_labels: list[str] = field(default_factory=list)

    def text(self) -> str:
        return " ".join([self.title, self.description, *self.skill_labels])


@dataclass(frozen=True, slots=True)
class RoleContext:
    programme_id: str
    programme_name: str
    contractors: list[str]
    team: list[str]
    rejected: list[str]


class MatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    k: int = Field(default=20, ge=1, le=200, description="how many candidates to return")
    weights: WeightOverride | None = Field(
        default=None, description="replace some of the role kind's preset weights"
    )


class DecisionRequest(Strict):
    expert_id: str = Field(min_length=1, max_length=120)
    reason: str = Field(min_length=3, max_length=2000)


class MatchJobRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit: int = Field(
        default=1000, ge=1, le=100_000, description="how many ranked candidates to store"
    )
    weights: WeightOverride | None = None


class FeatureView(BaseModel):
    value: float
    weight: float
    contribution: float


class ExpertCard(BaseModel):
    """What an explanation shows of the expert, read fresh from the graph."""

    full_name: str | None = None
    headline: str | None = None
    country: str | None = None
    residency: str | None = None


class SkillRef(BaseModel):
    skill_id: str
    label: str


class RequirementView(BaseModel):
    """A requirement of the role, as the candidate's explanation lists it."""

    skill_id: str
    label: str
    min_level: int
    weight: float
    must: bool


# A confirmed claim was checked by someone other than the expert (an institution, the
# ministry, an import from a registry).
Provenance = Literal["confirmed", "self_declared"]


class RequirementMet(RequirementView):
    """A requirement the expert meets: at which level, for what credit, through which skill
    (`via`, unless their own skill is the required one)."""

    level: int
    credit: float
    relation: str
    via: SkillRef | None = Field(default=None, exclude_if=_absent)
    # Absent from runs stored before provenance was recorded.
    provenance: Provenance | None = Field(
        default=None,
        exclude_if=_absent,
        description="whether the skill that met it was confirmed or only self-declared",
    )


class SkillFit(BaseModel):
    matched: list[RequirementMet]
    missing: list[RequirementView]


class WorkCard(BaseModel):
    work_id: str
    title: str
    year: int | None = None
    kind: str | None = None
    similarity: float


class PathNode(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str
    id: str
    name: str | None = None


class PathLink(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rel: str
    provenance: Provenance | None = Field(
        default=None,
        exclude_if=_absent,
        description="for an affiliation: confirmed, or only self-declared by the expert",
    )


class Candidate(BaseModel):
    rank: int
    expert_id: str
    score: float
    expert: ExpertCard
    features: dict[str, FeatureView]
    skills: SkillFit
    works: list[WorkCard]
    network_path: list[PathNode | PathLink]


class Excluded(BaseModel):
    total: int
    by_reason: dict[str, int]


class MatchSummary(BaseModel):
    role_id: str
    programme_id: str
    kind: str
    weights: dict[str, float]
    depth: float
    index_revision: str
    considered: int
    candidates: int
    excluded: Excluded


class MatchResponse(MatchSummary):
    items: list[Candidate]


class OrganizationRef(BaseModel):
    id: str
    name: str | None = None


class ExclusionDetails(BaseModel):
    """The must-have skills missing, and the organisations in conflict, when those are reasons."""

    missing_must_have: list[str] | None = Field(default=None, exclude_if=_absent)
    conflict_of_interest: list[OrganizationRef] | None = Field(default=None, exclude_if=_absent)


class ExclusionItem(BaseModel):
    expert_id: str
    expert: ExpertCard
    reasons: list[str]
    details: ExclusionDetails


class ExclusionPage(MatchSummary):
    items: list[ExclusionItem]
    reasons: list[str]
    next_cursor: str | None = None


class Decision(BaseModel):
    expert_id: str
    decision: Literal["shortlisted", "rejected"]
    reason: str
    at: int


class Note(BaseModel):
    """The lead's private note on a candidate for a role; `at` is its version."""

    expert_id: str
    text: str
    at: int


class NoteRequest(Strict):
    text: str = Field(max_length=2000, description="empty to clear the note")


class MatchRunParams(BaseModel):
    """A full match's request as stored with its run."""

    limit: int
    weights: dict[str, float] | None = Field(default=None, exclude_if=_absent)


class MatchRun(BaseModel):
    id: str
    role_id: str
    job_id: str
    state: str
    params: MatchRunParams | None = None
    weights: dict[str, float] | None = None
    depth: float | None = None
    index_revision: str | None = None
    considered: int | None = None
    candidates: int | None = None
    excluded: Excluded | None = None
    stored: int
    error: str | None = None
    created_at: int
    updated_at: int
    finished_at: int | None = None


class MatchJob(Job):
    run_id: str

    @classmethod
    def of(cls, job: JobRecord) -> Self:
        shown = Job.of(job).model_dump()
        return cls.model_validate({**shown, "run_id": job.params.get("run_id", "")})
