"""The alerts' Celery tasks: the beat's evaluation of the change log (every second), its
immediate mail handed to the outbox's senders, and the digests (every quarter hour)."""

import threading

from celery import shared_task

from matching.alerts.evaluate import Memory, evaluate
from matching.tasks import index_cache
from talent.alerts.delivery import digests
from talent.alerts.mail import Mailing
from talent.jobs.tasks import require_store
from talent.outbox.tasks import send_mail_task

EVALUATE_TASK = "talent.evaluate_alerts"
DIGEST_TASK = "talent.alert_digests"
_mailing: Mailing | None = None
_running = threading.Lock()
# Kept between this worker's evaluations (only one runs at a time, under _running).
_memory = Memory()


def use_mailing(mailing: Mailing) -> None:
    """The worker's composition root hands over the site's address, words and signing key."""
    global _mailing
    _mailing = mailing


def _send(mail_ids: list[str]) -> None:
    for mail_id in mail_ids:
        send_mail_task.delay(mail_id)


@shared_task(name=EVALUATE_TASK, ignore_result=True)  # type: ignore[untyped-decorator]
def evaluate_task() -> int:
    """How many alerts this evaluation made. A tick that finds one running in this worker
    returns at once rather than hold a second thread on the cursor's lock (the running one
    reads to the log's head; the next tick takes what came since); across workers the lock
    keeps them one after the other."""
    if not _running.acquire(blocking=False):
        return 0
    try:
        done = evaluate(require_store(), index_cache(), mailing=_mailing, memory=_memory)
    finally:
        _running.release()
    _send(done.mails)
    return len(done.made)


@shared_task(name=DIGEST_TASK, ignore_result=True)  # type: ignore[untyped-decorator]
def digest_task() -> int:
    if _mailing is None:
        return 0
    mails = digests(require_store(), _mailing)
    _send(mails)
    return len(mails)
