"""The mails of registration, claims and password resets: each link carries a fresh single-use
token and opens a page of the site. Each mail is written from its template (talent/core/mails/)
in the recipient's language when the request named one, else in Vietnamese and then English.

Written into the outbox in the transaction of the change they tell about (`within`), and
handed to the workers once it has landed (`post`): a mail server that is down delays a mail,
it never loses one or undoes the change."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from graph import GraphStore
from talent.accounts.models import Purpose
from talent.accounts.tokens import Tokens
from talent.core.letters import Letter, Letters
from talent.outbox.repository import OutboxRepository
from talent.outbox.service import Dispatch

# An invitation's link sets the first password of an account made for someone: a week, so
# that a person away for a few days can still use it.
INVITATION_LIFETIME_MS = 7 * 24 * 3600 * 1000


@dataclass(frozen=True, slots=True)
class Notices:
    store: GraphStore
    dispatch: Dispatch
    # Where links point, without a trailing slash.
    public_url: str
    written: list[str] = field(default_factory=list)
    # The requester's language, who is the recipient of what they asked for; None: unknown.
    locale: str | None = None
    letters: Letters = field(default_factory=Letters)

    @property
    def tokens(self) -> Tokens:
        return Tokens(self.store)

    def within(self, tx: GraphStore, *, to_requester: bool = True) -> "Notices":
        """Notices written in the transaction `tx`, none yet: a transaction run again after a
        transient failure starts a fresh list. Mails to someone other than the requester (a
        claimant told of an admin's decision) are written in both languages: the requester's
        is not theirs."""
        locale = self.locale if to_requester else None
        return Notices(tx, self.dispatch, self.public_url, locale=locale, letters=self.letters)

    def post(self) -> None:
        """Hand what was written to the workers (after its transaction has committed)."""
        if self.written:
            self.dispatch(list(self.written))
            self.written.clear()

    def _letter(self, template: str, context: Mapping[str, object]) -> Letter:
        return self.letters.write(template, self.locale, context)

    def _send(self, to: str, template: str, **context: object) -> None:
        """The mail `template` to `to`, written into the outbox."""
        letter = self._letter(template, context)
        self.written.append(OutboxRepository(self.store).add(to, letter.subject, letter.body))

    def _page(self, path: str) -> str:
        return f"{self.public_url}{path}"

    def _link(self, token: str) -> str:
        return self._page(f"/confirm?token={token}")

    def confirm_email(self, *, email: str, name: str, account_id: str, expert_id: str) -> None:
        """The link that confirms a registration's address and opens its profile."""
        token = self.tokens.issue(Purpose.CONFIRM, account_id=account_id, expert_id=expert_id)
        self._send(email, "confirm_email", name=name, link=self._link(token))

    def claim_link(self, *, email: str, account_id: str, expert_id: str) -> None:
        """The link that hands a claimed profile to the new account."""
        token = self.tokens.issue(Purpose.CLAIM, account_id=account_id, expert_id=expert_id)
        self._send(email, "claim_link", link=self._link(token))

    def claim_in_review(self, *, email: str) -> None:
        """The one note to an address the claimed profile does not list (or that names no
        claimable profile): it says nothing about the profile."""
        self._send(email, "claim_in_review")

    def listed_profile(self, *, email: str, account_id: str, expert_id: str) -> None:
        """To a registrant whose address a profile already lists: a link to take that profile
        over, instead of a second profile."""
        token = self.tokens.issue(Purpose.CLAIM, account_id=account_id, expert_id=expert_id)
        self._send(
            email, "listed_profile", link=self._link(token), register=self._page("/register")
        )

    def account_exists(self, *, email: str) -> None:
        """To an address an account already holds, asked for a registration or a claim."""
        self._send(
            email,
            "account_exists",
            login=self._page("/login"),
            forgot=self._page("/password/forgot"),
        )

    def profile_owned(self, *, email: str) -> None:
        """To an address a profile lists, asked to register or claim it while it has an owner
        account."""
        self._send(email, "profile_owned", login=self._page("/login"))

    def password_reset(self, *, email: str, name: str, account_id: str, expert_id: str) -> None:
        """The link that sets a new password for an open account."""
        token = self.tokens.issue_reset(account_id=account_id, expert_id=expert_id)
        self._send(email, "password_reset", name=name, link=self._reset_link(token))

    def staff_invitation(self, *, email: str, name: str, account_id: str, role: str) -> None:
        """To a person an admin gave an account: the link that sets its first password (the
        password-reset machinery, working for a week), and where to sign in afterwards."""
        token = self.tokens.issue_reset(
            account_id=account_id, expert_id="", lifetime_ms=INVITATION_LIFETIME_MS
        )
        self._send(
            email,
            "staff_invitation",
            name=name,
            role=role,
            link=self._reset_link(token),
            login=self._page("/login"),
        )

    def no_link(self, *, email: str) -> None:
        """No mail, after the same work as sending a link short of writing it: a token made
        and its statement run (storing nothing), a mail composed. The answer to an address
        with nothing to send (no open account to reset, no registration waiting) comes no
        sooner than to one with."""
        link = self._reset_link(self.tokens.issue_no_reset())
        self._letter("password_reset", {"name": email, "link": link})

    def _reset_link(self, token: str) -> str:
        return self._page(f"/password/reset?token={token}")
