"""One error shape for every failure: {"error", "detail", "fields"}."""

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import JsonValue, ValidationError
from pydantic_core import ErrorDetails
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph import GraphError, GraphUnavailable
from talent.core.errors import TalentError, TooManyRequests

log = logging.getLogger(__name__)
_LOCATIONS = {"body", "query", "path", "header", "cookie"}


def field_path(loc: Sequence[int | str]) -> str:
    """('body', 'skills', 0, 'level') -> 'skills[0].level'."""
    parts = list(loc)
    if len(parts) > 1 and parts[0] in _LOCATIONS:
        parts = parts[1:]
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        elif path:
            path += f".{part}"
        else:
            path = str(part)
    return path or "body"


def _fields(errors: Sequence[ErrorDetails]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for error in errors:
        key = field_path(error.get("loc", ()))
        message = str(error.get("msg", "invalid"))
        fields[key] = f"{fields[key]}; {message}" if key in fields else message
    return fields


def body(error: str, detail: str, fields: dict[str, str] | None = None) -> dict[str, object]:
    return {"error": error, "detail": detail, "fields": fields or {}}


def install(app: FastAPI) -> None:
    """Map each error root once."""

    @app.exception_handler(TalentError)
    async def talent_error(_: Request, exc: TalentError) -> JSONResponse:
        headers = (
            {"Retry-After": str(exc.retry_after)} if isinstance(exc, TooManyRequests) else None
        )
        return JSONResponse(
            {**body(type(exc).__name__, exc.detail, exc.fields), **exc.extra},
            status_code=exc.status_code,
            headers=headers,
        )

    # Request bodies fail as RequestValidationError; a patched record re-validated in the
    # domain fails as pydantic's ValidationError. Both name their fields the same way.
    async def invalid(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError | ValidationError)
        fields = _fields(list(exc.errors()))
        detail = "invalid input: " + ", ".join(sorted(fields))
        return JSONResponse(body("ValidationError", detail, fields), status_code=422)

    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(ValidationError, invalid)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        name = "NotFound" if exc.status_code == 404 else "HTTPError"
        return JSONResponse(body(name, str(exc.detail)), status_code=exc.status_code)

    @app.exception_handler(GraphUnavailable)
    async def graph_unavailable(_: Request, exc: GraphUnavailable) -> JSONResponse:
        log.warning("graph unavailable: %s", exc)
        return JSONResponse(
            body("GraphUnavailable", "the graph store cannot be reached; retry later"),
            status_code=503,
        )

    @app.exception_handler(GraphError)
    async def graph_error(_: Request, exc: GraphError) -> JSONResponse:
        log.error("graph error: %s", exc)
        return JSONResponse(
            body("GraphError", "the graph store refused the request"), status_code=500
        )


ERROR_SCHEMA: dict[str, JsonValue] = {
    "title": "Error",
    "type": "object",
    "description": "Every error: its class, a message, and the offending fields by path.",
    "properties": {
        "error": {"type": "string"},
        "detail": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": {"type": "string"}},
    },
    "required": ["error", "detail", "fields"],
}


def document(app: FastAPI) -> None:
    """The schema shows the one error shape the API answers with, not FastAPI's default."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = original()
            schemas = schema.get("components", {}).get("schemas", {})
            if "HTTPValidationError" in schemas:
                schemas["HTTPValidationError"] = ERROR_SCHEMA
                schemas.pop("ValidationError", None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
