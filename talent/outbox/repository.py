"""Mail records in the graph."""

from graph import GraphStore
from graph.queries import outbox as q
from talent.core.ids import new_id, now_ms
from talent.outbox.models import MailState, OutgoingMail


class OutboxRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def add(self, to: str, subject: str, body: str) -> str:
        """A pending message (in a transaction: sent only if it commits); its id."""
        mail = OutgoingMail(
            id=new_id(),
            to=to,
            subject=subject,
            body=body,
            state=MailState.PENDING,
            created_at=now_ms(),
        )
        self.store.run(q.add(mail.model_dump(mode="json", exclude_none=True)))
        return mail.id

    def get(self, mail_id: str) -> OutgoingMail | None:
        rows = self.store.run(q.get(mail_id))
        return OutgoingMail.model_validate(rows[0]["mail"]) if rows else None

    def claim(self, mail_id: str, *, for_ms: int) -> OutgoingMail | None:
        """The message, taken to be sent by this caller alone for `for_ms`; None when it is
        not pending or another sender holds it."""
        at = now_ms()
        rows = self.store.run(q.claim(mail_id, at, at + for_ms))
        return OutgoingMail.model_validate(rows[0]["mail"]) if rows else None

    def mark_sent(self, mail_id: str) -> None:
        self.store.run(q.sent(mail_id, now_ms()))

    def mark_failed_attempt(self, mail_id: str, error: str, *, give_up: bool) -> None:
        self.store.run(q.attempt_failed(mail_id, error[:500], now_ms(), give_up))

    def pending(self, *, never_tried_before: int, retried_before: int, limit: int) -> list[str]:
        rows = self.store.run(q.pending(never_tried_before, retried_before, limit))
        return [str(row["id"]) for row in rows]

    def count_pending(self, to: str | None = None) -> int:
        return int(self.store.run(q.count_pending(to))[0]["n"])
