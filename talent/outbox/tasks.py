"""Celery tasks of the outbox: send one message; flush what is left."""

from collections.abc import Sequence

from celery import Task, shared_task

from graph import GraphUnavailable
from talent.core.mail import Mailer
from talent.jobs.tasks import require_store
from talent.outbox.models import FLUSH_OUTBOX_TASK, MAX_ATTEMPTS, SEND_MAIL_TASK
from talent.outbox.service import deliver, flush

_mailer: Mailer | None = None


def use_mailer(mailer: Mailer) -> None:
    """The worker's composition root hands its mailer over at start-up."""
    global _mailer
    _mailer = mailer


class MailNotSent(Exception):
    """Raised to have Celery retry a message later."""


# A failed attempt is retried with backoff (5 s, 10 s, ... at most 10 minutes apart).
@shared_task(
    name=SEND_MAIL_TASK,
    bind=True,
    autoretry_for=(GraphUnavailable, MailNotSent),
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=MAX_ATTEMPTS,
)
def send_mail_task(self: Task, mail_id: str) -> None:
    if _mailer is None:
        raise GraphUnavailable("the worker has no mailer yet")
    if not deliver(require_store(), _mailer, mail_id, attempt=self.request.retries):
        raise MailNotSent(mail_id)


def _send_each(mail_ids: Sequence[str]) -> None:
    for mail_id in mail_ids:
        send_mail_task.delay(mail_id)


@shared_task(name=FLUSH_OUTBOX_TASK)
def flush_outbox_task() -> int:
    return flush(require_store(), _send_each)
