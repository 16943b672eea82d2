"""Reading what the service mailed: the embedded default's outbox folder."""

import re
import time
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from functools import cache
from pathlib import Path

from api.mailer import outbox_folder
from api.settings import get_settings
from api.store import open_configured_store
from graph import GraphStore
from talent.outbox.repository import OutboxRepository

_TOKEN = re.compile(r"token=([A-Za-z0-9_\-]+)")


def read_outbox(folder: Path) -> list[EmailMessage]:
    """The messages in an outbox, oldest first."""
    parser = BytesParser(policy=policy.default)
    messages = []
    for path in sorted(folder.glob("*.eml")):
        parsed = parser.parsebytes(path.read_bytes())
        assert isinstance(parsed, EmailMessage)
        messages.append(parsed)
    return messages


@cache
def _store(graph_url: str | None) -> GraphStore:
    """One store per engine for the run (the settings name the engine the tests are on)."""
    return open_configured_store(get_settings())


def wait_for_outbox(address: str | None = None, timeout: float = 30.0) -> None:
    """Until the worker has sent every message the service wrote (to `address`)."""
    outbox = OutboxRepository(_store(get_settings().graph_url))
    deadline = time.monotonic() + timeout
    while outbox.count_pending(address):
        assert time.monotonic() < deadline, f"mail to {address} was not sent"
        time.sleep(0.05)


def messages_to(address: str) -> list[str]:
    """Bodies of the messages sent to `address`, oldest first (once the worker sent them)."""
    wait_for_outbox(address)
    return [
        str(m.get_content())
        for m in read_outbox(outbox_folder(get_settings()))
        if m["To"] == address
    ]


def last_token(address: str) -> str:
    bodies = messages_to(address)
    assert bodies, f"nothing was mailed to {address}"
    found = _TOKEN.search(bodies[-1])
    assert found, bodies[-1]
    return found.group(1)
