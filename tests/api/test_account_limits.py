"""Limits per account, at their boundaries: failed logins are throttled per account from
addresses it has not signed in from (never locking its owner out of their own), and reset mails
per account stop with the same answer; a request for an address without an account does the
same work as one with."""

import contextlib
import uuid
from collections.abc import Callable, Iterator

import httpx
import pytest

from api.app import create_app
from api.settings import Settings, get_settings
from graph.neo4j_store import Neo4jStore
from graph.query import Query
from talent.accounts import tokens
from talent.accounts.models import AccountCreate, Purpose, Role, TokenRecord
from talent.accounts.repository import AccountRepository
from tests.accounts import PASSWORD
from tests.api.test_registration import registration
from tests.conftest import serving
from tests.mailbox import messages_to

API = "/api/v1"
ROOMY = "1000/minute"
Start = Callable[..., httpx.Client]
WRONG = "not the password at all"


def _settings(**limits: str) -> Settings:
    """The suite's settings with these limits, every other one out of the way, behind a
    proxy on the loopback address (so that each test request names its client's address)."""
    values: dict[str, object] = {
        "rate_limit_login": ROOMY,
        "rate_limit_login_address": ROOMY,
        "rate_limit_login_account": ROOMY,
        "rate_limit_register": ROOMY,
        "rate_limit_reset_mail": ROOMY,
        "rate_limit_namespace": f"account-{uuid.uuid4().hex}",
        "trusted_proxies": "127.0.0.1",
        **limits,
    }
    return Settings.model_validate({**get_settings().model_dump(), **values})


@pytest.fixture
def serve(store: Neo4jStore, base_url: str) -> Iterator[Start]:
    """Serve an app with the given limits (the suite's worker sends its mail), and a client."""
    with contextlib.ExitStack() as stack:

        def start(**limits: str) -> httpx.Client:
            settings = _settings(**limits)
            app = create_app(settings, store)
            url = stack.enter_context(serving(app, trusted_proxies=settings.trusted_proxies))
            return stack.enter_context(httpx.Client(base_url=url, timeout=30))

        yield start


def _account(store: Neo4jStore, email: str) -> None:
    item = AccountCreate(email=email, password=PASSWORD, role=Role.MINISTRY, name="Vũ Lan")
    AccountRepository(store).create(item)


def _login(c: httpx.Client, email: str, password: str, address: str) -> httpx.Response:
    body = {"email": email, "password": password}
    return c.post(f"{API}/auth/login", json=body, headers={"x-forwarded-for": address})


@pytest.mark.parametrize(
    ("limit", "window"),
    [("3/minute;50/hour", "3 per 1 minute"), ("50/minute;3/hour", "3 per 1 hour")],
    ids=["first-window", "second-window"],
)
def test_failed_logins_per_account_pass_at_the_limit_then_refuse_every_new_address(
    serve: Start, store: Neo4jStore, limit: str, window: str
) -> None:
    email = "guessed@example.org"
    _account(store, email)
    c = serve(rate_limit_login_account=limit)
    codes = [_login(c, email, WRONG, f"198.51.100.{i}").status_code for i in range(3)]
    assert codes == [401, 401, 401]
    refused = _login(c, email, WRONG, "198.51.100.3")
    assert refused.status_code == 429
    assert refused.json()["fields"] == {"rate_limit": window}
    # Refused before the password is checked: even the right one from a new address tells
    # nothing (no 200 to tell a guess that hit).
    assert _login(c, email, PASSWORD, "198.51.100.4").status_code == 429
    # Another account is not throttled by this one's failures.
    _account(store, "other@example.org")
    assert _login(c, "other@example.org", PASSWORD, "198.51.100.5").status_code == 200


def test_the_owner_signs_in_from_their_own_address_while_guesses_are_throttled(
    serve: Start, store: Neo4jStore
) -> None:
    email = "owner@example.org"
    _account(store, email)
    c = serve(rate_limit_login_account="2/minute", rate_limit_login="3/minute")
    home = "203.0.113.7"
    assert _login(c, email, PASSWORD, home).status_code == 200
    attack = [_login(c, email, WRONG, f"198.51.100.{i}").status_code for i in range(4)]
    assert attack == [401, 401, 429, 429]
    # From the address the owner signed in from: a typo is a 401, not a lock-out...
    assert _login(c, email, WRONG, home).status_code == 401
    assert _login(c, email, PASSWORD, home).status_code == 200
    # ...and only the per-address-and-e-mail limit (3/minute) counts there, which no other
    # address can fill.
    assert _login(c, email, PASSWORD, home).status_code == 429


@pytest.mark.parametrize(
    "limit", ["2/minute;50/hour", "50/minute;2/hour"], ids=["first-window", "second-window"]
)
def test_reset_mails_per_account_pass_at_the_limit_then_the_same_answer_and_no_mail(
    serve: Start, store: Neo4jStore, limit: str
) -> None:
    email = f"bombed-{limit[:2].strip('/')}@example.org"
    _account(store, email)
    c = serve(rate_limit_reset_mail=limit)
    answers = [c.post(f"{API}/password/forgot", json={"email": email}) for _ in range(3)]
    assert [(a.status_code, a.json()) for a in answers] == [
        (202, {"state": "received", "email": email})
    ] * 3
    assert len(messages_to(email)) == 2


def test_a_reset_for_an_address_without_an_account_does_the_same_work(
    anonymous: httpx.Client, store: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No timing here: the same answer, and the same token made and its statement run for an
    address with an account and one without (the second stores nothing)."""
    _account(store, "exists@example.org")
    made: list[Purpose] = []
    record = tokens._record

    def counted(purpose: Purpose, *args: str | int) -> tuple[str, TokenRecord]:
        made.append(purpose)
        return record(purpose, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(tokens, "_record", counted)
    exists = anonymous.post(f"{API}/password/forgot", json={"email": "exists@example.org"})
    nobody = anonymous.post(f"{API}/password/forgot", json={"email": "nobody@example.org"})
    assert (exists.status_code, nobody.status_code) == (202, 202)
    assert exists.json() == {"state": "received", "email": "exists@example.org"}
    assert nobody.json() == {"state": "received", "email": "nobody@example.org"}
    assert made == [Purpose.RESET, Purpose.RESET]
    assert store.run(Query("MATCH (t:Token) RETURN count(t) AS n", {})) == [{"n": 1}]


def test_a_resend_for_an_address_with_nothing_waiting_does_the_same_work(
    anonymous: httpx.Client, store: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As for resets: one token made per request, whether a registration waits or not."""
    waiting = registration(email="waiting@example.net")
    assert anonymous.post(f"{API}/registrations", json=waiting).status_code == 202
    made: list[Purpose] = []
    record = tokens._record

    def counted(purpose: Purpose, *args: str | int) -> tuple[str, TokenRecord]:
        made.append(purpose)
        return record(purpose, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(tokens, "_record", counted)
    tokens_before = store.run(Query("MATCH (t:Token) RETURN count(t) AS n", {}))[0]["n"]
    sent = anonymous.post(f"{API}/registrations/resend", json={"email": "waiting@example.net"})
    nobody = anonymous.post(f"{API}/registrations/resend", json={"email": "nobody@example.net"})
    assert (sent.status_code, nobody.status_code) == (202, 202)
    assert sent.json().keys() == nobody.json().keys()
    assert len(made) == 2
    tokens_after = store.run(Query("MATCH (t:Token) RETURN count(t) AS n", {}))[0]["n"]
    assert tokens_after == tokens_before + 1
