"""The one error shape, whatever fails: unexpected errors, malformed JSON, and the OpenAPI
schema documenting every error a route may answer."""

import logging
import re
from typing import Any

import httpx
import pytest

from graph import Query
from graph.neo4j_store import Neo4jStore
from graph.store import Row

API = "/api/v1"
ERROR_KEYS = {"error", "detail", "fields"}
# Open to anyone (README): registration, login, the taxonomy, skill resolution, health.
PUBLIC = re.compile(
    r"^(/api/v1/registrations.*|/api/v1/password/.*|/api/v1/auth/login|/api/v1/taxonomy/.*"
    r"|/api/v1/skills/resolve|/api/v1/alerts/unsubscribe"
    r"|(/api/v1)?/health)$"
)
RATE_LIMITED = re.compile(r"^/api/v1/(auth/login|registrations.*|password/.*)$")
WRITES = {"post", "put", "patch", "delete"}


def test_an_unexpected_error_answers_the_error_shape_with_a_logged_request_id(
    client: httpx.Client,
    store: Neo4jStore,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert client.get(f"{API}/experts").headers.get("x-request-id")

    def broken(query: Query) -> list[Row]:
        raise RuntimeError("a bug nobody foresaw")

    monkeypatch.setattr(store, "run", broken)
    with caplog.at_level(logging.ERROR):
        response = client.get(f"{API}/experts")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/json"
    payload = response.json()
    request_id = response.headers["x-request-id"]
    assert payload == {
        "error": "InternalError",
        "detail": f"an unexpected error occurred; quote request id {request_id}",
        "fields": {},
        "request_id": request_id,
    }
    # The stack is in the log under the same id; the client sees none of it.
    logged = [r for r in caplog.records if request_id in r.getMessage()]
    assert logged
    assert logged[0].exc_info is not None
    assert logged[0].exc_info[0] is RuntimeError
    assert "a bug nobody foresaw" not in response.text


def test_an_unexpected_error_on_a_page_answers_a_page_in_both_languages(
    client: httpx.Client, store: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(query: Query) -> list[Row]:
        raise RuntimeError("a bug nobody foresaw")

    monkeypatch.setattr(store, "run", broken)
    response = client.get("/admin/accounts")
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("text/html")
    assert "Đã có lỗi xảy ra" in response.text
    assert "Something went wrong" in response.text
    assert response.headers["x-request-id"] in response.text
    assert "a bug nobody foresaw" not in response.text


def test_malformed_json_names_the_line_and_column(anonymous: httpx.Client) -> None:
    response = anonymous.post(
        f"{API}/auth/login",
        content=b'{"email": "a@example.org",\n "password": }',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["error"] == "ValidationError"
    assert response.json()["fields"] == {
        "body": "invalid JSON at line 2, column 14: Expecting value"
    }


def test_a_body_that_is_not_utf8_text_is_invalid_input(anonymous: httpx.Client) -> None:
    response = anonymous.post(
        f"{API}/auth/login",
        content=b'{"email": "\xff\xfe"}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["body"]
    assert response.json()["fields"]["body"].startswith("invalid JSON: not UTF-8 text")


def _error_schema(spec: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = response["content"]["application/json"]["schema"]
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def test_every_operation_documents_its_error_responses(anonymous: httpx.Client) -> None:
    spec = anonymous.get("/openapi.json").json()
    missing: list[str] = []
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            responses: dict[str, Any] = operation["responses"]
            expected = set()
            if not PUBLIC.match(path):
                expected |= {"401", "403"}
            if "{" in path:
                expected.add("404")
            if "requestBody" in operation:
                expected |= {"413", "422"}
            if operation.get("parameters"):
                expected.add("422")
            if RATE_LIMITED.match(path):
                expected.add("429")
            if method in WRITES and path != "/api/v1/auth/login":
                expected.add("409")
            for status in sorted(expected - set(responses)):
                missing.append(f"{method} {path}: {status}")
            for status, response in responses.items():
                if status.startswith(("4", "5")):
                    schema = _error_schema(spec, response)
                    assert set(schema["required"]) == ERROR_KEYS, f"{method} {path} {status}"
                    assert "request_id" in schema["properties"]
    assert missing == []
