"""Outgoing mail: an outbox folder by default (one .eml file per message), SMTP when configured.

The outbox keeps every message, so the embedded default needs no mail server and a test or an
operator reads exactly what would have been sent.
"""

import smtplib
import time
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol


class Mailer(Protocol):
    def send(self, to: str, subject: str, body: str) -> None: ...


def compose(sender: str, to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = f"<{uuid.uuid4().hex}@talentgraph>"
    message.set_content(body)
    return message


@dataclass(frozen=True, slots=True)
class OutboxMailer:
    folder: Path
    sender: str

    def send(self, to: str, subject: str, body: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"
        (self.folder / name).write_bytes(bytes(compose(self.sender, to, subject, body)))


@dataclass(frozen=True, slots=True)
class SmtpMailer:
    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None
    starttls: bool = True
    timeout: float = 10.0

    def send(self, to: str, subject: str, body: str) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.user:
                smtp.login(self.user, self.password or "")
            smtp.send_message(compose(self.sender, to, subject, body))
