"""A message is sent once however often its task is delivered: Celery may deliver a task twice
and the flush hands out again what looks lost, so two senders may race on one message."""

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from graph.neo4j_store import Neo4jStore
from talent.core.mail import OutboxMailer
from talent.outbox.repository import OutboxRepository
from talent.outbox.service import deliver
from tests.mailbox import read_outbox


class SlowMailer(OutboxMailer):
    """The outbox folder, written after a pause as a slow SMTP server answers."""

    def send(self, to: str, subject: str, body: str) -> None:
        time.sleep(0.3)
        super().send(to, subject, body)


def test_two_senders_of_one_message_send_it_once(store: Neo4jStore, tmp_path: Path) -> None:
    mail_id = OutboxRepository(store).add("to@example.org", "Xác nhận", "link")
    mailer = SlowMailer(tmp_path, "talentgraph <no-reply@example.org>")
    with ThreadPoolExecutor(3) as pool:
        done = list(pool.map(lambda _: deliver(store, mailer, mail_id, attempt=0), range(3)))
    assert done == [True, True, True]
    assert len(read_outbox(tmp_path)) == 1
    assert OutboxRepository(store).count_pending() == 0


def test_a_failed_send_lets_the_retry_take_the_message_again(
    store: Neo4jStore, tmp_path: Path
) -> None:
    mail_id = OutboxRepository(store).add("to@example.org", "Xác nhận", "link")
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the outbox folder should be")
    assert deliver(store, OutboxMailer(blocked, "x <x@example.org>"), mail_id, attempt=0) is False
    assert deliver(store, OutboxMailer(tmp_path, "x <x@example.org>"), mail_id, attempt=1)
    assert len(read_outbox(tmp_path)) == 1
