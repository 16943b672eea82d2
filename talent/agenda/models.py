"""What a start page lists for each kind of user."""

from pydantic import BaseModel


class Waiting(BaseModel):
    """Items of one kind waiting: how many, and since when the oldest (ms)."""

    count: int = 0
    oldest: int | None = None


class DueAction(BaseModel):
    expert_id: str
    name: str
    stage: str
    due_on: str
    action: str = ""
    owner_id: str | None = None
    overdue: bool


class RoleFigures(BaseModel):
    role_id: str
    title: str
    headcount: int = 1
    programme_id: str
    programme: str
    # Candidates the latest finished match run found; None: the role was never matched.
    candidates: int | None = None
    matched_at: int | None = None
    shortlisted: int = 0


class AdminAgenda(BaseModel):
    duplicates: Waiting
    claims: Waiting
    organizations: Waiting


class MinistryAgenda(BaseModel):
    due: list[DueAction]
    due_count: int
    overdue_count: int
    unfilled: list[RoleFigures]
    unfilled_count: int
    target: int
    engaged_leading: int
    progress: float


class LeadAgenda(BaseModel):
    roles: list[RoleFigures]


class ExpertAgenda(BaseModel):
    """An expert's own profile as its start page sums it up; `expert_id` None: the account has
    no profile yet."""

    expert_id: str | None = None
    name: str = ""
    completeness: float = 0.0
    missing: list[str] = []
    confirmed_at: int | None = None
    stale: bool = False
    verification_grade: int = 0
    # Works an import proposed that wait for the expert's decision.
    works_waiting: int = 0
