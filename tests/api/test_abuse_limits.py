"""Rate limits on the public endpoints, and the size limit on bodies and on every field."""

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from api.app import create_app
from api.settings import Settings, get_settings
from graph.neo4j_store import Neo4jStore
from tests.conftest import serving

API = "/api/v1"


def _strict_settings(**overrides: str) -> Settings:
    """Tight limits a real deployment would use, counting on their own keys."""
    values: dict[str, object] = {
        "rate_limit_login": "3/minute",
        "rate_limit_login_address": "7/minute",
        "rate_limit_register": "2/minute",
        "rate_limit_confirm": "2/minute",
        "rate_limit_namespace": f"test-{uuid.uuid4().hex}",
        "max_body_bytes": 4096,
    }
    return Settings.model_validate({**get_settings().model_dump(), **values, **overrides})


@pytest.fixture
def strict_url(store: Neo4jStore) -> Iterator[str]:
    """The app with the tight limits a real deployment would use, counting on its own keys."""
    with serving(create_app(_strict_settings(), store)) as url:
        yield url


@pytest.fixture
def behind_proxy_url(store: Neo4jStore) -> Iterator[str]:
    """The same app deployed behind a proxy on the loopback address that it trusts."""
    settings = _strict_settings(trusted_proxies="127.0.0.0/8, ::1")
    with serving(create_app(settings, store), trusted_proxies=settings.trusted_proxies) as url:
        yield url


def test_login_attempts_are_limited_per_address_and_email(strict_url: str) -> None:
    with httpx.Client(base_url=strict_url) as c:
        wrong = {"email": "someone@example.org", "password": "not the password"}
        codes = [c.post(f"{API}/auth/login", json=wrong).status_code for _ in range(4)]
        assert codes == [401, 401, 401, 429]
        limited = c.post(f"{API}/auth/login", json=wrong)
        assert limited.json()["error"] == "TooManyRequests"
        assert "rate_limit" in limited.json()["fields"]
        assert 1 <= int(limited.headers["retry-after"]) <= 60
        # Another e-mail from the same address is counted apart.
        other = {"email": "other@example.org", "password": "not the password"}
        assert c.post(f"{API}/auth/login", json=other).status_code == 401


def test_logins_with_many_emails_from_one_address_are_limited(strict_url: str) -> None:
    with httpx.Client(base_url=strict_url) as c:
        codes = [
            c.post(
                f"{API}/auth/login", json={"email": f"guess{i}@example.org", "password": "x" * 8}
            ).status_code
            for i in range(15)
        ]
        assert codes[:7] == [401] * 7
        assert set(codes[7:]) == {429}


def test_a_forged_forwarded_for_header_does_not_escape_the_limits(strict_url: str) -> None:
    """Without a trusted proxy, X-Forwarded-For is the caller's own claim and is ignored."""
    with httpx.Client(base_url=strict_url) as c:
        wrong = {"email": "someone@example.org", "password": "not the password"}
        codes = [
            c.post(
                f"{API}/auth/login", json=wrong, headers={"x-forwarded-for": f"198.51.100.{i}"}
            ).status_code
            for i in range(4)
        ]
        assert codes == [401, 401, 401, 429]
        codes = [
            c.post(
                f"{API}/registrations", json={}, headers={"x-forwarded-for": f"198.51.100.{i}"}
            ).status_code
            for i in range(3)
        ]
        assert codes == [422, 422, 429]


def test_forwarded_for_names_the_client_only_behind_a_trusted_proxy(
    behind_proxy_url: str,
) -> None:
    with httpx.Client(base_url=behind_proxy_url) as c:
        wrong = {"email": "someone@example.org", "password": "not the password"}

        def login(forwarded: str) -> int:
            headers = {"x-forwarded-for": forwarded}
            return c.post(f"{API}/auth/login", json=wrong, headers=headers).status_code

        # Callers behind the proxy are counted apart, each by its own address...
        assert [login(f"203.0.113.{i}") for i in range(4)] == [401] * 4
        # ...and a client cannot escape by prepending addresses of its own: the proxy appends
        # the address it saw, the rightmost one not a trusted proxy.
        assert [login("203.0.113.50") for _ in range(3)] == [401] * 3
        assert login("198.51.100.7, 203.0.113.50") == 429
        assert login("198.51.100.8, 203.0.113.50, 127.0.0.1") == 429
        # A malformed header falls back to the proxy's own address.
        assert login("not an address") == 401


def test_registrations_and_confirmations_are_limited_per_address(strict_url: str) -> None:
    with httpx.Client(base_url=strict_url) as c:
        codes = [c.post(f"{API}/registrations", json={}).status_code for _ in range(3)]
        assert codes == [422, 422, 429]
        token = {"token": "x" * 43}
        codes = [c.post(f"{API}/registrations/confirm", json=token).status_code for _ in range(3)]
        assert codes == [422, 422, 429]


def test_a_body_over_the_size_limit_gets_413_before_it_is_read(strict_url: str) -> None:
    with httpx.Client(base_url=strict_url) as c:
        big = {"email": "a@example.org", "password": "p" * 5000}
        response = c.post(f"{API}/auth/login", json=big)
        assert response.status_code == 413
        assert response.json()["fields"] == {"body": "at most 4096 bytes"}

        def chunks() -> Iterator[bytes]:
            yield b'{"email": "a@example.org", "password": "'
            for _ in range(10):
                yield b"p" * 1000
            yield b'"}'

        streamed = c.post(
            f"{API}/auth/login", content=chunks(), headers={"content-type": "application/json"}
        )
        assert streamed.status_code == 413


def _request_schemas(spec: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every schema a client sends: bodies (followed through references) and parameters."""
    components = spec["components"]["schemas"]
    found: list[tuple[str, dict[str, Any]]] = []
    seen: set[str] = set()

    def walk(where: str, schema: dict[str, Any]) -> None:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                seen.add(name)
                walk(name, components[name])
            return
        found.append((where, schema))
        for key in ("anyOf", "allOf", "oneOf"):
            for i, part in enumerate(schema.get(key, [])):
                walk(f"{where}/{key}{i}", part)
        for name, prop in schema.get("properties", {}).items():
            walk(f"{where}.{name}", prop)
        if "items" in schema:
            walk(f"{where}[]", schema["items"])

    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            for parameter in operation.get("parameters", []):
                walk(f"{method} {path} ?{parameter['name']}", parameter["schema"])
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                walk(f"{method} {path} body", body["schema"])
    return found


def test_every_text_and_list_a_client_sends_has_a_size_limit(
    anonymous: httpx.Client,
) -> None:
    spec = anonymous.get("/openapi.json").json()
    unbounded = []
    for where, schema in _request_schemas(spec):
        kind = schema.get("type")
        bounded_text = "maxLength" in schema or "enum" in schema or "const" in schema
        if kind == "string" and not bounded_text and schema.get("format") not in ("date", "email"):
            unbounded.append(where)
        if kind == "array" and "maxItems" not in schema:
            unbounded.append(where)
    assert unbounded == []


def test_a_trusted_proxy_that_is_no_address_stops_the_start() -> None:
    with pytest.raises(ValidationError, match="not an address or network"):
        Settings(trusted_proxies="10.0.0.0/8, load-balancer")
