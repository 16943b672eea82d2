"""`talent serve` as an operator runs it takes the client's address from the connection, not from
an X-Forwarded-For header the client wrote (uvicorn would trust it from 127.0.0.1)."""

from pathlib import Path

import httpx

from tests.serving import talent_serve


def test_serve_does_not_let_a_forwarded_for_header_escape_the_login_limit(
    tmp_path: Path,
) -> None:
    with talent_serve(tmp_path, TALENT_RATE_LIMIT_LOGIN="2/minute") as served:
        wrong = {"email": "someone@example.org", "password": "not the password"}
        codes = [
            httpx.post(
                f"{served.url}/api/v1/auth/login",
                json=wrong,
                headers={"x-forwarded-for": f"198.51.100.{i}"},
            ).status_code
            for i in range(3)
        ]
        assert codes == [401, 401, 429]
