"""The pages' cookies: a CSRF token that is not ASCII is refused like any wrong one, the CSRF
token is replaced at login and logout, and the cookies are Secure behind a TLS proxy the
service trusts (uvicorn's proxy headers), never on a client's own say-so."""

import uuid
from collections.abc import Iterator

import httpx
import pytest

from api.app import create_app
from api.settings import Settings, get_settings
from graph.neo4j_store import Neo4jStore
from talent.accounts.models import AccountCreate, Role
from talent.accounts.repository import AccountRepository
from tests.accounts import PASSWORD
from tests.conftest import serving

EXPIRED_VI = "Biểu mẫu đã hết hạn; hãy tải lại trang và gửi lại."


def _account(store: Neo4jStore, email: str) -> None:
    item = AccountCreate(email=email, password=PASSWORD, role=Role.MINISTRY, name="Đỗ Hà")
    AccountRepository(store).create(item)


def _settings(trusted_proxies: str) -> Settings:
    values = {"trusted_proxies": trusted_proxies, "rate_limit_namespace": uuid.uuid4().hex}
    return Settings.model_validate({**get_settings().model_dump(), **values})


@pytest.fixture
def behind_tls_proxy(store: Neo4jStore) -> Iterator[str]:
    """The app behind a TLS-terminating proxy on the loopback address, which it trusts."""
    settings = _settings("127.0.0.1")
    with serving(create_app(settings, store), trusted_proxies=settings.trusted_proxies) as url:
        yield url


@pytest.mark.parametrize(
    ("cookie", "sent"),
    [
        ("ascii-token", "Đ-không-phải-ASCII".encode()),
        ("ascii-token", "ĐĐĐ".encode("latin-1", "replace") + b"\xff\xfe"),
        ("Đ-token".encode().decode("latin-1"), b"ascii-token"),
    ],
    ids=["utf8-header", "raw-bytes-header", "non-ascii-cookie"],
)
def test_a_csrf_token_that_is_not_ascii_is_refused_with_the_vietnamese_error_page(
    anonymous: httpx.Client, cookie: str, sent: bytes
) -> None:
    headers = {
        b"x-csrf-token": sent,
        b"cookie": f"talent_csrf={cookie}".encode("latin-1"),
        b"accept-language": b"vi",
    }
    refused = anonymous.post("/logout", headers=headers)
    assert refused.status_code == 403
    assert EXPIRED_VI in refused.text
    assert '<html lang="vi"' in refused.text


def test_a_csrf_form_field_that_is_not_ascii_is_refused(anonymous: httpx.Client) -> None:
    anonymous.get("/login")
    refused = anonymous.post(
        "/logout", data={"csrf_token": "mã-giả-mạo"}, headers={"accept-language": "vi"}
    )
    assert refused.status_code == 403
    assert EXPIRED_VI in refused.text


def test_the_csrf_token_is_replaced_at_login_and_at_logout(
    anonymous: httpx.Client, store: Neo4jStore
) -> None:
    email = "rotated@example.org"
    _account(store, email)
    anonymous.get("/login")
    before = anonymous.cookies["talent_csrf"]
    form = {"email": email, "password": PASSWORD, "csrf_token": before}
    assert anonymous.post("/login", data=form).status_code == 303
    signed_in = anonymous.cookies["talent_csrf"]
    assert signed_in != before
    # The token from before the login (planted, or read by someone) no longer passes.
    assert anonymous.post("/logout", data={"csrf_token": before}).status_code == 403
    assert anonymous.post("/logout", data={"csrf_token": signed_in}).status_code == 303
    signed_out = anonymous.cookies["talent_csrf"]
    assert signed_out not in {before, signed_in}
    assert anonymous.post("/logout", data={"csrf_token": signed_in}).status_code == 403


def test_cookies_are_secure_behind_a_trusted_tls_proxy(
    behind_tls_proxy: str, store: Neo4jStore
) -> None:
    email = "behind-tls@example.org"
    _account(store, email)
    https = {"x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.9"}
    with httpx.Client(base_url=behind_tls_proxy) as c:
        page = c.get("/login", headers=https)
        assert "secure" in page.headers["set-cookie"].lower()
        csrf = c.cookies["talent_csrf"]
        form = {"email": email, "password": PASSWORD, "csrf_token": csrf}
        # As the browser sends it over https (the client here talks http to the proxy's side).
        login = c.post("/login", data=form, headers={**https, "cookie": f"talent_csrf={csrf}"})
        assert login.status_code == 303
        session = [h for h in login.headers.get_list("set-cookie") if "talent_session=" in h]
        assert len(session) == 1
        assert "; secure" in session[0].lower()
    with httpx.Client(base_url=behind_tls_proxy) as plain:
        assert "secure" not in plain.get("/login").headers["set-cookie"].lower()


def test_a_client_claiming_https_without_a_trusted_proxy_gets_no_secure_cookie(
    anonymous: httpx.Client,
) -> None:
    page = anonymous.get("/login", headers={"x-forwarded-proto": "https"})
    assert "secure" not in page.headers["set-cookie"].lower()
