"""Mail goes through the outbox: written with the change, sent by the worker with retries. A
mail that cannot be sent delays the link, never loses it or fails the registration; a lost or
expired link is sent again on request."""

import itertools
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.mailer import outbox_folder
from api.settings import get_settings
from graph import Query
from graph.neo4j_store import Neo4jStore
from tests.factories import expert_body
from tests.mailbox import last_token, messages_to

API = "/api/v1"
PASSWORD = "a long enough passphrase"
_n = itertools.count(1)


def _registration(email: str) -> dict[str, Any]:
    body = expert_body(full_name=f"Vũ Thị Outbox {next(_n)}", emails=[])
    body.pop("orcid")
    return {"email": email, "profile": body}


@pytest.fixture
def broken_mail_server() -> Iterator[Path]:
    """The worker's mailer fails (its folder is a file) until the fixture's caller mends it."""
    folder = outbox_folder(get_settings())
    kept = folder.with_name("outbox-kept")
    folder.mkdir(parents=True, exist_ok=True)
    folder.rename(kept)
    folder.write_text("not a folder")
    yield folder
    if folder.is_file():
        folder.unlink()
    if kept.exists():
        if folder.exists():
            shutil.rmtree(folder)
        kept.rename(folder)


def _attempts(store: Neo4jStore, address: str) -> int:
    rows = store.run(
        Query("MATCH (m:Mail {to: $to}) RETURN max(coalesce(m.attempts, 0)) AS n", {"to": address})
    )
    return int(rows[0]["n"] or 0)


def test_a_registration_while_mail_fails_is_accepted_and_its_link_arrives_later(
    anonymous: httpx.Client, store: Neo4jStore, broken_mail_server: Path
) -> None:
    address = "outbox.late@example.net"
    assert anonymous.post(f"{API}/registrations", json=_registration(address)).status_code == 202
    deadline = time.monotonic() + 30
    while _attempts(store, address) == 0:
        assert time.monotonic() < deadline, "the worker never tried to send"
        time.sleep(0.1)
    broken_mail_server.unlink()
    broken_mail_server.with_name("outbox-kept").rename(broken_mail_server)
    # The worker's retry (after its backoff) sends it now that mail works again.
    assert len(messages_to(address)) == 1
    confirm = {"token": last_token(address), "password": PASSWORD}
    assert anonymous.post(f"{API}/registrations/confirm", json=confirm).status_code == 200


def test_a_lost_link_is_sent_again_and_the_new_one_opens_the_account(
    anonymous: httpx.Client,
) -> None:
    address = "outbox.resend@example.net"
    assert anonymous.post(f"{API}/registrations", json=_registration(address)).status_code == 202
    first = last_token(address)
    resent = anonymous.post(f"{API}/registrations/resend", json={"email": address})
    assert resent.status_code == 202
    assert resent.json() == {"state": "received", "email": address}
    second = last_token(address)
    assert second != first
    confirm = {"token": second, "password": PASSWORD}
    assert anonymous.post(f"{API}/registrations/confirm", json=confirm).status_code == 200
    # Confirmed: nothing waits any more, so nothing more is mailed.
    before = len(messages_to(address))
    assert anonymous.post(f"{API}/registrations/resend", json={"email": address}).status_code == 202
    assert len(messages_to(address)) == before


def test_a_resend_for_an_unknown_address_answers_the_same_and_mails_nothing(
    anonymous: httpx.Client,
) -> None:
    address = "outbox.nobody@example.net"
    answer = anonymous.post(f"{API}/registrations/resend", json={"email": address})
    assert answer.status_code == 202
    assert answer.json() == {"state": "received", "email": address}
    assert messages_to(address) == []


def test_resends_are_limited_per_email(anonymous: httpx.Client) -> None:
    address = "outbox.flood@example.net"
    codes = [
        anonymous.post(f"{API}/registrations/resend", json={"email": address}).status_code
        for _ in range(4)
    ]
    assert codes == [202, 202, 202, 429]


def test_a_resend_names_a_bad_email_field(anonymous: httpx.Client) -> None:
    answer = anonymous.post(f"{API}/registrations/resend", json={"email": "not an address"})
    assert answer.status_code == 422
    assert "email" in answer.json()["fields"]
