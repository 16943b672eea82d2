"""Self-registration: a profile stays pending until its e-mail is confirmed with a single-use
link; a registrant whose address an existing profile lists is mailed a link to claim it instead;
other likely and uncertain pairs go to review. Anonymous answers never depend on what exists."""

from dataclasses import dataclass, replace

from pydantic import JsonValue

from graph import GraphStore
from graph.errors import GraphConflict
from talent.accounts.models import Purpose
from talent.accounts.notices import Notices
from talent.accounts.repository import AccountRepository, AwaitingLink
from talent.accounts.tokens import LIFETIME_MS, Tokens, clock
from talent.audit.log import Action, Actor, AuditLog
from talent.core.changes import expert_changes
from talent.core.errors import InvalidReference, NotFound
from talent.core.ids import new_id, now_ms
from talent.core.repository import record_changes
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
from talent.resources.catalog import ORGANIZATION, PROPOSED_BY, WORK
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
        same, the pairs going to an admin: the registrant's mail must not tell them apart. An
        address already waiting for that link (the same registration again) gets it mailed
        again instead. Whatever is written, its mail included, is one transaction."""
        email = str(request.email).lower()
        item = _expert_of(request.profile, email)
        works = [WorkCreate(**w.model_dump()) for w in request.works]
        self._check_references(item, works)
        Tokens(self.store).sweep()
        # Looked for in every case, so that the answer's timing does not tell a taken address.
        candidates = self.checker.find(item)

        def work(tx: GraphStore) -> Notices:
            notices = self.notices.within(tx)
            accounts = AccountRepository(tx)
            # Registrations of one address wait for each other here: what this one reads
            # next includes whatever an earlier one (sent twice, or retried) wrote.
            accounts.lock_address(email)
            if accounts.email_taken(email):
                notices.account_exists(email=email)
                return notices
            waiting = accounts.awaiting_link(email, clock())
            likely = [c for c in candidates if c.verdict is Verdict.LIKELY]
            listing = self._listing(tx, email, likely)
            claiming = listing if not request.not_a_duplicate else None
            # The same registration again (sent twice, reloaded, retried after a crash) gets
            # its link again, never a second profile, account or review.
            again = _waiting_for(waiting, claiming)
            if again:
                self._resend(tx, notices, again[0], email, actor)
            elif claiming is not None:
                self._offer_claim(tx, notices, claiming, email, item.full_name, actor)
            else:
                self._register(tx, notices, item, request, works, candidates, actor)
            return notices

        self.store.write(work).post()
        return RegistrationAccepted(email=email)

    def _register(
        self,
        tx: GraphStore,
        notices: Notices,
        item: ExpertCreate,
        request: RegistrationCreate,
        works: list[WorkCreate],
        candidates: list[Candidate],
        actor: Actor,
    ) -> None:
        email = item.emails[0].lower()
        expert_id = new_id()
        item, proposed = _with_proposals(tx, item, request.new_organizations, expert_id)
        ExpertRepository(tx).insert(item, resource_id=expert_id)
        authored = [(new_id(), w.model_copy(update={"author_ids": [expert_id]})) for w in works]
        if authored:
            ResourceRepository(tx, WORK).upsert_many(authored)
        account_id = AccountRepository(tx).create_pending(
            email=email, name=item.full_name, expert_id=expert_id, expires_at=clock() + LIFETIME_MS
        )
        reviews = ReviewQueue(tx).add_duplicates(expert_id, candidates)
        notices.confirm_email(
            email=email, name=item.full_name, account_id=account_id, expert_id=expert_id
        )
        details: dict[str, JsonValue] = {"reviews": len(reviews)}
        if proposed:
            details["proposed_organizations"] = list(proposed)
        AuditLog(tx).record(actor, Action.REGISTRATION, "expert", expert_id, details)

    def _listing(self, tx: GraphStore, email: str, likely: list[Candidate]) -> ExpertRead | None:
        """The active likely duplicate that lists this address, if any. An unconfirmed
        registration (which may name anyone's e-mail) is never one: it blocks no one."""
        experts = ExpertRepository(tx)
        for candidate in likely:
            expert = experts.get(candidate.id)
            listed = email in {str(e).lower() for e in expert.emails}
            if expert.status is ExpertStatus.ACTIVE and listed:
                return expert
        return None

    def _offer_claim(
        self,
        tx: GraphStore,
        notices: Notices,
        expert: ExpertRead,
        email: str,
        name: str,
        actor: Actor,
    ) -> None:
        """To a registrant whose address the profile lists: a link to take it over, or, when it
        has an owner, a note to log in."""
        accounts = AccountRepository(tx)
        if accounts.has_other_owner(expert.id, ""):
            notices.profile_owned(email=email)
            return
        account_id = accounts.create_pending(
            email=email, name=name, expert_id=None, expires_at=clock() + LIFETIME_MS
        )
        notices.listed_profile(email=email, account_id=account_id, expert_id=expert.id)
        details = {"account": account_id, "proven": True}
        AuditLog(tx).record(actor, Action.CLAIM, "expert", expert.id, details)

    def claim(self, request: ClaimCreate, actor: Actor) -> ClaimAccepted:
        """An existing profile for a new account: proven by a link sent to an e-mail the profile
        already lists, else decided by an admin. The answer is the same whatever the profile
        (unknown, pending, owned) and the address; only the mail differs, and an address the
        profile does not list gets the same note in every case."""
        email = str(request.email).lower()
        Tokens(self.store).sweep()

        def work(tx: GraphStore) -> Notices:
            notices = self.notices.within(tx)
            self._claim(tx, notices, request, email, actor)
            return notices

        self.store.write(work).post()
        return ClaimAccepted(expert_id=request.expert_id, email=email)

    def _claim(
        self, tx: GraphStore, notices: Notices, request: ClaimCreate, email: str, actor: Actor
    ) -> None:
        accounts = AccountRepository(tx)
        if accounts.email_taken(email):
            notices.account_exists(email=email)
            return
        expert = self._claimable(tx, request.expert_id)
        proven = expert is not None and email in {str(e).lower() for e in expert.emails}
        if expert is not None and proven and accounts.has_other_owner(expert.id, ""):
            notices.profile_owned(email=email)
            return
        if expert is None or accounts.has_other_owner(expert.id, ""):
            notices.claim_in_review(email=email)
            return
        # Tied to the profile only once confirmed; awaiting an admin, it lasts until a link is
        # mailed for it.
        account_id = accounts.create_pending(
            email=email,
            name=request.name,
            expert_id=None,
            expires_at=clock() + LIFETIME_MS if proven else None,
        )
        if proven:
            notices.claim_link(email=email, account_id=account_id, expert_id=expert.id)
        else:
            ReviewQueue(tx).add_claim(expert.id, account_id)
            notices.claim_in_review(email=email)
        details = {"account": account_id, "proven": proven}
        AuditLog(tx).record(actor, Action.CLAIM, "expert", expert.id, details)

    def _claimable(self, tx: GraphStore, expert_id: str) -> ExpertRead | None:
        """The active profile under this id (following merges), or None."""
        try:
            expert = ExpertService(tx).resolve(expert_id)
        except NotFound:
            return None
        return expert if expert.status is ExpertStatus.ACTIVE else None

    def confirm(self, request: Confirmation, actor: Actor) -> Confirmed:
        """The link's holder opens the account with the password they choose now; the account
        opens only if it is pending, unexpired, never closed, its address free and its profile
        without another owner, all checked in the write itself, in one transaction with the
        profile's activation and the audit event."""

        def work(tx: GraphStore) -> Confirmed:
            token, account_id = Tokens(tx).redeem(request.token, request.password)
            expert_id = AccountRepository(tx).expert_of(account_id) or token.expert_id
            experts = ExpertRepository(tx)
            expert = experts.get(expert_id)
            status = expert.status
            changes = SystemChanges(confirmed_at=now_ms())
            if token.purpose is Purpose.CONFIRM and status is ExpertStatus.PENDING:
                status = ExpertStatus.ACTIVE
                grade = max(1, expert.verification_grade)
                changes = replace(changes, status=status, verification_grade=grade)
            experts.set_system(expert, changes)
            record_changes(tx, expert_changes([expert_id]))
            confirming = token.purpose is Purpose.CONFIRM
            action = Action.REGISTRATION_CONFIRM if confirming else Action.CLAIM
            details = {"account": account_id, "confirmed": True}
            AuditLog(tx).record(actor, action, "expert", expert_id, details)
            return Confirmed(
                expert_id=expert_id, account_id=account_id, purpose=token.purpose, status=status
            )

        try:
            return self.store.write(work)
        except GraphConflict:
            # Another account took the address while this one was opening: say which rule.
            raise Tokens(self.store).refusal(request.token) from None

    def resend(self, request: ResendRequest, actor: Actor) -> RegistrationAccepted:
        """A fresh link for each unconfirmed registration or claim of this address that is
        still waiting for one (the earlier links keep working until they expire). The same
        answer whatever exists; nothing is mailed to an address with nothing waiting."""
        email = str(request.email).lower()

        def work(tx: GraphStore) -> Notices:
            notices = self.notices.within(tx)
            waiting = AccountRepository(tx).awaiting_link(email, clock())
            for each in waiting:
                self._resend(tx, notices, each, email, actor)
            if not waiting:
                # As much work as one link sent, so that timing tells nothing of the address.
                notices.no_link(email=email)
                details = {"account": "", "resent": False}
                AuditLog(tx).record(actor, Action.LINK_RESEND, "account", "", details)
            return notices

        self.store.write(work).post()
        return RegistrationAccepted(email=email)

    def _resend(
        self, tx: GraphStore, notices: Notices, waiting: AwaitingLink, email: str, actor: Actor
    ) -> None:
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
        AuditLog(tx).record(actor, Action.LINK_RESEND, "account", waiting.account_id, details)

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


def _waiting_for(waiting: list[AwaitingLink], claiming: ExpertRead | None) -> list[AwaitingLink]:
    """The links this address waits for that the registration would mail anew: a claim of
    the profile it would be offered, or else a pending registration's confirmation."""
    if claiming is not None:
        return [w for w in waiting if w.purpose is Purpose.CLAIM and w.expert_id == claiming.id]
    return [w for w in waiting if w.purpose is Purpose.CONFIRM]


def _with_proposals(
    tx: GraphStore, item: ExpertCreate, proposals: list[ProposedAffiliation], proposer: str
) -> tuple[ExpertCreate, list[str]]:
    """The profile with its affiliations to proposed organisations, each organisation written
    into `tx` (before the profile that links to it) as proposed by the profile `proposer`: an
    admin approves it before anyone else is offered it. And the new organisations' ids."""
    if not proposals:
        return item, []
    orgs = ResourceRepository(tx, ORGANIZATION)
    made = [
        orgs.insert(
            OrganizationCreate(
                name=p.name, kind=OrganizationKind.OTHER, country=p.country or item.country
            ),
            system={PROPOSED_BY: proposer},
        )
        for p in proposals
    ]
    added = [
        Affiliation(
            organization_id=org_id,
            title=p.title,
            start_year=p.start_year,
            end_year=p.end_year,
        )
        for org_id, p in zip(made, proposals, strict=True)
    ]
    affiliations = [*item.affiliations, *added]
    return item.model_copy(update={"affiliations": affiliations}), made
