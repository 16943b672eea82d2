"""The configured mailer: SMTP when a host is set, else the outbox folder."""

from pathlib import Path

from api.settings import Settings
from talent.core.mail import Mailer, OutboxMailer, SmtpMailer


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
