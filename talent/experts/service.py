"""Expert profiles as their users meet them: who sees which fields and which profiles, what an
owner may change, verification, freshness and withdrawal. Every read of personal data and every
change is audited."""

from typing import Any

from pydantic import BaseModel, Field

from graph import GraphStore
from graph.queries import entities
from graph.queries import experts as q
from talent.accounts.models import AccountRead, Role
from talent.accounts.repository import AccountRepository
from talent.audit.log import Action, Actor, AuditLog
from talent.core.errors import Conflict, Forbidden, InvalidInput
from talent.core.ids import now_ms
from talent.core.repository import data_changed
from talent.core.types import Key, Source, Strict
from talent.duplicates.checker import reset_duplicates
from talent.experts import freshness
from talent.experts.models import (
    Affiliation,
    ExpertCreate,
    ExpertRead,
    ExpertStatus,
    ExpertUpdate,
    SkillClaim,
)
from talent.experts.resource import EXPERT
from talent.experts.visibility import Clearance, pii_shown, shown_to
from talent.resources import service
from talent.resources.repository import ResourceRepository

STAFF = {Role.MINISTRY, Role.PROGRAMME_LEAD}
VERIFIERS = {Role.ADMIN, Role.MINISTRY}
# Only these change through a PATCH by an admin; the flows (confirmation, merge, withdrawal)
# set them otherwise.
ADMIN_ONLY_FIELDS = ("status", "verification_grade")
# A merge chain is followed this far at most (a survivor merged later, and so on).
MAX_MERGE_HOPS = 10
GRADE = {Source.INSTITUTION_CONFIRMED: 2, Source.MINISTRY_VERIFIED: 3}
ANONYMOUS_NAME = "Withdrawn expert"


def actor_of(account: AccountRead) -> Actor:
    return Actor(id=account.id, role=account.role.value)


def owns(viewer: AccountRead, expert_id: str) -> bool:
    return viewer.role is Role.EXPERT and viewer.expert_id == expert_id


def clearance(viewer: AccountRead, expert_id: str) -> Clearance:
    if viewer.role is Role.ADMIN or owns(viewer, expert_id):
        return Clearance.FULL
    return Clearance.STAFF if viewer.role in STAFF else Clearance.PUBLIC


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


