"""What the audit trail records: actions, who acted, and the events as admins read them."""

from enum import StrEnum

from pydantic import BaseModel, JsonValue


class Action(StrEnum):
    PII_VIEW = "pii.view"
    EXPERT_CREATE = "expert.create"
    EXPERT_UPDATE = "expert.update"
    EXPERT_CONFIRM = "expert.confirm"
    EXPERT_VERIFY = "expert.verify"
    EXPERT_WITHDRAW = "expert.withdraw"
    EXPERT_DELETE = "expert.delete"
    EXPERT_MERGE = "expert.merge"
    EXPERT_UNMERGE = "expert.unmerge"
    EXPERT_LEAD_LIMIT = "expert.lead_limit"
    REGISTRATION = "registration.submit"
    REGISTRATION_CONFIRM = "registration.confirm"
    CLAIM = "registration.claim"
    LINK_RESEND = "registration.resend"
    PASSWORD_FORGOT = "password.forgot"
    PASSWORD_RESET = "password.reset"
    REVIEW_DECIDE = "review.decide"
    MATCH_REQUEST = "match.request"
    MATCH_JOB = "match.job"
    ASSIGNMENT_RUN = "assignment.run"
    ASSIGNMENT_ACCEPT = "assignment.accept"
    TEAM_PROPOSAL = "team.proposal"
    PIPELINE_MOVE = "pipeline.move"
    PIPELINE_FOLLOW_UP = "pipeline.follow_up"
    KPI_TARGET = "kpi.target"
    MATCH_DECIDE = "match.decide"
    ACCOUNT_CREATE = "account.create"
    ACCOUNT_DEACTIVATE = "account.deactivate"
    ACCOUNT_REACTIVATE = "account.reactivate"
    ORGANIZATION_CREATE = "organization.create"
    ORGANIZATION_UPDATE = "organization.update"
    ORGANIZATION_DELETE = "organization.delete"
    WORK_CREATE = "work.create"
    WORK_UPDATE = "work.update"
    WORK_DELETE = "work.delete"
    PROGRAMME_CREATE = "programme.create"
    PROGRAMME_UPDATE = "programme.update"
    PROGRAMME_DELETE = "programme.delete"
    ROLE_CREATE = "role.create"
    ROLE_UPDATE = "role.update"
    ROLE_DELETE = "role.delete"
    SKILL_PROPOSE = "skill.propose"
    SKILL_PROPOSAL_DECIDE = "skill.proposal.decide"
    ROR_LOAD = "ror.load"
    IMPORT_START = "import.start"
    IMPORT_DECIDE = "import.decide"
    IDENTIFIER_LINK = "identifier.link"
    IDENTIFIER_UNLINK = "identifier.unlink"
    EXPERT_LIST_UPLOAD = "expert_list.upload"
    EXPERT_LIST_MAPPING = "expert_list.mapping"
    EXPERT_LIST_DRY_RUN_START = "expert_list.dry_run.start"
    EXPERT_LIST_DRY_RUN_FINISH = "expert_list.dry_run.finish"
    EXPERT_LIST_IMPORT_START = "expert_list.import.start"


class Actor(BaseModel):
    """Who acted: an account, or an anonymous caller known by address (registration)."""

    id: str
    role: str


ANONYMOUS_ROLE = "anonymous"


class AuditEvent(BaseModel):
    id: str
    at: int
    actor: str
    actor_role: str
    action: Action
    target_kind: str
    target: str
    details: dict[str, JsonValue]
