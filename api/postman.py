"""Handing outbox mail to the workers, once the transaction that wrote it has committed."""

import logging
from collections.abc import Sequence

from api.worker import celery_app
from talent.outbox.models import SEND_MAIL_TASK

log = logging.getLogger(__name__)


def dispatch_mail(mail_ids: Sequence[str]) -> None:
    """Queue one send per message. A queue that cannot be reached loses nothing: the mail
    stays in the outbox and the periodic flush hands it out again."""
    for mail_id in mail_ids:
        try:
            celery_app.send_task(SEND_MAIL_TASK, args=[mail_id], ignore_result=True)
        except Exception as exc:  # the broker's own errors vary by transport
            log.warning("mail %s left for the outbox flush: %s", mail_id, exc)
            return
