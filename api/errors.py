"""One error shape for every failure: {"error", "detail", "fields"}."""

import logging
import re
import uuid
from collections.abc import Iterator, Sequence
from typing import Any

from fastapi import FastAPI, Request, params, routing
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, JsonValue, ValidationError
from pydantic_core import ErrorDetails
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import auth
from api.ratelimit import AddressLimit
from graph import GraphError, GraphUnavailable
from graph.errors import GraphConflict
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


def _json_syntax(exc: RequestValidationError, error: ErrorDetails) -> str:
    """'invalid JSON at line 2, column 14: Expecting value', from the character offset the
    framework reports and the document it could not parse."""
    loc = error.get("loc", ())
    position = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else 0
    ctx = error.get("ctx") or {}
    reason = str(ctx.get("error", "not valid JSON"))
    document = exc.body if isinstance(exc.body, str) else ""
    line = document.count("\n", 0, position) + 1
    column = position - document.rfind("\n", 0, position)
    return f"invalid JSON at line {line}, column {column}: {reason}"


_INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIds:
    """Gives every request an id (a well-formed `X-Request-ID` from the caller, or a new one),
    returned in that header; an error nothing else handled is logged with its stack under that
    id and answered with the one error shape, status 500, naming the id."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = Headers(scope=scope).get("x-request-id", "")
        request_id = incoming if _INCOMING_ID.match(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                MutableHeaders(scope=message).append("X-Request-ID", request_id)
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception(
                "unexpected error in %s %s (request id %s)",
                scope.get("method"),
                scope.get("path"),
                request_id,
            )
            if started:
                raise
            detail = f"an unexpected error occurred; quote request id {request_id}"
            response: Response = JSONResponse(
                {**body("InternalError", detail), "request_id": request_id}, status_code=500
            )
            if not str(scope.get("path", "")).startswith(("/api/", "/health", "/static/")):
                response = HTMLResponse(_FAILED_PAGE.format(id=request_id), status_code=500)
            await response(scope, receive, send_with_id)


# What a page request gets when even the error page could not be made: no template, both
# languages.
_FAILED_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Đã có lỗi xảy ra · Something went wrong</title></head>
<body><main>
<h1>Đã có lỗi xảy ra</h1><p>Vui lòng thử lại sau. Mã tham chiếu: {id}</p>
<h2 lang="en">Something went wrong</h2><p lang="en">Please try again later. Reference: {id}</p>
<p><a href="/">Trang đầu · Start page</a></p>
</main></body></html>
"""


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
        errors = list(exc.errors())
        syntax = [e for e in errors if e.get("type") == "json_invalid"]
        if syntax and isinstance(exc, RequestValidationError):
            fields = {"body": _json_syntax(exc, syntax[0])}
        else:
            fields = _fields(errors)
        detail = "invalid input: " + ", ".join(sorted(fields))
        return JSONResponse(body("ValidationError", detail, fields), status_code=422)

    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(ValidationError, invalid)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and isinstance(exc.__cause__, UnicodeDecodeError):
            # The framework reads a body that is no text as a 400 of its own: it is input the
            # client got wrong, like malformed JSON.
            reason = f"invalid JSON: not UTF-8 text ({exc.__cause__.reason} at byte "
            fields = {"body": f"{reason}{exc.__cause__.start})"}
            return JSONResponse(
                body("ValidationError", "invalid input: body", fields), status_code=422
            )
        name = "NotFound" if exc.status_code == 404 else "HTTPError"
        return JSONResponse(body(name, str(exc.detail)), status_code=exc.status_code)

    _install_graph_errors(app)


def _install_graph_errors(app: FastAPI) -> None:
    @app.exception_handler(GraphUnavailable)
    async def graph_unavailable(_: Request, exc: GraphUnavailable) -> JSONResponse:
        log.warning("graph unavailable: %s", exc)
        return JSONResponse(
            body("GraphUnavailable", "the graph store cannot be reached; retry later"),
            status_code=503,
        )

    @app.exception_handler(GraphConflict)
    async def graph_conflict(_: Request, exc: GraphConflict) -> JSONResponse:
        # A uniqueness rule refused a write another request made first: nothing of this one
        # was stored, and the caller's retry sees the other's result.
        return JSONResponse(
            body("Conflict", "the data changed while this was being done; reload and retry"),
            status_code=409,
        )

    @app.exception_handler(GraphError)
    async def graph_error(request: Request, exc: GraphError) -> JSONResponse:
        request_id = str(getattr(request.state, "request_id", ""))
        log.error("graph error (request id %s): %s", request_id, exc)
        return JSONResponse(
            {**body("GraphError", "the graph store refused the request"), "request_id": request_id},
            status_code=500,
        )


