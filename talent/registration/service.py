"""Self-registration: a profile stays pending until its e-mail is confirmed with a single-use
link; a registrant whose address an existing profile lists is mailed a link to claim it instead;
other likely and uncertain pairs go to review. Anonymous answers never depend on what exists."""

from dataclasses import dataclass, replace

from pydantic import JsonValue

from graph import GraphStore
from talent.accounts.models import Purpose
from talent.accounts.notices import Notices
from talent.accounts.repository import AccountRepository
from talent.accounts.tokens import LIFETIME_MS, Tokens, clock
from talent.audit.log import Action, Actor, AuditLog
from talent.core.changes import expert_changes
from talent.core.errors import InvalidReference, NotFound
from talent.core.ids import new_id, now_ms
from talent.core.repository import Unit, record_changes
from talent.duplicates.checker import DuplicateChecker
from talent.duplicates.scoring import Candidate, Verdict
from talent.experts.models import (
    Affiliation,
    ExpertCreate,
    ExpertRead,
    ExpertStatus,
    SystemChanges,
)
from talent.experts.repository import ExpertRepository
from talent.experts.service import ExpertService
from talent.registration.models import (
    ClaimAccepted,
    ClaimCreate,
    Confirmation,
    Confirmed,
    ProposedAffiliation,
    RegistrationAccepted,
    RegistrationCreate,
    RegistrationProfile,
    ResendRequest,
)
from talent.resources.catalog import ORGANIZATION, WORK
from talent.resources.models import OrganizationCreate, OrganizationKind, WorkCreate
from talent.resources.repository import ResourceRepository
from talent.reviews.queue import ReviewQueue


