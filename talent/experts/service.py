"""Expert profiles as their users meet them: who sees which fields and which profiles, what an
owner may change, verification, freshness and withdrawal. Every read of personal data and every
change is audited."""

from pydantic import BaseModel, JsonValue

from graph import GraphStore
from talent.accounts.models import AccountRead, Role
from talent.accounts.repository import AccountRepository
from talent.audit.log import Action, AuditLog, actor_of
from talent.core.changes import expert_changes
from talent.core.errors import Conflict, Forbidden, InvalidInput
from talent.core.ids import now_ms
from talent.core.pagination import Page, page_of
from talent.core.repository import record_changes
from talent.core.types import Source
from talent.duplicates.checker import DuplicateChecker
from talent.duplicates.scoring import Candidate, Verdict
from talent.experts import freshness
from talent.experts.models import (
    Affiliation,
    ExpertCreate,
    ExpertRead,
    ExpertStatus,
    ExpertUpdate,
    SkillClaim,
    StatusCount,
    SystemChanges,
    Verification,
    VerificationResult,
)
from talent.experts.repository import ExpertRepository
from talent.experts.resource import EXPERT
from talent.experts.visibility import Clearance, pii_shown, shown_to
from talent.resources import service

STAFF = {Role.MINISTRY, Role.PROGRAMME_LEAD}
VERIFIERS = {Role.ADMIN, Role.MINISTRY}
# Only these change through a PATCH by an admin; the flows (confirmation, merge, withdrawal)
# set them otherwise.
ADMIN_ONLY_FIELDS = ("status", "verification_grade")
# The owner's choices and ways to reach them: only the owner and admins change these. Staff
# cannot see contacts without consent, and must not redirect them or widen what others see.
OWNER_ONLY_FIELDS = ("emails", "phone", "consent", "visibility")
# The key of the staff list a profile came from: an expert who set it could take over the
# list's row, so only staff write it.
STAFF_ONLY_FIELDS = ("external_id",)
# A merge chain is followed this far at most (a survivor merged later, and so on).
MAX_MERGE_HOPS = 10
GRADE = {Source.INSTITUTION_CONFIRMED: 2, Source.MINISTRY_VERIFIED: 3}
ANONYMOUS_NAME = "Withdrawn expert"


def owns(viewer: AccountRead, expert_id: str) -> bool:
    return viewer.role is Role.EXPERT and viewer.expert_id == expert_id


def clearance(viewer: AccountRead, expert_id: str) -> Clearance:
    if viewer.role is Role.ADMIN or owns(viewer, expert_id):
        return Clearance.FULL
    return Clearance.STAFF if viewer.role in STAFF else Clearance.PUBLIC


