"""The mails of registration and claims: each link carries a fresh single-use token."""

from dataclasses import dataclass

from talent.accounts.models import Purpose
from talent.accounts.tokens import Tokens
from talent.core.mail import Mailer


@dataclass(frozen=True, slots=True)
class Notices:
    tokens: Tokens
    mailer: Mailer
    # Where links point, without a trailing slash.
    public_url: str

    def confirm_email(self, *, email: str, name: str, account_id: str, expert_id: str) -> None:
        """The link that confirms a registration's address and opens its profile."""
        token = self.tokens.issue(Purpose.CONFIRM, account_id=account_id, expert_id=expert_id)
        self.mailer.send(
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
        self.mailer.send(
            email,
            "Confirm your claim of a profile",
            f"To take over your profile, open\n{self.public_url}/confirm?token={token}\n\n"
            f"or send this code to /api/v1/registrations/confirm: {token}\n\n"
            "You choose your password when you use it. The link works once, for two days. "
            "If you did not claim a profile, ignore this message.\n",
        )

    def claim_in_review(self, *, email: str) -> None:
        self.mailer.send(
            email,
            "Your claim is being reviewed",
            "The profile you claimed does not list this e-mail address, so an administrator "
            "will check your claim. You will receive a link once it is approved.\n",
        )
