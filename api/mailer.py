"""The configured mailer: SMTP when a host is set, else the outbox folder; and the mails' words,
looked up in the pages' own catalogues, in the language a request names."""

from functools import cache
from pathlib import Path

from fastapi import Request

from api.settings import Settings
from api.web import i18n
from talent.core.letters import Letters
from talent.core.mail import Mailer, OutboxMailer, SmtpMailer


@cache
def mail_letters() -> Letters:
    """Mails written through the same gettext catalogues as the pages."""
    return Letters(i18n.translations)


def requested_locale(request: Request) -> str | None:
    """The language a request names (the page's chosen language, else its Accept-Language),
    or None where it names none (an API call without the header): then a mail is written in
    both languages."""
    chosen = request.cookies.get(i18n.COOKIE) in i18n.LOCALES
    if chosen or request.headers.get("accept-language"):
        return i18n.negotiate(request)
    return None


def outbox_folder(settings: Settings) -> Path:
    return settings.data_dir.resolve() / "outbox"


def mailer_for(settings: Settings) -> Mailer:
    if settings.smtp_host:
        return SmtpMailer(
            host=settings.smtp_host,
            port=settings.smtp_port,
            sender=settings.mail_from,
            user=settings.smtp_user,
            password=settings.smtp_password.get_secret_value(),
            starttls=settings.smtp_starttls,
        )
    return OutboxMailer(outbox_folder(settings), settings.mail_from)
