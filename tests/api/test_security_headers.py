"""Every answer, page or API, success or error, refuses framing and content-type guessing and
keeps its address to the site."""

import httpx
import pytest

EXPECTED = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
}


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/login", 200),
        ("/me/withdraw", 303),  # signed out: sent to log in, still unframable
        ("/password/reset?token=abc", 200),
        ("/static/app.css", 200),
        ("/no-such-page", 404),
        ("/api/v1/taxonomy/groups", 200),
        ("/api/v1/experts", 401),
        ("/api/v1/skills/resolve?q=" + "x" * 5000, 422),
    ],
)
def test_each_answer_refuses_framing_and_sniffing(
    anonymous: httpx.Client, path: str, status: int
) -> None:
    response = anonymous.get(path, follow_redirects=False)
    assert response.status_code == status
    for name, value in EXPECTED.items():
        assert response.headers[name] == value, name
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";")[0]


def test_the_api_documentation_is_unframable_too(anonymous: httpx.Client) -> None:
    response = anonymous.get("/docs")
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
