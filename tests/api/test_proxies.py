"""`talent serve` as an operator runs it reads the client's address and scheme from
X-Forwarded-For and X-Forwarded-Proto (uvicorn's proxy headers) only when the connection comes
from one of TALENT_TRUSTED_PROXIES: by default, not even from 127.0.0.1, as uvicorn would."""

from pathlib import Path

import httpx

from tests.serving import talent_serve

WRONG = {"email": "someone@example.org", "password": "not the password"}


def _logins(url: str, forwarded: list[str]) -> list[int]:
    return [
        httpx.post(
            f"{url}/api/v1/auth/login", json=WRONG, headers={"x-forwarded-for": address}
        ).status_code
        for address in forwarded
    ]


def test_serve_does_not_let_a_forwarded_for_header_escape_the_login_limit(
    tmp_path: Path,
) -> None:
    with talent_serve(tmp_path, TALENT_RATE_LIMIT_LOGIN="2/minute") as served:
        assert _logins(served.url, [f"198.51.100.{i}" for i in range(3)]) == [401, 401, 429]
        page = httpx.get(f"{served.url}/login", headers={"x-forwarded-proto": "https"})
        assert "secure" not in page.headers["set-cookie"].lower()


def test_serve_behind_a_trusted_proxy_counts_each_client_and_knows_https(
    tmp_path: Path,
) -> None:
    settings = {"TALENT_RATE_LIMIT_LOGIN": "2/minute", "TALENT_TRUSTED_PROXIES": "127.0.0.1"}
    with talent_serve(tmp_path, **settings) as served:
        assert _logins(served.url, [f"198.51.100.{i}" for i in range(3)]) == [401, 401, 401]
        # A client's own addresses left of the one the proxy appended change nothing.
        spoofed = [f"192.0.2.{i}, 198.51.100.50" for i in range(3)]
        assert _logins(served.url, spoofed) == [401, 401, 429]
        page = httpx.get(f"{served.url}/login", headers={"x-forwarded-proto": "https"})
        assert "; secure" in page.headers["set-cookie"].lower()