ERROR_SCHEMA: dict[str, JsonValue] = {
    "title": "Error",
    "type": "object",
    "description": "Every error: its class, a message, and the offending fields by path.",
    "properties": {
        "error": {"type": "string"},
        "detail": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": {"type": "string"}},
        "request_id": {
            "type": "string",
            "description": "on a server error: the id it is logged under (also X-Request-ID)",
        },
    },
    "required": ["error", "detail", "fields"],
}


_ERROR_REF: dict[str, JsonValue] = {"$ref": "#/components/schemas/Error"}
_WRITES = {"POST", "PUT", "PATCH", "DELETE"}
# What the rules below cannot read from a route: login answers a wrong password with 401
# and never conflicts with stored state.
_OVERRIDES: dict[tuple[str, str], tuple[set[str], set[str]]] = {
    ("POST", "/api/v1/auth/login"): ({"401"}, {"409"}),
}
_MEANINGS = {
    "400": "an upload whose form is not valid multipart data",
    "401": "no valid token: missing, expired, forged, or of a deactivated account",
    "403": "the caller's role or ownership does not allow this",
    "404": "no such resource (named in the path or the body)",
    "409": "the stored state does not allow this (a duplicate, a finished step, a used token)",
    "413": "the body is larger than TALENT_MAX_BODY_BYTES (an upload: TALENT_IMPORT_MAX_BYTES)",
    "422": "invalid input: each offending field is named in `fields`",
    "429": "too many attempts: wait the seconds in Retry-After",
}


def _calls(dependant: Dependant) -> Iterator[object]:
    for sub in dependant.dependencies:
        yield sub.call
        yield from _calls(sub)


def _error_statuses(route: APIRoute, path: str, method: str) -> set[str]:
    """The errors a route may answer, read from what it depends on: a token (401), a caller
    who may be refused (403), an id in the path (404), a body (413, 422), a rate limit (429),
    a write (409)."""
    calls = list(_calls(route.dependant))
    statuses: set[str] = set()
    if auth.optional_principal in calls:
        statuses.add("401")
    if auth.current_principal in calls:
        statuses |= {"401", "403"}
    if "{" in path or _names_resources(route):
        statuses.add("404")
    if route.body_field is not None:
        statuses |= {"413", "422"}
        if isinstance(route.body_field.field_info, params.Form):
            statuses.add("400")  # a form the framework cannot parse, before any validation
    if any(isinstance(call, AddressLimit) for call in calls):
        statuses.add("429")
    if method in _WRITES:
        statuses.add("409")
    added, removed = _OVERRIDES.get((method, path), (set(), set()))
    return (statuses | added) - removed


def _names_resources(route: APIRoute) -> bool:
    """A body with `…_id` fields names resources that may not exist (404)."""
    model = route.body_field.field_info.annotation if route.body_field is not None else None
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return False
    return any(name.endswith(("_id", "_ids")) for name in model.model_fields)


def _error_response(status: str) -> dict[str, JsonValue]:
    response: dict[str, JsonValue] = {
        "description": _MEANINGS[status],
        "content": {"application/json": {"schema": _ERROR_REF}},
    }
    if status == "429":
        response["headers"] = {
            "Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}
        }
    return response


def _document_errors(app: FastAPI, schema: dict[str, Any]) -> None:
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    # Routes of included routers, with their paths as served (prefixes applied).
    for context in routing.iter_route_contexts(app.routes):
        route = context.original_route
        path = context.path_format
        if not isinstance(route, APIRoute) or path is None:
            continue
        operations = schema["paths"].get(path, {})
        for method in context.methods or ():
            operation = operations.get(method.lower())
            if operation is None:
                continue
            responses = operation.setdefault("responses", {})
            # FastAPI documents 422 wherever it validates input (parameters of dependencies
            # included), with its own schema: the one error shape replaces it.
            statuses = _error_statuses(route, path, method) | ({"422"} & set(responses))
            for status in statuses:
                if status == "422" or status not in responses:
                    responses[status] = _error_response(status)


def document(app: FastAPI) -> None:
    """The schema shows the one error shape the API answers with, not FastAPI's default, and
    every route's error responses."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = original()
            _document_errors(app, schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
