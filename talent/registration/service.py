"""Self-registration: a profile stays pending until its e-mail is confirmed with a single-use
link; a likely duplicate is offered to be claimed instead; uncertain pairs go to review."""

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, EmailStr, Field, StringConstraints

from graph import GraphStore
from talent.accounts.models import AccountCreate, AccountRead, Password, Role
from talent.accounts.repository import AccountRepository
from talent.accounts.tokens import Purpose, Tokens
from talent.audit.log import Action, Actor, AuditLog
from talent.core.errors import Conflict, InvalidInput, InvalidReference
from talent.core.ids import new_id, now_ms
from talent.core.mail import Mailer
from talent.core.types import Doi, Key, LongText, ShortText, Source, Strict, Year
from talent.duplicates.checker import DuplicateChecker
from talent.duplicates.scoring import Candidate, Verdict
from talent.experts.models import Affiliation, ExpertCreate, ExpertStatus, SkillClaim
from talent.experts.resource import EXPERT
from talent.experts.service import ExpertService, actor_of
from talent.resources.catalog import WORK
from talent.resources.models import WorkCreate, WorkKind
from talent.resources.repository import ResourceRepository
from talent.reviews.merges import Merges, MergeView
from talent.reviews.queue import Review, ReviewKind, ReviewQueue, ReviewState


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
    email: EmailStr = Field(description="signs in, and receives the confirmation link")
    password: Password
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
    password: Password
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class ClaimAccepted(BaseModel):
    expert_id: str
    account_id: str
    state: Literal["confirm_email", "in_review"]


class Confirmation(Strict):
    token: Annotated[str, StringConstraints(min_length=10, max_length=200)]


class Confirmed(BaseModel):
    expert_id: str
    account_id: str
    purpose: Purpose
    status: ExpertStatus


class ReviewDecision(Strict):
    decision: Literal["merge", "distinct", "approve", "reject"] = Field(
        description="duplicates: merge or distinct; claims: approve or reject"
    )
    survivor_id: Key | None = Field(
        default=None, description="for a merge; default: the profile that was there first"
    )


class ReviewOutcome(BaseModel):
    review: Review
    merge: MergeView | None = None


class DuplicateProfile(Conflict):
    """The registrant is likely already in the database: claim that profile instead."""


