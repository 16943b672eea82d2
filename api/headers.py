"""Security headers on every answer: no page may be framed (clickjacking of a withdrawal or a
password form), content types are not guessed, and addresses carrying a link's token never
leave the site in a Referer."""

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The pages load only their own scripts and styles; `style-src 'unsafe-inline'` is for the
# bars' width attributes and htmx's indicator style, never for scripts.
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# The interactive API documentation is FastAPI's, loaded from its CDN: framing is still refused.
DOCS_POLICY = "frame-ancestors 'none'; object-src 'none'; base-uri 'none'"
DOCS = ("/docs", "/redoc")

COMMON = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",  # for browsers that predate frame-ancestors
    "cross-origin-opener-policy": "same-origin",
}


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = str(scope.get("path", "")).startswith(DOCS)
        policy = DOCS_POLICY if docs else PAGE_POLICY

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in COMMON.items():
                    headers.setdefault(name, value)
                headers.setdefault("content-security-policy", policy)
            await send(message)

        await self.app(scope, receive, with_headers)
