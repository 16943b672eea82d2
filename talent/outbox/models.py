"""A message in the outbox."""

from enum import StrEnum

from pydantic import BaseModel

SEND_MAIL_TASK = "talent.send_mail"
FLUSH_OUTBOX_TASK = "talent.flush_outbox"
# Attempts before a message is given up (marked failed, visible to an operator).
MAX_ATTEMPTS = 8


class MailState(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class OutgoingMail(BaseModel):
    id: str
    to: str
    subject: str
    body: str
    state: MailState
    created_at: int
    attempts: int = 0
    last_error: str | None = None