@dataclass
class Registrations:
    store: GraphStore
    mailer: Mailer
    checker: DuplicateChecker
    public_url: str

    def register(self, request: RegistrationCreate, actor: Actor) -> RegistrationAccepted:
        email = str(request.email).lower()
        item = _expert_of(request.profile, email)
        works = [WorkCreate(**w.model_dump()) for w in request.works]
        self._check_references(item, works)
        accounts = AccountRepository(self.store)
        if accounts.email_taken(email):
            raise Conflict("an account with this e-mail exists; log in", fields={"email": email})
        candidates = self.checker.find(item)
        likely = [c for c in candidates if c.verdict is Verdict.LIKELY]
        if likely and not request.not_a_duplicate:
            raise DuplicateProfile(
                "you may already have a profile: claim it, or register again with "
                "not_a_duplicate if these are someone else",
                fields={"profile": "likely duplicate of an existing profile"},
                extra={"duplicates": [_view(c).model_dump() for c in likely]},
            )
        expert = ResourceRepository(self.store, EXPERT).create(item)
        # The works in one bulk write (their references are checked above).
        authored = [(new_id(), w.model_copy(update={"author_ids": [expert.id]})) for w in works]
        if authored:
            ResourceRepository(self.store, WORK).upsert_many(authored)
        work_ids = [work_id for work_id, _ in authored]
        account = accounts.create(
            AccountCreate(
                email=email,
                password=request.password,
                role=Role.EXPERT,
                name=item.full_name,
                expert_id=expert.id,
            ),
            active=False,
        )
        reviews = ReviewQueue(self.store).add_duplicates(expert.id, candidates)
        token = Tokens(self.store).issue(
            Purpose.CONFIRM, account_id=account.id, expert_id=expert.id
        )
        self.mailer.send(
            email,
            "Confirm your e-mail address",
            f"Dear {item.full_name},\n\nTo confirm your profile, open\n"
            f"{self.public_url}/confirm?token={token}\n\n"
            f"or send this code to /api/v1/registrations/confirm: {token}\n\n"
            "The link works once, for two days. If you did not register, ignore this message.\n",
        )
        AuditLog(self.store).record(
            actor, Action.REGISTRATION, "expert", expert.id, {"reviews": len(reviews)}
        )
        return RegistrationAccepted(
            expert_id=expert.id,
            account_id=account.id,
            status=ExpertStatus.PENDING,
            email=email,
            work_ids=work_ids,
            in_review=len(reviews),
        )

    def claim(self, request: ClaimCreate, actor: Actor) -> ClaimAccepted:
        """An existing profile for a new account: proven by a link sent to an e-mail the profile
        already lists, else decided by an admin."""
        expert = ExpertService(self.store).resolve(request.expert_id)
        if expert.status is not ExpertStatus.ACTIVE:
            raise Conflict(
                f"this profile is {expert.status} and cannot be claimed",
                fields={"expert_id": request.expert_id},
            )
        accounts = AccountRepository(self.store)
        if any(a.active for a in accounts.for_expert(expert.id)):
            raise Conflict(
                "this profile already has an owner", fields={"expert_id": request.expert_id}
            )
        email = str(request.email).lower()
        if accounts.email_taken(email):
            raise Conflict("an account with this e-mail exists; log in", fields={"email": email})
        account = accounts.create(
            AccountCreate(
                email=email, password=request.password, role=Role.EXPERT, name=request.name
            ),
            active=False,
        )
        proven = email in {str(e).lower() for e in expert.emails}
        if proven:
            self.send_claim_link(account.id, email, expert.id)
        else:
            ReviewQueue(self.store).add_claim(expert.id, account.id)
            self.mailer.send(
                email,
                "Your claim is being reviewed",
                "The profile you claimed does not list this e-mail address, so an administrator "
                "will check your claim. You will receive a link once it is approved.\n",
            )
        AuditLog(self.store).record(
            actor, Action.CLAIM, "expert", expert.id, {"account": account.id, "proven": proven}
        )
        return ClaimAccepted(
            expert_id=expert.id,
            account_id=account.id,
            state="confirm_email" if proven else "in_review",
        )

    def decide_review(
        self, admin: AccountRead, review_id: str, body: ReviewDecision
    ) -> ReviewOutcome:
        """Merge or keep apart a possible duplicate; approve or reject a claim. Checked whole
        before anything is written: a decided review or a wrong decision changes nothing."""
        queue = ReviewQueue(self.store)
        review = queue.get(review_id)
        if review.state is not ReviewState.OPEN:
            raise Conflict(
                f"review '{review_id}' was already decided ({review.decision})",
                fields={"state": review.state},
            )
        duplicate = review.kind is ReviewKind.DUPLICATE
        allowed = {"merge", "distinct"} if duplicate else {"approve", "reject"}
        if body.decision not in allowed:
            raise InvalidInput(
                f"a {review.kind} review is decided by {' or '.join(sorted(allowed))}",
                fields={"decision": body.decision},
            )
        merge = None
        if body.decision == "merge":
            newer, older = review.expert_ids
            survivor = body.survivor_id or older
            if survivor not in review.expert_ids:
                raise InvalidInput(
                    "the survivor must be one of the pair", fields={"survivor_id": survivor}
                )
            # The merge checks its own profiles; if it refuses, the review stays open.
            merge = Merges(self.store).merge(admin, survivor, newer if survivor == older else older)
        closed = queue.close(review_id, decision=body.decision, by=admin.id)
        if review.account_id and body.decision == "approve":
            account = AccountRepository(self.store).get(review.account_id)
            self.send_claim_link(account.id, account.email, review.expert_ids[0])
        elif review.account_id and body.decision == "reject":
            AccountRepository(self.store).withdraw(review.account_id)
        AuditLog(self.store).record(
            actor_of(admin), Action.REVIEW_DECIDE, "review", review_id, {"decision": body.decision}
        )
        return ReviewOutcome(review=closed, merge=merge)

    def send_claim_link(self, account_id: str, email: str, expert_id: str) -> None:
        token = Tokens(self.store).issue(Purpose.CLAIM, account_id=account_id, expert_id=expert_id)
        self.mailer.send(
            email,
            "Confirm your claim of a profile",
            f"To take over your profile, open\n{self.public_url}/confirm?token={token}\n\n"
            f"or send this code to /api/v1/registrations/confirm: {token}\n",
        )

    def confirm(self, request: Confirmation, actor: Actor) -> Confirmed:
        token = Tokens(self.store).use(request.token)
        purpose = Purpose(token["purpose"])
        expert_id, account_id = token["expert_id"], token["account_id"]
        experts = ExpertService(self.store)
        expert = experts.repo.get(expert_id)
        changes: dict[str, Any] = {"confirmed_at": now_ms()}
        status = expert.status
        if purpose is Purpose.CONFIRM and status is ExpertStatus.PENDING:
            status = ExpertStatus.ACTIVE
            changes.update(
                status=status.value, verification_grade=max(1, expert.verification_grade)
            )
        experts.set_system(expert_id, changes)
        AccountRepository(self.store).update(account_id, active=True, expert_id=expert_id)
        action = Action.REGISTRATION_CONFIRM if purpose is Purpose.CONFIRM else Action.CLAIM
        AuditLog(self.store).record(
            actor, action, "expert", expert_id, {"account": account_id, "confirmed": True}
        )
        return Confirmed(expert_id=expert_id, account_id=account_id, purpose=purpose, status=status)

    def _check_references(self, item: ExpertCreate, works: list[WorkCreate]) -> None:
        missing = {
            f"profile.{path}": message
            for path, message in ResourceRepository(self.store, EXPERT)
            .missing_references([item])
            .items()
        }
        each = ResourceRepository(self.store, WORK).missing_references_each(list(works))
        for i, work_missing in enumerate(each):
            missing.update({f"works[{i}].{path}": m for path, m in work_missing.items()})
        if missing:
            raise InvalidReference(
                "the registration names things that do not exist", fields=missing
            )


def _expert_of(profile: RegistrationProfile, email: str) -> ExpertCreate:
    data = profile.model_dump()
    if email not in {e.lower() for e in data["emails"]}:
        data["emails"] = [email, *data["emails"]]
    return ExpertCreate.model_validate(data)


def _view(candidate: Candidate) -> DuplicateView:
    return DuplicateView(
        expert_id=candidate.id,
        full_name=candidate.full_name,
        score=candidate.score,
        verdict=candidate.verdict,
        evidence=sorted(candidate.reasons),
    )
