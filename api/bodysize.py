"""Refuses request bodies over a size with 413, before they are read into memory."""

import json
import re
from collections.abc import Callable, Mapping

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# A page's own answer to a body over the limit (None: not a page, answer JSON).
PageAnswer = Callable[[Scope, int], Response | None]

# What a multipart form adds around an uploaded file (boundaries, headers, other fields).
UPLOAD_OVERHEAD = 64 * 1024


def _pattern(path: str) -> re.Pattern[str]:
    """A route's path as a pattern: each `{name}` one segment."""
    parts = re.split(r"\{[^}/]+\}", path)
    return re.compile("[^/]+".join(re.escape(part) for part in parts) + r"\Z")


class BodySizeLimit:
    """`max_bytes` for every request but those `larger` names by (method, route path, with
    `{name}` for a segment): uploads."""

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int,
        larger: Mapping[tuple[str, str], int] | None = None,
        page: PageAnswer | None = None,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.page = page
        self.larger = [
            (method, _pattern(path), limit) for (method, path), limit in (larger or {}).items()
        ]

    def limit(self, method: str, path: str) -> int:
        for each, pattern, limit in self.larger:
            if each == method and pattern.match(path):
                return limit
        return self.max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit(scope["method"], scope["path"])
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit():
            if int(declared) > limit:
                await self._refuse(scope, receive, send, limit)
                return
            # The server delivers no more than the declared length: nothing to count, and an
            # upload (a ROR dump of 300 MB) streams on to the framework's spooled file instead
            # of being held here in memory.
            await self.app(scope, receive, send)
            return
        # Read the body here, up to the limit, then hand it on: the framework turns errors
        # raised while it reads into a 400 of its own.
        messages: list[Message] = []
        seen = 0
        while True:
            message = await receive()
            messages.append(message)
            seen += len(message.get("body", b""))
            if seen > limit:
                await self._refuse(scope, receive, send, limit)
                return
            if message["type"] != "http.request" or not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        answer = self.page(scope, limit) if self.page is not None else None
        if answer is not None:
            await answer(scope, receive, send)
            return
        body = json.dumps(
            {
                "error": "PayloadTooLarge",
                "detail": f"the body is larger than {limit} bytes ({limit / 1_000_000:g} MB)",
                "fields": {"body": f"at most {limit} bytes"},
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
