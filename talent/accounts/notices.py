"""The mails of registration, claims and password resets: each link carries a fresh single-use
token. Every mail is in Vietnamese first, then in English, as a registrant's language is not
known yet.

Written into the outbox in the transaction of the change they tell about (`within`), and
handed to the workers once it has landed (`post`): a mail server that is down delays a mail,
it never loses one or undoes the change."""

from dataclasses import dataclass, field

from graph import GraphStore
from talent.accounts.models import Purpose
from talent.accounts.tokens import Tokens
from talent.outbox.repository import OutboxRepository
from talent.outbox.service import Dispatch

SEPARATOR = "-" * 60
IGNORE = (
    "Nếu không phải bạn yêu cầu, hãy bỏ qua thư này.",
    "If you did not ask for this, ignore this message.",
)
LINK_ONCE = (
    "Bạn chọn mật khẩu khi mở liên kết. Liên kết chỉ dùng được một lần, trong hai ngày.",
    "You choose your password when you use it. The link works once, for two days.",
)


RESET_SUBJECT = ("Đặt lại mật khẩu", "Reset your password")


def _greeting(name: str) -> str:
    """Both languages' greeting on the first line: the name appears there only."""
    return f"Kính gửi {name} · Dear {name},"


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

    def within(self, tx: GraphStore) -> "Notices":
        """Notices written in the transaction `tx`, none yet: a transaction run again after a
        transient failure starts a fresh list."""
        return Notices(tx, self.dispatch, self.public_url)

    def post(self) -> None:
        """Hand what was written to the workers (after its transaction has committed)."""
        if self.written:
            self.dispatch(list(self.written))
            self.written.clear()

    def _send(self, to: str, subject: tuple[str, str], body: tuple[str, str]) -> None:
        """One mail from its (Vietnamese, English) subject and body."""
        text = f"{body[0]}\n{SEPARATOR}\n\n{body[1]}"
        self.written.append(OutboxRepository(self.store).add(to, " / ".join(subject), text))

    def _link(self, token: str) -> str:
        return f"{self.public_url}/confirm?token={token}"

    def confirm_email(self, *, email: str, name: str, account_id: str, expert_id: str) -> None:
        """The link that confirms a registration's address and opens its profile."""
        token = self.tokens.issue(Purpose.CONFIRM, account_id=account_id, expert_id=expert_id)
        link = self._link(token)
        api = f"/api/v1/registrations/confirm: {token}"
        self._send(
            email,
            ("Xác nhận địa chỉ e-mail của bạn", "Confirm your e-mail address"),
            (
                f"{_greeting(name)}\n\nĐể xác nhận hồ sơ của bạn, hãy mở\n{link}\n\n"
                f"hoặc gửi mã này tới {api}\n\n{LINK_ONCE[0]} "
                "Nếu bạn không đăng ký, hãy bỏ qua thư này.\n",
                f"To confirm your profile, open\n{link}\n\n"
                f"or send this code to {api}\n\n{LINK_ONCE[1]} "
                "If you did not register, ignore this message.\n",
            ),
        )

    def claim_link(self, *, email: str, account_id: str, expert_id: str) -> None:
        """The link that hands a claimed profile to the new account."""
        token = self.tokens.issue(Purpose.CLAIM, account_id=account_id, expert_id=expert_id)
        link = self._link(token)
        api = f"/api/v1/registrations/confirm: {token}"
        self._send(
            email,
            ("Xác nhận yêu cầu nhận hồ sơ", "Confirm your claim of a profile"),
            (
                f"Để nhận hồ sơ của bạn, hãy mở\n{link}\n\nhoặc gửi mã này tới {api}\n\n"
                f"{LINK_ONCE[0]} Nếu bạn không yêu cầu nhận hồ sơ, hãy bỏ qua thư này.\n",
                f"To take over your profile, open\n{link}\n\nor send this code to {api}\n\n"
                f"{LINK_ONCE[1]} If you did not claim a profile, ignore this message.\n",
            ),
        )

    def claim_in_review(self, *, email: str) -> None:
        """The one note to an address the claimed profile does not list (or that names no
        claimable profile): it says nothing about the profile."""
        self._send(
            email,
            ("Yêu cầu nhận hồ sơ của bạn", "Your claim of a profile"),
            (
                "Chúng tôi đã nhận được yêu cầu nhận một hồ sơ với địa chỉ này. Chúng tôi không "
                "thể gửi liên kết tới địa chỉ này, vì vậy nếu yêu cầu có thể kiểm tra được, một "
                "quản trị viên sẽ kiểm tra và bạn sẽ nhận được liên kết nếu yêu cầu được chấp "
                "thuận.\n\nNếu bạn không yêu cầu nhận hồ sơ, hãy bỏ qua thư này.\n",
                "We received a claim of a profile with this address. We cannot send a link for "
                "it to this address, so if the claim can be checked an administrator will check "
                "it, and you will receive a link if it is approved.\n\n"
                "If you did not claim a profile, ignore this message.\n",
            ),
        )

    def listed_profile(self, *, email: str, account_id: str, expert_id: str) -> None:
        """To a registrant whose address a profile already lists: a link to take that profile
        over, instead of a second profile."""
        token = self.tokens.issue(Purpose.CLAIM, account_id=account_id, expert_id=expert_id)
        link = self._link(token)
        api = f"/api/v1/registrations/confirm: {token}"
        self._send(
            email,
            ("Bạn đã có hồ sơ", "You already have a profile"),
            (
                "Ai đó, có lẽ là bạn, đã đăng ký với địa chỉ này, và một hồ sơ chúng tôi đang "
                f"lưu có ghi địa chỉ này. Để nhận hồ sơ đó, hãy mở\n{link}\n\n"
                f"hoặc gửi mã này tới {api}\n\n{LINK_ONCE[0]} Nếu hồ sơ đó là của người "
                "khác dùng chung địa chỉ này, hãy đăng ký lại và đánh dấu rằng đó không phải "
                "là bạn (not_a_duplicate). Nếu bạn không đăng ký, hãy bỏ qua thư này.\n",
                "Someone, probably you, registered with this address, and a profile we already "
                f"hold lists it. To claim that profile, open\n{link}\n\n"
                f"or send this code to {api}\n\n{LINK_ONCE[1]} "
                "If that profile is someone else's who shares this address, register again with "
                "not_a_duplicate set. If you did not register, ignore this message.\n",
            ),
        )

    def account_exists(self, *, email: str) -> None:
        """To an address an account already holds, asked for a registration or a claim."""
        self._send(
            email,
            ("Bạn đã có tài khoản", "You already have an account"),
            (
                "Ai đó, có lẽ là bạn, đã yêu cầu đăng ký hoặc nhận một hồ sơ với địa chỉ này, "
                "nhưng địa chỉ này đã thuộc về một tài khoản: hãy đăng nhập bằng tài khoản đó. "
                "Nếu không đăng nhập được, hãy đặt lại mật khẩu hoặc liên hệ quản trị viên. "
                f"{IGNORE[0]}\n",
                "Someone, probably you, asked to register or to claim a profile with this "
                "address, but an account already uses it: log in with it. If you cannot, reset "
                f"your password or ask an administrator. {IGNORE[1]}\n",
            ),
        )

    def profile_owned(self, *, email: str) -> None:
        """To an address a profile lists, asked to register or claim it while it has an owner
        account."""
        self._send(
            email,
            ("Hồ sơ của bạn đã có tài khoản", "Your profile already has an account"),
            (
                "Ai đó, có lẽ là bạn, đã yêu cầu đăng ký hoặc nhận hồ sơ có ghi địa chỉ này, "
                "nhưng hồ sơ đó đã có tài khoản: hãy đăng nhập bằng tài khoản đó. Nếu không "
                f"đăng nhập được, hãy liên hệ quản trị viên. {IGNORE[0]}\n",
                "Someone, probably you, asked to register or to claim the profile that lists "
                "this address, but it already has an account: log in with that one. If you "
                f"cannot, ask an administrator. {IGNORE[1]}\n",
            ),
        )

    def password_reset(self, *, email: str, name: str, account_id: str, expert_id: str) -> None:
        """The link that sets a new password for an open account."""
        token = self.tokens.issue_reset(account_id=account_id, expert_id=expert_id)
        self._send(email, RESET_SUBJECT, self._reset_body(name, token))

    def no_link(self, *, email: str) -> None:
        """No mail, after the same work as sending a link short of writing it: a token made
        and its statement run (storing nothing), a mail composed. The answer to an address
        with nothing to send (no open account to reset, no registration waiting) comes no
        sooner than to one with."""
        self._reset_body(email, self.tokens.issue_no_reset())

    def _reset_body(self, name: str, token: str) -> tuple[str, str]:
        link = f"{self.public_url}/password/reset?token={token}"
        api = f"/api/v1/password/reset: {token}"
        return (
            f"{_greeting(name)}\n\nĐể chọn mật khẩu mới, hãy mở\n{link}\n\n"
            f"hoặc gửi mã này tới {api}\n\nLiên kết chỉ dùng được một lần, trong một "
            f"giờ. Mật khẩu hiện tại vẫn dùng được cho tới khi bạn đổi. {IGNORE[0]}\n",
            f"To choose a new password, open\n{link}\n\n"
            f"or send this code to {api}\n\nThe link works once, for an hour. Your "
            f"current password keeps working until you change it. {IGNORE[1]}\n",
        )
