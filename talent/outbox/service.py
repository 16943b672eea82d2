"""Sending the outbox: each message by its own task, retried with backoff; a periodic flush
re-sends what a dead worker or an unreachable queue left behind."""

import logging
from collections.abc import Callable, Sequence

from graph import GraphStore
from talent.core.ids import now_ms
from talent.core.mail import Mailer
from talent.outbox.models import MAX_ATTEMPTS
from talent.outbox.repository import OutboxRepository

log = logging.getLogger(__name__)

# Hands message ids to the workers (the composition root binds it to the Celery app).
Dispatch = Callable[[Sequence[str]], None]
# Unsent mail never tried after this long, or not retried after the longest backoff, is
# handed out again by the flush (its task was lost with the queue or a worker).
STALE_MS = 60_000
RETRY_STALE_MS = 15 * 60_000
# How long one sender holds a message: longer than a send can take (SMTP time-outs included);
# a sender that died holding it lets the flush hand it out again after that.
CLAIM_MS = 5 * 60_000


def deliver(store: GraphStore, mailer: Mailer, mail_id: str, *, attempt: int) -> bool:
    """Send one message unless it was sent already or another sender has it (a task may be
    delivered twice, and the flush hands out again what looks lost); False when sending
    failed and a retry should follow (the failure is recorded; at the last attempt the
    message is given up)."""
    outbox = OutboxRepository(store)
    mail = outbox.claim(mail_id, for_ms=CLAIM_MS)
    if mail is None:
        return True
    try:
        mailer.send(mail.to, mail.subject, mail.body)
    except OSError as exc:  # SMTP and file errors alike
        give_up = attempt + 1 >= MAX_ATTEMPTS
        log.warning("mail %s not sent (attempt %d): %s", mail_id, attempt + 1, exc)
        outbox.mark_failed_attempt(mail_id, str(exc), give_up=give_up)
        return give_up
    outbox.mark_sent(mail_id)
    return True


def flush(
    store: GraphStore, dispatch: Dispatch, *, limit: int = 500, stale_ms: int = STALE_MS
) -> int:
    """Hand out again the unsent messages whose task was lost (never tried for `stale_ms`,
    or not retried for longer than the longest backoff); how many."""
    now = now_ms()
    ids = OutboxRepository(store).pending(
        never_tried_before=now - stale_ms, retried_before=now - RETRY_STALE_MS, limit=limit
    )
    if ids:
        dispatch(ids)
    return len(ids)