class ExpertService:
    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.repo = ExpertRepository(store)
        self.audit = AuditLog(store)

    # --- reading

    def resolve(self, expert_id: str) -> ExpertRead:
        """The profile under this id, following merges to the survivor: old ids keep working."""
        expert = self.repo.get(expert_id)
        for _ in range(MAX_MERGE_HOPS):
            if expert.status is not ExpertStatus.MERGED or not expert.merged_into:
                break
            expert = self.repo.get(expert.merged_into)
        return expert

    def _may_see(self, viewer: AccountRead, expert: ExpertRead) -> bool:
        return (
            expert.status is ExpertStatus.ACTIVE
            or viewer.role is Role.ADMIN
            or owns(viewer, expert.id)
        )

    def _present(self, viewer: AccountRead, experts: list[ExpertRead]) -> list[ExpertRead]:
        """Scored and filtered for the viewer; personal data that others see is audited."""
        counts = self.repo.authored_counts([e.id for e in experts])
        now = now_ms()
        shown = []
        viewed: list[tuple[str, dict[str, list[str]]]] = []
        for expert in experts:
            scored = freshness.with_scores(expert, counts.get(expert.id, 0), now)
            visible = shown_to(scored, clearance(viewer, expert.id))
            pii = pii_shown(visible)
            if pii and not owns(viewer, expert.id):
                viewed.append((expert.id, {"fields": pii}))
            shown.append(visible)
        self.audit.record_many(actor_of(viewer), Action.PII_VIEW, "expert", viewed)
        return shown

    def read(self, viewer: AccountRead, expert_id: str) -> ExpertRead:
        expert = self.resolve(expert_id)
        if not self._may_see(viewer, expert):
            raise EXPERT.not_found(expert_id)
        return self._present(viewer, [expert])[0]

    def as_seen_by(self, viewer: AccountRead, expert_id: str, role: Role) -> ExpertRead:
        """The profile as an account of `role` sees it, for a viewer who may see it whole (its
        owner, an admin) to check what their choices withhold; never more than the viewer
        may see."""
        expert = self.read(viewer, expert_id)
        seen = {Role.ADMIN: Clearance.FULL, Role.EXPERT: Clearance.PUBLIC}.get(
            role, Clearance.STAFF
        )
        return shown_to(expert, min(seen, clearance(viewer, expert_id)))

    def page(self, viewer: AccountRead, *, after: str, limit: int) -> Page[ExpertRead]:
        """Admins list every profile; others the active ones (pending e-mails stay out). Only
        the profiles shown are presented, and so audited."""
        if viewer.role is Role.ADMIN:
            rows = self.repo.page(after=after, limit=limit + 1)
        else:
            rows = self.repo.page_in_states(
                after=after, limit=limit + 1, states=[ExpertStatus.ACTIVE]
            )
        page = page_of(rows, limit=limit, key=lambda expert: expert.id)
        return Page[ExpertRead](
            items=self._present(viewer, page.items), next_cursor=page.next_cursor
        )

    def statistics(self) -> list[StatusCount]:
        """Profiles per status and residency; withdrawn ones still count."""
        return self.repo.status_counts()

    # --- writing

    def create(
        self,
        viewer: AccountRead,
        item: ExpertCreate,
        *,
        duplicates: DuplicateChecker,
    ) -> ExpertRead:
        """A staff import: the service and admins set status and grade, and a likely duplicate
        of a live profile is refused with the candidates (staff may see them; an admin may
        create it anyway and merge later)."""
        if viewer.role is not Role.ADMIN:
            _refuse_fields(sorted(item.model_fields_set), viewer, owner_fields=False)
            likely = [c for c in duplicates.find(item) if c.verdict is Verdict.LIKELY]
            if likely:
                raise Conflict(
                    "this person is likely in the database already: edit that profile",
                    fields={"profile": "likely duplicate of an existing profile"},
                    extra={"duplicates": [_duplicate(c) for c in likely]},
                )
        # Audited there (expert.create) with the values created, contacts masked.
        created = service.create(repo=self.repo, item=item, actor=actor_of(viewer))
        return self._present(viewer, [created])[0]

    def update(
        self,
        viewer: AccountRead,
        expert_id: str,
        patch: ExpertUpdate,
        *,
        expected: int | None = None,
    ) -> ExpertRead:
        """Change some fields, validated whole, in one transaction; refused if the profile is
        no longer at the version read (or `expected`, the client's)."""

        def work(tx: GraphStore) -> ExpertRead:
            repo = self.repo.within(tx)
            current = repo.get(expert_id)
            if current.status in (ExpertStatus.MERGED, ExpertStatus.WITHDRAWN):
                raise Conflict(
                    f"expert '{expert_id}' is {current.status}; it can no longer change",
                    fields={"status": current.status},
                )
            changed = sorted(patch.model_dump(exclude_unset=True))
            _refuse_fields(changed, viewer, owner_fields=not owns(viewer, expert_id))
            item = service.patched(repo, current, patch)
            if viewer.role not in VERIFIERS:
                _refuse_raised_sources(current, item)
            system = {"confirmed_at": now_ms()} if owns(viewer, expert_id) else None
            # Audited there (expert.update) with each changed field's old and new value;
            # contact values (emails, phone) are kept masked.
            return service.save(
                repo=repo,
                current=current,
                item=item,
                actor=actor_of(viewer),
                expected=expected,
                system=system,
            )

        return self._present(viewer, [self.store.write(work)])[0]

    def confirm(
        self, viewer: AccountRead, expert_id: str, *, expected: int | None = None
    ) -> ExpertRead:
        """The owner (or staff for them) states the profile is current: it is fresh again."""

        def work(tx: GraphStore) -> None:
            repo = self.repo.within(tx)
            repo.set_system(
                repo.get(expert_id), SystemChanges(confirmed_at=now_ms()), expected=expected
            )
            record_changes(tx, expert_changes([expert_id]))
            AuditLog(tx).record(actor_of(viewer), Action.EXPERT_CONFIRM, "expert", expert_id)

        self.store.write(work)
        return self.read(viewer, expert_id)

    def verify(
        self,
        viewer: AccountRead,
        expert_id: str,
        request: Verification,
        *,
        expected: int | None = None,
    ) -> VerificationResult:
        if request.source not in GRADE:
            raise InvalidInput(
                "verification records an institution's or a ministry's confirmation",
                fields={"source": f"one of {', '.join(sorted(GRADE))}"},
            )

        def work(tx: GraphStore) -> VerificationResult:
            experts = self.repo.within(tx)
            expert = experts.get(expert_id)
            claims = {
                "skill_ids": {s.skill_id for s in expert.skills},
                "organization_ids": {a.organization_id for a in expert.affiliations},
                "work_ids": set(experts.authored_work_ids(expert_id)),
            }
            asked: dict[str, list[str]] = request.model_dump(include=set(claims))
            missing = {
                f"{name}[{i}]": "not a claim of this expert"
                for name, ids in asked.items()
                for i, claim in enumerate(ids)
                if claim not in claims[name]
            }
            if missing:
                raise InvalidInput("some ids are not claims of this expert", fields=missing)
            grade = max(expert.verification_grade, GRADE[request.source])
            # First: the profile's version is checked, and its lock held, before the claims.
            experts.set_system(
                expert,
                SystemChanges(verification_grade=grade, verified_at=now_ms()),
                expected=expected,
            )
            experts.verify_claims(
                expert_id,
                source=request.source,
                skill_ids=request.skill_ids,
                organization_ids=request.organization_ids,
                work_ids=request.work_ids,
            )
            record_changes(tx, expert_changes([expert_id]))
            verified = {name: sorted(ids) for name, ids in asked.items()}
            details = {"source": request.source.value, **verified}
            actor = actor_of(viewer)
            AuditLog(tx).record(actor, Action.EXPERT_VERIFY, "expert", expert_id, details)
            return VerificationResult(**verified, verification_grade=grade)

        return self.store.write(work)

    def withdraw(
        self, viewer: AccountRead, expert_id: str, *, expected: int | None = None
    ) -> ExpertRead:
        """Erase what identifies the expert; country, residency and skills stay for the counts."""

        def work(tx: GraphStore) -> ExpertRead:
            experts = self.repo.within(tx)
            current = experts.get(expert_id)
            if current.status is ExpertStatus.MERGED:
                raise Conflict(
                    f"expert '{expert_id}' was merged; withdraw its survivor",
                    fields={"status": current.status},
                )
            # First: the profile's version is checked, and its lock held, before the rest.
            experts.replace(current, _anonymised(current), expected=expected)
            experts.remove_authorship(expert_id, experts.authored_work_ids(expert_id))
            accounts = AccountRepository(tx)
            for account in accounts.for_expert(expert_id):
                accounts.withdraw(account.id)
            AuditLog(tx).record(actor_of(viewer), Action.EXPERT_WITHDRAW, "expert", expert_id)
            return experts.get(expert_id)

        return self.store.write(work)

    def delete(self, viewer: AccountRead, expert_id: str) -> None:
        def work(tx: GraphStore) -> None:
            self.repo.within(tx).delete(expert_id)
            AuditLog(tx).record(actor_of(viewer), Action.EXPERT_DELETE, "expert", expert_id)

        self.store.write(work)