class ExpertService:
    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.repo = ResourceRepository(store, EXPERT)
        self.audit = AuditLog(store)

    # --- reading

    def resolve(self, expert_id: str) -> ExpertRead:
        """The profile under this id, following merges to the survivor: old ids keep working."""
        expert = self.repo.get(expert_id)
        for _ in range(MAX_MERGE_HOPS):
            if expert.status is not ExpertStatus.MERGED or not expert.merged_into:
                break
            expert = self.repo.get(expert.merged_into)
        return expert  # type: ignore[no-any-return]

    def _may_see(self, viewer: AccountRead, expert: ExpertRead) -> bool:
        return (
            expert.status is ExpertStatus.ACTIVE
            or viewer.role is Role.ADMIN
            or owns(viewer, expert.id)
        )

    def _present(self, viewer: AccountRead, experts: list[ExpertRead]) -> list[ExpertRead]:
        """Scored and filtered for the viewer; personal data that others see is audited."""
        counts = self._work_counts([e.id for e in experts])
        now = now_ms()
        shown = []
        viewed: list[tuple[str, dict[str, Any]]] = []
        for expert in experts:
            scored = freshness.with_scores(expert, counts.get(expert.id, 0), now)
            visible = shown_to(scored, clearance(viewer, expert.id))
            pii = pii_shown(visible)
            if pii and not owns(viewer, expert.id):
                viewed.append((expert.id, {"fields": pii}))
            shown.append(visible)
        self.audit.record_many(actor_of(viewer), Action.PII_VIEW, "expert", viewed)
        return shown

    def _work_counts(self, ids: list[str]) -> dict[str, int]:
        if not ids:
            return {}
        rows = self.store.run(q.authored_counts(ids))
        return {row["id"]: int(row["works"]) for row in rows}

    def read(self, viewer: AccountRead, expert_id: str) -> ExpertRead:
        expert = self.resolve(expert_id)
        if not self._may_see(viewer, expert):
            raise EXPERT.not_found(expert_id)
        return self._present(viewer, [expert])[0]

    def page(self, viewer: AccountRead, *, after: str, limit: int) -> list[ExpertRead]:
        """Admins list every profile; others the active ones (pending e-mails stay out)."""
        if viewer.role is Role.ADMIN:
            items = self.repo.page(after=after, limit=limit)
        else:
            query = entities.page_in_states(
                EXPERT.entity, after=after, limit=limit, states=[ExpertStatus.ACTIVE.value]
            )
            items = [EXPERT.from_row(row) for row in self.store.run(query)]
        return self._present(viewer, items)

    # --- writing

    def create(self, viewer: AccountRead, item: ExpertCreate) -> ExpertRead:
        created = service.create(repo=self.repo, item=item)
        self.audit.record(actor_of(viewer), Action.EXPERT_CREATE, "expert", created.id)
        return self._present(viewer, [created])[0]

    def update(self, viewer: AccountRead, expert_id: str, patch: ExpertUpdate) -> ExpertRead:
        current = self.repo.get(expert_id)
        if current.status in (ExpertStatus.MERGED, ExpertStatus.WITHDRAWN):
            raise Conflict(
                f"expert '{expert_id}' is {current.status}; it can no longer change",
                fields={"status": current.status},
            )
        changed = sorted(patch.model_dump(exclude_unset=True))
        if viewer.role is not Role.ADMIN:
            _refuse_admin_fields(changed)
        item = service.patched(self.repo, current, patch)
        if viewer.role not in VERIFIERS:
            _refuse_raised_sources(current, item)
        system = {"confirmed_at": now_ms()} if owns(viewer, expert_id) else None
        updated = service.save(repo=self.repo, current=current, item=item, system=system)
        self.audit.record(
            actor_of(viewer), Action.EXPERT_UPDATE, "expert", expert_id, {"fields": changed}
        )
        return self._present(viewer, [updated])[0]

    def confirm(self, viewer: AccountRead, expert_id: str) -> ExpertRead:
        """The owner (or staff for them) states the profile is current: it is fresh again."""
        self.set_system(expert_id, {"confirmed_at": now_ms()})
        self.audit.record(actor_of(viewer), Action.EXPERT_CONFIRM, "expert", expert_id)
        return self.read(viewer, expert_id)

    def verify(
        self, viewer: AccountRead, expert_id: str, request: Verification
    ) -> VerificationResult:
        if request.source not in GRADE:
            raise InvalidInput(
                "verification records an institution's or a ministry's confirmation",
                fields={"source": f"one of {', '.join(sorted(GRADE))}"},
            )
        expert = self.repo.get(expert_id)
        works = {row["id"] for row in self.store.run(q.authored_work_ids(expert_id))}
        claims = {
            "skill_ids": {s.skill_id for s in expert.skills},
            "organization_ids": {a.organization_id for a in expert.affiliations},
            "work_ids": works,
        }
        asked = request.model_dump(include=set(claims))
        missing = {
            f"{name}[{i}]": "not a claim of this expert"
            for name, ids in asked.items()
            for i, claim in enumerate(ids)
            if claim not in claims[name]
        }
        if missing:
            raise InvalidInput("some ids are not claims of this expert", fields=missing)
        source = request.source.value
        self.store.run(q.verify_skills(expert_id, request.skill_ids, source))
        self.store.run(q.verify_affiliations(expert_id, request.organization_ids, source))
        self.store.run(q.verify_works(expert_id, request.work_ids, source))
        grade = max(expert.verification_grade, GRADE[request.source])
        self.set_system(expert_id, {"verification_grade": grade, "verified_at": now_ms()})
        verified = {name: sorted(ids) for name, ids in asked.items()}
        details = {"source": source, **verified}
        self.audit.record(actor_of(viewer), Action.EXPERT_VERIFY, "expert", expert_id, details)
        return VerificationResult(**verified, verification_grade=grade)

    def withdraw(self, viewer: AccountRead, expert_id: str) -> ExpertRead:
        """Erase what identifies the expert; country, residency and skills stay for the counts."""
        current = self.repo.get(expert_id)
        if current.status is ExpertStatus.MERGED:
            raise Conflict(
                f"expert '{expert_id}' was merged; withdraw its survivor",
                fields={"status": current.status},
            )
        data = current.model_dump(include=set(ExpertCreate.model_fields))
        data.update(
            full_name=ANONYMOUS_NAME,
            family_name=None,
            given_name=ANONYMOUS_NAME,
            emails=[],
            phone=None,
            birth_year=None,
            headline="",
            bio="",
            orcid=None,
            affiliations=[],
            available_from=None,
            available_until=None,
            engagement_modes=[],
            consent={"match": False, "contact": False},
            status=ExpertStatus.WITHDRAWN,
            skills=[{**s, "years": None} for s in data["skills"]],
        )
        anonymous = ExpertCreate.model_validate(data)
        works = [row["id"] for row in self.store.run(q.authored_work_ids(expert_id))]
        self.store.run(q.remove_authorship(expert_id, works))
        # The replace tells the indexes; it comes after the authorship is gone.
        withdrawn = self.repo.replace(expert_id, anonymous, created_at=current.created_at)
        accounts = AccountRepository(self.store)
        for account in accounts.for_expert(expert_id):
            accounts.withdraw(account.id)
        self.audit.record(actor_of(viewer), Action.EXPERT_WITHDRAW, "expert", expert_id)
        return withdrawn  # type: ignore[no-any-return]

    def delete(self, viewer: AccountRead, expert_id: str) -> None:
        self.repo.delete(expert_id)
        reset_duplicates(self.store)
        self.audit.record(actor_of(viewer), Action.EXPERT_DELETE, "expert", expert_id)

    def statistics(self) -> list[dict[str, Any]]:
        """Profiles per status and residency; withdrawn ones still count."""
        return [
            {"status": r["status"], "residency": r["residency"], "experts": int(r["n"])}
            for r in self.store.run(q.status_counts())
        ]

    def set_system(self, expert_id: str, changes: dict[str, Any]) -> None:
        """Change properties the service keeps (status, grade, freshness) without a rewrite."""
        if not self.store.run(q.set_props(expert_id, changes)):
            raise EXPERT.not_found(expert_id)
        data_changed(self.store)


def _refuse_admin_fields(changed: list[str]) -> None:
    refused = {
        name: "only an admin may change this" for name in ADMIN_ONLY_FIELDS if name in changed
    }
    if refused:
        raise Forbidden("some fields are set by the service or an admin", fields=refused)


def _refuse_raised_sources(current: ExpertRead, item: ExpertCreate) -> None:
    """Only verifiers confirm claims: others keep a verified claim unchanged or self-declare."""
    skills = {s.skill_id: s for s in current.skills}
    affiliations = {a.organization_id: a for a in current.affiliations}
    claims: list[tuple[str, int, SkillClaim | Affiliation, BaseModel | None]] = [
        ("skills", i, s, skills.get(s.skill_id)) for i, s in enumerate(item.skills)
    ]
    claims += [
        ("affiliations", i, a, affiliations.get(a.organization_id))
        for i, a in enumerate(item.affiliations)
    ]
    refused = {
        f"{kind}[{i}].source": "only an admin or a ministry verifies a claim; "
        "a changed claim is self_declared"
        for kind, i, claim, stored in claims
        if claim.source is not Source.SELF_DECLARED and claim != stored
    }
    if refused:
        raise Forbidden("a claim's source can only be raised by verification", fields=refused)
