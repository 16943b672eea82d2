"""Self-registration: a profile stays pending until its e-mail is confirmed with a single-use
link; a likely duplicate is offered to be claimed instead; uncertain pairs go to review."""

from dataclasses import dataclass, replace

from graph import GraphStore
from talent.accounts.models import Purpose
from talent.accounts.notices import Notices
from talent.accounts.repository import AccountRepository
from talent.accounts.tokens import LIFETIME_MS, Tokens, clock
from talent.audit.log import Action, Actor, AuditLog
from talent.core.errors import Conflict, InvalidReference
from talent.core.ids import new_id, now_ms
from talent.duplicates.checker import DuplicateChecker
from talent.duplicates.scoring import Candidate, Verdict
from talent.experts.models import ExpertCreate, ExpertRead, ExpertStatus, SystemChanges
from talent.experts.repository import ExpertRepository
from talent.experts.service import ExpertService
from talent.registration.models import (
    ClaimAccepted,
    ClaimCreate,
    Confirmation,
    Confirmed,
    DuplicateView,
    RegistrationAccepted,
    RegistrationCreate,
    RegistrationProfile,
)
from talent.resources.catalog import WORK
from talent.resources.models import WorkCreate
from talent.resources.repository import ResourceRepository
from talent.reviews.queue import ReviewQueue


class DuplicateProfile(Conflict):
    """The registrant is likely already in the database: claim that profile instead."""


@dataclass
class Registrations:
    store: GraphStore
    notices: Notices
    checker: DuplicateChecker

    def register(self, request: RegistrationCreate, actor: Actor) -> RegistrationAccepted:
        email = str(request.email).lower()
        item = _expert_of(request.profile, email)
        works = [WorkCreate(**w.model_dump()) for w in request.works]
        self._check_references(item, works)
        accounts = AccountRepository(self.store)
        tokens = Tokens(self.store)
        tokens.sweep()
        if accounts.email_taken(email):
            raise Conflict("an account with this e-mail exists; log in", fields={"email": email})
        candidates = self.checker.find(item)
        likely = self._claimable([c for c in candidates if c.verdict is Verdict.LIKELY])
        if likely and not request.not_a_duplicate:
            raise DuplicateProfile(
                "you may already have a profile: claim it, or register again with "
                "not_a_duplicate if these are someone else",
                fields={"profile": "likely duplicate of an existing profile"},
                extra={"duplicates": [_view(c).model_dump(mode="json") for c in likely]},
            )
        expert = ExpertRepository(self.store).create(item)
        work_ids = self._write_works(expert, works)
        account = accounts.create_pending(
            email=email,
            name=item.full_name,
            expert_id=expert.id,
            expires_at=clock() + LIFETIME_MS,
        )
        reviews = ReviewQueue(self.store).add_duplicates(expert.id, candidates)
        self.notices.confirm_email(
            email=email, name=item.full_name, account_id=account.id, expert_id=expert.id
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

    def _claimable(self, likely: list[Candidate]) -> list[Candidate]:
        """The likely duplicates a registrant is offered to claim: active ones. An unconfirmed
        registration (which may name anyone's e-mail) blocks no one; its pair goes to review."""
        experts = ExpertRepository(self.store)
        return [c for c in likely if experts.get(c.id).status is ExpertStatus.ACTIVE]

    def _write_works(self, author: ExpertRead, works: list[WorkCreate]) -> list[str]:
        """The registrant's works in one bulk write (their references are checked already)."""
        authored = [(new_id(), w.model_copy(update={"author_ids": [author.id]})) for w in works]
        if authored:
            ResourceRepository(self.store, WORK).upsert_many(authored)
        return [work_id for work_id, _ in authored]

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
        Tokens(self.store).sweep()
        if any(a.active for a in accounts.for_expert(expert.id)):
            raise Conflict(
                "this profile already has an owner", fields={"expert_id": request.expert_id}
            )
        email = str(request.email).lower()
        if accounts.email_taken(email):
            raise Conflict("an account with this e-mail exists; log in", fields={"email": email})
        proven = email in {str(e).lower() for e in expert.emails}
        # Tied to the profile only once confirmed; awaiting an admin, it lasts until a link is
        # mailed for it.
        account = accounts.create_pending(
            email=email,
            name=request.name,
            expert_id=None,
            expires_at=clock() + LIFETIME_MS if proven else None,
        )
        if proven:
            self.notices.claim_link(email=email, account_id=account.id, expert_id=expert.id)
        else:
            ReviewQueue(self.store).add_claim(expert.id, account.id)
            self.notices.claim_in_review(email=email)
        AuditLog(self.store).record(
            actor, Action.CLAIM, "expert", expert.id, {"account": account.id, "proven": proven}
        )
        return ClaimAccepted(
            expert_id=expert.id,
            account_id=account.id,
            state="confirm_email" if proven else "in_review",
        )

    def confirm(self, request: Confirmation, actor: Actor) -> Confirmed:
        """The link's holder opens the account with the password they choose now; the account
        opens only if it is pending, unexpired, never closed, its address free and its profile
        without another owner, all checked in the write itself."""
        token, account = Tokens(self.store).redeem(request.token, request.password)
        account_id = account.id
        expert_id = account.expert_id or token.expert_id
        experts = ExpertService(self.store)
        expert = experts.repo.get(expert_id)
        status = expert.status
        changes = SystemChanges(confirmed_at=now_ms())
        if token.purpose is Purpose.CONFIRM and status is ExpertStatus.PENDING:
            status = ExpertStatus.ACTIVE
            grade = max(1, expert.verification_grade)
            changes = replace(changes, status=status, verification_grade=grade)
        experts.set_system(expert_id, changes)
        action = Action.REGISTRATION_CONFIRM if token.purpose is Purpose.CONFIRM else Action.CLAIM
        AuditLog(self.store).record(
            actor, action, "expert", expert_id, {"account": account_id, "confirmed": True}
        )
        return Confirmed(
            expert_id=expert_id, account_id=account_id, purpose=token.purpose, status=status
        )

    def _check_references(self, item: ExpertCreate, works: list[WorkCreate]) -> None:
        missing = {
            f"profile.{path}": message
            for path, message in ExpertRepository(self.store).missing_references([item]).items()
        }
        each = ResourceRepository(self.store, WORK).missing_references_each(works)
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
