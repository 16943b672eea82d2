"""Each rate limit at its boundary: exactly the limit passes, one more is refused (429, naming
the window, with the wait until it frees); and a limit of several windows enforces every one of
them, whichever binds first. Counters are kept per app (a namespace of its own)."""

import contextlib
import uuid
from collections.abc import Callable, Iterator

import httpx
import pytest

from api.app import create_app
from api.settings import Settings, get_settings
from graph.neo4j_store import Neo4jStore
from tests.conftest import serving

API = "/api/v1"
ROOMY = "1000/minute"
Start = Callable[..., httpx.Client]


def _settings(**limits: str) -> Settings:
    """The suite's settings with these limits and every other one out of the way."""
    values: dict[str, object] = {
        "rate_limit_login": ROOMY,
        "rate_limit_login_address": ROOMY,
        "rate_limit_register": ROOMY,
        "rate_limit_confirm": ROOMY,
        "rate_limit_resend": ROOMY,
        "rate_limit_namespace": f"bounds-{uuid.uuid4().hex}",
        **limits,
    }
    return Settings.model_validate({**get_settings().model_dump(), **values})


@pytest.fixture
def serve(store: Neo4jStore) -> Iterator[Start]:
    """Serve an app with the given limits, and a client of it; both end with the test."""
    with contextlib.ExitStack() as stack:

        def start(**limits: str) -> httpx.Client:
            url = stack.enter_context(serving(create_app(_settings(**limits), store)))
            return stack.enter_context(httpx.Client(base_url=url, timeout=30))

        yield start


def _resend(client: httpx.Client, n: int) -> httpx.Response:
    """One request counted per address (`register`) and per e-mail (`resend`)."""
    return client.post(f"{API}/registrations/resend", json={"email": f"lost{n}@example.org"})


def _wait(response: httpx.Response) -> int:
    return int(response.headers["retry-after"])


def test_login_per_address_and_email_passes_at_the_limit_and_refuses_one_more(
    serve: Start,
) -> None:
    c = serve(rate_limit_login="3/minute")
    wrong = {"email": "someone@example.org", "password": "not the password"}
    codes = [c.post(f"{API}/auth/login", json=wrong).status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]


def test_login_per_address_passes_at_the_limit_and_refuses_one_more(serve: Start) -> None:
    c = serve(rate_limit_login_address="4/minute")
    codes = [
        c.post(
            f"{API}/auth/login", json={"email": f"guess{i}@example.org", "password": "x" * 8}
        ).status_code
        for i in range(5)
    ]
    assert codes == [401, 401, 401, 401, 429]


def test_confirmation_passes_at_the_limit_and_refuses_one_more(serve: Start) -> None:
    c = serve(rate_limit_confirm="2/minute")
    body = {"token": "no-such-token-" + "x" * 20, "password": "a long enough passphrase"}
    codes = [c.post(f"{API}/registrations/confirm", json=body).status_code for _ in range(3)]
    assert codes[2] == 429
    assert 429 not in codes[:2], codes


def test_links_sent_again_per_email_pass_at_the_limit_and_refuse_one_more(
    serve: Start,
) -> None:
    c = serve(rate_limit_resend="2/hour")
    body = {"email": "lost@example.org"}
    codes = [c.post(f"{API}/registrations/resend", json=body).status_code for _ in range(3)]
    assert codes == [202, 202, 429]
    # Per e-mail: another address's link is still sent.
    assert _resend(c, 99).status_code == 202


def test_of_two_windows_the_first_refuses_once_it_is_full(serve: Start) -> None:
    c = serve(rate_limit_register="2/minute;50/hour")
    codes = [_resend(c, n).status_code for n in range(3)]
    assert codes == [202, 202, 429]
    refused = _resend(c, 3)
    assert refused.json()["fields"] == {"rate_limit": "2 per 1 minute"}
    assert 1 <= _wait(refused) <= 60


def test_of_two_windows_the_second_refuses_once_it_is_full(serve: Start) -> None:
    """The first window (a minute) is far from full: only the hour's refuses the fourth."""
    c = serve(rate_limit_register="50/minute;3/hour")
    codes = [_resend(c, n).status_code for n in range(4)]
    assert codes == [202, 202, 202, 429]
    refused = _resend(c, 4)
    assert refused.json()["fields"] == {"rate_limit": "3 per 1 hour"}
    # The wait is the hour's, not a minute's.
    assert 60 < _wait(refused) <= 3600


def test_of_three_windows_the_middle_one_is_enforced_too(serve: Start) -> None:
    c = serve(rate_limit_register="50/second;3/minute;50/hour")
    codes = [_resend(c, n).status_code for n in range(4)]
    assert codes == [202, 202, 202, 429]
    assert _resend(c, 4).json()["fields"] == {"rate_limit": "3 per 1 minute"}