@dataclass
class Registrations:
    """Anonymous callers get one answer whatever exists (no profile, account or duplicate
    verdict shows in it); what happens next is mailed to the address concerned."""

    store: GraphStore
    notices: Notices
    checker: DuplicateChecker

    def register(self, request: RegistrationCreate, actor: Actor) -> RegistrationAccepted:
        """A new pending profile and a confirmation link; but a link to claim the profile instead
        when an active likely duplicate lists this address (unless `not_a_duplicate`), and only a
        note when an account holds the address. Other likely duplicates are registered all the
        same, the pairs going to an admin: the registrant's mail must not tell them apart.
        Whatever is written, its mail included, is one unit of work."""
        email = str(request.email).lower()
        item = _expert_of(request.profile, email)
        works = [WorkCreate(**w.model_dump()) for w in request.works]
        self._check_references(item, works)
        Tokens(self.store).sweep()
        unit = Unit(self.store, "registration", keys=[f"email:{email}"])
        notices = self.notices.within(unit)
        # Looked for in every case, so that the answer's timing does not tell a taken address.
        candidates = self.checker.find(item)
        if AccountRepository(self.store).email_taken(email):
            notices.account_exists(email=email)
        else:
            likely = [c for c in candidates if c.verdict is Verdict.LIKELY]
            listing = self._listing(email, likely)
            if listing is not None and not request.not_a_duplicate:
                self._offer_claim(unit, notices, listing, email, item.full_name, actor)
            else:
                item, proposed = _with_proposals(unit, item, request.new_organizations)
                self._register(unit, notices, item, works, candidates, actor, proposed)
        unit.apply()
        notices.post()
        return RegistrationAccepted(email=email)

    def _register(
        self,
        unit: Unit,
        notices: Notices,
        item: ExpertCreate,
        works: list[WorkCreate],
        candidates: list[Candidate],
        actor: Actor,
        proposed: list[str],
    ) -> None:
        email = item.emails[0].lower()
        expert_id = ExpertRepository(unit).insert(item)
        authored = [(new_id(), w.model_copy(update={"author_ids": [expert_id]})) for w in works]
        if authored:
            ResourceRepository(unit, WORK).upsert_many(authored)
        account_id = AccountRepository(unit).create_pending(
            email=email, name=item.full_name, expert_id=expert_id, expires_at=clock() + LIFETIME_MS
        )
        reviews = ReviewQueue(unit).add_duplicates(expert_id, candidates)
        notices.confirm_email(
            email=email, name=item.full_name, account_id=account_id, expert_id=expert_id
        )
        details: dict[str, JsonValue] = {"reviews": len(reviews)}
        if proposed:
            details["proposed_organizations"] = list(proposed)
        AuditLog(unit).record(actor, Action.REGISTRATION, "expert", expert_id, details)

    def _listing(self, email: str, likely: list[Candidate]) -> ExpertRead | None:
        """The active likely duplicate that lists this address, if any. An unconfirmed
        registration (which may name anyone's e-mail) is never one: it blocks no one."""
        experts = ExpertRepository(self.store)
        for candidate in likely:
            expert = experts.get(candidate.id)
            listed = email in {str(e).lower() for e in expert.emails}
            if expert.status is ExpertStatus.ACTIVE and listed:
                return expert
        return None

    def _offer_claim(
        self,
        unit: Unit,
        notices: Notices,
        expert: ExpertRead,
        email: str,
        name: str,
        actor: Actor,
    ) -> None:
        """To a registrant whose address the profile lists: a link to take it over, or, when it
        has an owner, a note to log in."""
        if AccountRepository(self.store).has_other_owner(expert.id, ""):
            notices.profile_owned(email=email)
            return
        account_id = AccountRepository(unit).create_pending(
            email=email, name=name, expert_id=None, expires_at=clock() + LIFETIME_MS
        )
        notices.listed_profile(email=email, account_id=account_id, expert_id=expert.id)
        details = {"account": account_id, "proven": True}
        AuditLog(unit).record(actor, Action.CLAIM, "expert", expert.id, details)

    def claim(self, request: ClaimCreate, actor: Actor) -> ClaimAccepted:
        """An existing profile for a new account: proven by a link sent to an e-mail the profile
        already lists, else decided by an admin. The answer is the same whatever the profile
        (unknown, pending, owned) and the address; only the mail differs, and an address the
        profile does not list gets the same note in every case."""
        email = str(request.email).lower()
        Tokens(self.store).sweep()
        unit = Unit(self.store, "claim", keys=[f"email:{email}"])
        notices = self.notices.within(unit)
        self._claim(unit, notices, request, email, actor)
        unit.apply()
        notices.post()
        return ClaimAccepted(expert_id=request.expert_id, email=email)

    def _claim(
        self, unit: Unit, notices: Notices, request: ClaimCreate, email: str, actor: Actor
    ) -> None:
        accounts = AccountRepository(self.store)
        if accounts.email_taken(email):
            notices.account_exists(email=email)
            return
        expert = self._claimable(request.expert_id)
        proven = expert is not None and email in {str(e).lower() for e in expert.emails}
        if expert is not None and proven and accounts.has_other_owner(expert.id, ""):
            notices.profile_owned(email=email)
            return
        if expert is None or accounts.has_other_owner(expert.id, ""):
            notices.claim_in_review(email=email)
            return
        # Tied to the profile only once confirmed; awaiting an admin, it lasts until a link is
        # mailed for it.
        account_id = AccountRepository(unit).create_pending(
            email=email,
            name=request.name,
            expert_id=None,
            expires_at=clock() + LIFETIME_MS if proven else None,
        )
        if proven:
            notices.claim_link(email=email, account_id=account_id, expert_id=expert.id)
        else:
            ReviewQueue(unit).add_claim(expert.id, account_id)
            notices.claim_in_review(email=email)
        details = {"account": account_id, "proven": proven}
        AuditLog(unit).record(actor, Action.CLAIM, "expert", expert.id, details)

    def _claimable(self, expert_id: str) -> ExpertRead | None:
        """The active profile under this id (following merges), or None."""
        try:
            expert = ExpertService(self.store).resolve(expert_id)
        except NotFound:
            return None
        return expert if expert.status is ExpertStatus.ACTIVE else None

    def confirm(self, request: Confirmation, actor: Actor) -> Confirmed:
        """The link's holder opens the account with the password they choose now; the account
        opens only if it is pending, unexpired, never closed, its address free and its profile
        without another owner, all checked in the write itself, in one unit of work with the
        profile's activation and the audit event."""
        tokens = Tokens(self.store)
        unit = Unit(self.store, "registration.confirm")
        token, account_id = tokens.redeem(request.token, request.password, unit=unit)
        expert_id = AccountRepository(self.store).expert_of(account_id) or token.expert_id
        unit.lock(f"Account:{account_id}", f"Expert:{expert_id}")
        expert = ExpertRepository(self.store).get(expert_id)
        status = expert.status
        changes = SystemChanges(confirmed_at=now_ms())
        if token.purpose is Purpose.CONFIRM and status is ExpertStatus.PENDING:
            status = ExpertStatus.ACTIVE
            grade = max(1, expert.verification_grade)
            changes = replace(changes, status=status, verification_grade=grade)
        ExpertRepository(unit).set_system(expert_id, changes)
        record_changes(unit, expert_changes([expert_id]))
        action = Action.REGISTRATION_CONFIRM if token.purpose is Purpose.CONFIRM else Action.CLAIM
        details = {"account": account_id, "confirmed": True}
        AuditLog(unit).record(actor, action, "expert", expert_id, details)
        unit.apply(refused=lambda: tokens.refusal(request.token))
        return Confirmed(
            expert_id=expert_id, account_id=account_id, purpose=token.purpose, status=status
        )

    def resend(self, request: ResendRequest, actor: Actor) -> RegistrationAccepted:
        """A fresh link for each unconfirmed registration or claim of this address that is
        still waiting for one (the earlier links keep working until they expire). The same
        answer whatever exists; nothing is mailed to an address with nothing waiting."""
        email = str(request.email).lower()
        unit = Unit(self.store, "registration.resend", keys=[f"email:{email}"])
        notices = self.notices.within(unit)
        for waiting in AccountRepository(self.store).awaiting_link(email, clock()):
            if waiting.purpose is Purpose.CONFIRM:
                notices.confirm_email(
                    email=email,
                    name=waiting.name,
                    account_id=waiting.account_id,
                    expert_id=waiting.expert_id,
                )
            else:
                notices.claim_link(
                    email=email, account_id=waiting.account_id, expert_id=waiting.expert_id
                )
            details = {"account": waiting.account_id, "resent": True}
            AuditLog(unit).record(actor, Action.LINK_RESEND, "account", waiting.account_id, details)
        unit.apply()
        notices.post()
        return RegistrationAccepted(email=email)

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


def _with_proposals(
    unit: Unit, item: ExpertCreate, proposals: list[ProposedAffiliation]
) -> tuple[ExpertCreate, list[str]]:
    """The profile with its affiliations to proposed organisations, each organisation written
    into `unit` (before the profile that links to it), self-declared like the profile; and
    the new organisations' ids."""
    if not proposals:
        return item, []
    made = [
        (
            new_id(),
            OrganizationCreate(
                name=p.name, kind=OrganizationKind.OTHER, country=p.country or item.country
            ),
        )
        for p in proposals
    ]
    ResourceRepository(unit, ORGANIZATION).upsert_many(made)
    added = [
        Affiliation(
            organization_id=org_id,
            title=p.title,
            start_year=p.start_year,
            end_year=p.end_year,
        )
        for (org_id, _), p in zip(made, proposals, strict=True)
    ]
    affiliations = [*item.affiliations, *added]
    return item.model_copy(update={"affiliations": affiliations}), [i for i, _ in made]
