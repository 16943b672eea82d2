"""Links in mails come from configuration only: a caller's `Host` never decides where a
password-reset or confirmation link points, and serving beyond loopback without a public
address (or with a placeholder key) is refused at start."""

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from api.settings import Settings, UnsafeListener, for_listener
from graph.neo4j_store import Neo4jStore
from talent.accounts.models import AccountCreate, Role
from talent.accounts.repository import AccountRepository
from tests.api.test_registration import registration
from tests.conftest import ROOT
from tests.mailbox import messages_to

API = "/api/v1"
EVIL = "evil.example"
KEY = SecretStr("k" * 48)


def _only_links_to(mail: str, base_url: str, path: str) -> None:
    assert EVIL not in mail
    assert f"{base_url}{path}?token=" in mail


def test_a_forged_host_does_not_point_a_reset_link_at_the_attacker(
    anonymous: httpx.Client, store: Neo4jStore, base_url: str
) -> None:
    email = "hosted@example.org"
    item = AccountCreate(email=email, password="a long password", role=Role.MINISTRY, name="Vũ An")
    AccountRepository(store).create(item)
    for host in (EVIL, f"{EVIL}:443", f"127.0.0.1.{EVIL}"):
        sent = anonymous.post(
            f"{API}/password/forgot", json={"email": email}, headers={"host": host}
        )
        assert sent.status_code == 202, sent.text
    mails = messages_to(email)
    assert len(mails) == 3
    for mail in mails:
        _only_links_to(mail, base_url, "/password/reset")


def test_a_forged_host_does_not_point_a_confirmation_or_its_resending_at_the_attacker(
    anonymous: httpx.Client, base_url: str
) -> None:
    body = registration()
    headers = {"host": EVIL, "x-forwarded-host": EVIL}
    sent = anonymous.post(f"{API}/registrations", json=body, headers=headers)
    assert sent.status_code == 202, sent.text
    again = anonymous.post(
        f"{API}/registrations/resend", json={"email": body["email"]}, headers=headers
    )
    assert again.status_code == 202, again.text
    mails = messages_to(body["email"])
    assert len(mails) == 2
    for mail in mails:
        _only_links_to(mail, base_url, "/confirm")


def test_the_page_form_mails_the_configured_link_whatever_host_it_was_sent_to(
    anonymous: httpx.Client, store: Neo4jStore, base_url: str
) -> None:
    email = "paged@example.org"
    item = AccountCreate(email=email, password="a long password", role=Role.MINISTRY, name="Hồ Lan")
    AccountRepository(store).create(item)
    anonymous.get("/password/forgot")  # the CSRF cookie
    token = anonymous.cookies["talent_csrf"]
    sent = anonymous.post(
        "/password/forgot",
        data={"email": email, "csrf_token": token},
        headers={"host": EVIL},
    )
    assert sent.status_code in {200, 303}, sent.text
    [mail] = messages_to(email)
    _only_links_to(mail, base_url, "/password/reset")


# Hand-written: what each listener is served with, or refused.
@pytest.mark.parametrize(
    ("host", "port", "link"),
    [
        ("127.0.0.1", 8000, "http://127.0.0.1:8000"),
        ("127.0.0.2", 9001, "http://127.0.0.2:9001"),
        ("localhost", 8080, "http://localhost:8080"),
        ("::1", 8000, "http://[::1]:8000"),
    ],
)
def test_loopback_links_point_at_the_listener(host: str, port: int, link: str) -> None:
    assert for_listener(Settings(), host, port).public_url == link


def test_a_configured_address_is_kept_on_loopback_and_beyond() -> None:
    configured = Settings(public_url="https://talent.gov.vn", secret_key=KEY)
    assert for_listener(configured, "127.0.0.1", 8000).public_url == "https://talent.gov.vn"
    assert for_listener(configured, "0.0.0.0", 8000).public_url == "https://talent.gov.vn"
    assert for_listener(configured, "10.1.2.3", 80).public_url == "https://talent.gov.vn"


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        (Settings(secret_key=KEY), "TALENT_PUBLIC_URL"),
        (Settings(public_url="https://talent.gov.vn"), "TALENT_SECRET_KEY"),
        (Settings(public_url="https://talent.gov.vn", secret_key=SecretStr("changeme")), "32+"),
        (Settings(public_url="https://talent.gov.vn", secret_key=SecretStr("k" * 31)), "32+"),
    ],
)
@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.10", "talent.example"])
def test_beyond_loopback_a_missing_address_or_a_weak_key_is_refused(
    settings: Settings, named: str, host: str
) -> None:
    with pytest.raises(UnsafeListener, match=named):
        for_listener(settings, host, 8000)


def test_talent_serve_refuses_a_public_listener_without_an_address(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENT_")}
    started = subprocess.run(
        [sys.executable, "-m", "api.cli", "serve", "--host", "0.0.0.0", "--port", "1"],
        cwd=ROOT,
        env={**env, "TALENT_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert started.returncode == 1
    assert "TALENT_PUBLIC_URL" in started.stderr
    assert "Traceback" not in started.stderr
