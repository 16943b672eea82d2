"""The mails of registration and claims: each link carries a fresh single-use token.

Written into the outbox in the unit of work of the change they tell about (`within`), and
handed to the workers once it has landed (`post`): a mail server that is down delays a mail,
it never loses one or undoes the change."""

from dataclasses import dataclass, field

from graph import GraphStore
from talent.accounts.models import Purpose
from talent.accounts.tokens import Tokens
from talent.outbox.repository import OutboxRepository
from talent.outbox.service import Dispatch


@dataclass(frozen=True, slots=True)
class Notices:
    store: GraphStore
    dispatch: Dispatch
    # Where links point, without a trailing slash.
    public_url: str
    written: list[str] = field(default_factory=list)

    @property
    def tokens(self) -> Tokens:
        return Tokens(self.store)

    def within(self, unit: GraphStore) -> "Notices":
        """These notices, written into `unit`."""
        return Notices(unit, self.dispatch, self.public_url)

    def post(self) -> None:
        """Hand what was written to the workers (after the unit has landed)."""
        if self.written:
            self.dispatch(list(self.written))
            self.written.clear()

    def _send(self, to: str, subject: str, body: str) -> None:
        self.written.append(OutboxRepository(self.store).add(to, subject, body))

    def confirm_email(self, *, email: str, name: str, account_id: str, expert_id: str) -> None:
        """The link that confirms a registration's address and opens its profile."""
        token = self.tokens.issue(Purpose.CONFIRM, account_id=account_id, expert_id=expert_id)
        self._send(
            email,
            "Confirm your e-mail address",
            f"Dear {name},\n\nTo confirm your profile, open\n"
            f"{self.public_url}/confirm?token={token}\n\n"
            f"or send this code to /api/v1/registrations/confirm: {token}\n\n"
            "You choose your password when you use it. The link works once, for two days. "
            "If you did not register, ignore this message.\n",
        )

    def claim_link(self, *, email: str, account_id: str, expert_id: str) -> None:
        """The link that hands a claimed profile to the new account."""
        token = self.tokens.issue(Purpose.CLAIM, account_id=account_id, expert_id=expert_id)
        self._send(
            email,
            "Confirm your claim of a profile",
            f"To take over your profile, open\n{self.public_url}/confirm?token={token}\n\n"
            f"or send this code to /api/v1/registrations/confirm: {token}\n\n"
            "You choose your password when you use it. The link works once, for two days. "
            "If you did not claim a profile, ignore this message.\n",
        )

    def claim_in_review(self, *, email: str) -> None:
        """The one note to an address the claimed profile does not list (or that names no
        claimable profile): it says nothing about the profile."""
        self._send(
            email,
            "Your claim of a profile",
            "We received a claim of a profile with this address. We cannot send a link for it "
            "to this address, so if the claim can be checked an administrator will check it, "
            "and you will receive a link if it is approved.\n\n"
            "If you did not claim a profile, ignore this message.\n",
        )

    def listed_profile(self, *, email: str, account_id: str, expert_id: str) -> None:
        """To a registrant whose address a profile already lists: a link to take that profile
        over, instead of a second profile."""
        token = self.tokens.issue(Purpose.CLAIM, account_id=account_id, expert_id=expert_id)
        self._send(
            email,
            "You already have a profile",
            "Someone, probably you, registered with this address, and a profile we already "
            "hold lists it. To claim that profile, open\n"
            f"{self.public_url}/confirm?token={token}\n\n"
            f"or send this code to /api/v1/registrations/confirm: {token}\n\n"
            "You choose your password when you use it. The link works once, for two days. "
            "If that profile is someone else's who shares this address, register again with "
            "not_a_duplicate set. If you did not register, ignore this message.\n",
        )

    def account_exists(self, *, email: str) -> None:
        """To an address an account already holds, asked for a registration or a claim."""
        self._send(
            email,
            "You already have an account",
            "Someone, probably you, asked to register or to claim a profile with this "
            "address, but an account already uses it: log in with it. If you cannot, ask an "
            "administrator. If you did not ask, ignore this message.\n",
        )

    def profile_owned(self, *, email: str) -> None:
        """To an address a profile lists, asked to register or claim it while it has an owner
        account."""
        self._send(
            email,
            "Your profile already has an account",
            "Someone, probably you, asked to register or to claim the profile that lists this "
            "address, but it already has an account: log in with that one. If you cannot, ask "
            "an administrator. If you did not ask, ignore this message.\n",
        )
