"""Reading what the service mailed: the embedded default's outbox folder."""

import re

from api.mailer import outbox_folder
from api.settings import get_settings
from talent.core.mail import read_outbox

_TOKEN = re.compile(r"token=([A-Za-z0-9_\-]+)")


def messages_to(address: str) -> list[str]:
    """Bodies of the messages sent to `address`, oldest first."""
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
