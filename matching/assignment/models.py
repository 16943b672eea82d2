"""What portfolio assignment takes and gives over the API: the roles chosen with the officer's
side rules and edits, and the proposal with what it traded, or the conflicts that block it."""

from typing import Self

from pydantic import BaseModel, Field, model_validator

from matching.assignment.problem import Rule, RuleKind
from matching.models import Candidate
from talent.core.types import Key, Strict, unique
from talent.jobs.model import Job, JobRecord


class Pair(Strict):
    role_id: Key
    expert_id: Key


class SideRulesRequest(Strict):
    min_at_home: int = Field(
        default=0, ge=0, le=10, description="per programme, at least this many experts at home"
    )
    max_per_organization: int | None = Field(
        default=None,
        ge=1,
        le=100,
        description="per programme, at most this many from one organisation",
    )
    diaspora_percent: int = Field(
        default=0,
        ge=0,
        le=100,
        description="at least this share (%) of everyone assigned from the diaspora",
    )
    lead_min_years: int = Field(
        default=0, ge=0, le=60, description="years of experience a lead role needs"
    )


class AssignmentRequest(Strict):
    """The roles to fill together: those named, or all roles of the programmes named, or all
    roles of every programme not closed (neither given)."""

    role_ids: list[Key] | None = Field(default=None, max_length=2000)
    programme_ids: list[Key] | None = Field(default=None, max_length=500)
    k: int = Field(default=50, ge=1, le=200, description="candidates kept per role, by rank")
    side_rules: SideRulesRequest = Field(default_factory=SideRulesRequest)
    pinned: list[Pair] = Field(default_factory=list, max_length=2000)
    forbidden: list[Pair] = Field(default_factory=list, max_length=2000)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.role_ids is not None and self.programme_ids is not None:
            raise ValueError("name roles or programmes, not both")
        if self.role_ids is not None:
            unique(self.role_ids, "role_ids")
        if self.programme_ids is not None:
            unique(self.programme_ids, "programme_ids")
        both = {(p.role_id, p.expert_id) for p in self.pinned} & {
            (p.role_id, p.expert_id) for p in self.forbidden
        }
        if both:
            role, expert = sorted(both)[0]
            raise ValueError(f"{expert} is both pinned to and forbidden from {role}")
        return self


class RuleView(BaseModel):
    """A rule by its kind and what it names; `bound` is its number (a headcount, a limit, a
    share in %, years)."""

    key: str
    kind: RuleKind
    role_id: str | None = None
    expert_id: str | None = None
    programme_id: str | None = None
    organization_id: str | None = None
    bound: int

    @classmethod
    def of(cls, rule: Rule) -> Self:
        return cls(
            key=rule.key,
            kind=rule.kind,
            role_id=rule.role_id or None,
            expert_id=rule.expert or None,
            programme_id=rule.programme_id or None,
            organization_id=rule.organization or None,
            bound=rule.bound,
        )


class RelaxationView(BaseModel):
    rule: RuleView
    to: int | None = Field(
        description="the bound, changed least, that lets the conflict hold; null: drop the rule"
    )
    resolves_all: bool = Field(
        description="with this change alone every rule of the portfolio holds"
    )


class ConflictView(BaseModel):
    rules: list[RuleView]
    relaxations: list[RelaxationView]


class PassedView(BaseModel):
    """A candidate ranked above those the role was given, and why not them."""

    expert_id: str
    rank: int
    elsewhere: list[str] = Field(description="the roles of this portfolio they were given")
    rules: list[RuleView] = Field(description="the rules taking them here would break")
    conflicts_with: list[str] = Field(description="or what would make no assignment")


class Seat(BaseModel):
    expert_id: str
    rank: int
    score: float
    candidate: Candidate | None = Field(default=None, description="the ranking's explanation")


class RoleAssignment(BaseModel):
    role_id: str
    title: str
    kind: str
    headcount: int
    programme_id: str
    programme_name: str
    candidates: int = Field(description="candidates kept for it (its top k)")
    proposed: list[Seat]
    passed: list[PassedView]


class Baseline(BaseModel):
    """Role by role in order, the best candidates still free."""

    filled: int
    fit: float
    broken: list[str] = Field(description="the rules its assignment breaks (headcounts aside)")


class AssignmentResult(BaseModel):
    outcome: str
    complete: bool = Field(description="every role has its headcount and every rule holds")
    seats: int
    filled: int
    fit: float
    solve_seconds: float
    roles: list[RoleAssignment]
    broken: list[RuleView] = Field(
        default_factory=list,
        description="side rules this proposal breaks, as they cannot all hold (outcome relaxed)",
    )
    conflicts: list[ConflictView]
    baseline: Baseline
    index_revision: str


class AssignmentJob(Job):
    """An assignment job; `result` holds its `AssignmentResult` once it has succeeded."""

    @classmethod
    def of(cls, job: JobRecord) -> Self:
        return cls.model_validate(Job.of(job).model_dump())


class Accepted(BaseModel):
    """An assignment's proposals, recorded on its roles."""

    job_id: str
    roles: int
    proposed: int
    at: int


class RecordedView(BaseModel):
    """A proposal in a role's history."""

    expert_id: str
    name: str
    at: int = Field(description="when the accepting officer recorded it (ms)")
    by: str = Field(description="the officer's account")
    assignment: str = Field(description="the assignment job it came from")
    until: int | None = Field(description="when a later assignment replaced it; none: current")
    ended_by: str | None = Field(description="the assignment that replaced it")
