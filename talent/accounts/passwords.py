"""Forgotten passwords: a single-use link, working for an hour, mailed to the address of an
open account. Anonymous callers get one answer whatever exists."""

from dataclasses import dataclass

from graph import GraphStore
from talent.accounts.models import PasswordChanged, PasswordForgot, PasswordReset, ResetRequested
from talent.accounts.notices import Notices
from talent.accounts.repository import AccountRepository
from talent.accounts.tokens import Tokens
from talent.audit.log import Action, Actor, AuditLog


@dataclass
class PasswordResets:
    store: GraphStore
    notices: Notices

    def forgot(
        self, request: PasswordForgot, actor: Actor, *, may_mail: bool = True
    ) -> ResetRequested:
        """A reset link to the address if an open account holds it and `may_mail` (its mails
        are within their limit), nothing otherwise; the mail and its audit event in one
        transaction. The same answer in every case, after the same work: the same token made,
        the same statements run, the same event written (only whether a mail went differs)."""
        email = str(request.email).lower()

        def work(tx: GraphStore) -> Notices:
            notices = self.notices.within(tx)
            account = AccountRepository(tx).open_by_email(email)
            mailed = account is not None and may_mail
            if account is not None and may_mail:
                notices.password_reset(
                    email=email,
                    name=account.name,
                    account_id=account.id,
                    expert_id=account.expert_id or "",
                )
            else:
                notices.no_link(email=email)
            target = account.id if account is not None else ""
            details = {"mailed": mailed}
            AuditLog(tx).record(actor, Action.PASSWORD_FORGOT, "account", target, details)
            return notices

        self.store.write(work).post()
        return ResetRequested(email=email)

    def reset(self, request: PasswordReset, actor: Actor) -> PasswordChanged:
        """The link's holder sets a new password, once: a used or expired link, or a closed
        account, changes nothing (409, 422)."""

        def work(tx: GraphStore) -> None:
            record = Tokens(tx).reset(request.token, request.password)
            AuditLog(tx).record(actor, Action.PASSWORD_RESET, "account", record.account_id)

        self.store.write(work)
        return PasswordChanged()