def _anonymised(current: ExpertRead) -> ExpertCreate:
    """The profile with all that identifies the person gone, withdrawn for good."""
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
        name_variants=[],
        external_id=None,
        affiliations=[],
        available_from=None,
        available_until=None,
        commitment_hours=0,
        commitment_until=None,
        engagement_modes=[],
        consent={"match": False, "contact": False},
        status=ExpertStatus.WITHDRAWN,
        skills=[{**s, "years": None} for s in data["skills"]],
    )
    return ExpertCreate.model_validate(data)


def _refuse_fields(changed: list[str], viewer: AccountRead, *, owner_fields: bool) -> None:
    """403 naming each field the viewer may not write: status and grade are an admin's; with
    `owner_fields`, the contacts, consent and visibility too (the owner's and an admin's)."""
    if viewer.role is Role.ADMIN:
        return
    refused = {
        name: "only an admin may change this" for name in ADMIN_ONLY_FIELDS if name in changed
    }
    if viewer.role is Role.EXPERT:
        refused |= {
            name: "only staff may change this" for name in STAFF_ONLY_FIELDS if name in changed
        }
    if owner_fields:
        refused |= {
            name: "only the expert or an admin may change this"
            for name in OWNER_ONLY_FIELDS
            if name in changed
        }
    if refused:
        raise Forbidden("some fields are not yours to change", fields=refused)


def _duplicate(candidate: Candidate) -> dict[str, JsonValue]:
    evidence: list[JsonValue] = [*sorted(candidate.reasons)]
    return {
        "expert_id": candidate.id,
        "full_name": candidate.full_name,
        "score": candidate.score,
        "verdict": candidate.verdict.value,
        "evidence": evidence,
    }


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
