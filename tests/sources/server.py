"""A local stand-in for ORCID, OpenAlex and Crossref: a real HTTP server (a thread, 127.0.0.1,
a free port) answering in each source's documented format from the hand-written records in
tests/sources/fixtures/, so that the production clients are tested over real HTTP and nothing
reaches the internet. It can be told to fail per path, and it records every request.

Control API (thread-safe):

- ``server.url``: ``http://127.0.0.1:<port>``; ``server.config(**overrides)``: a SourceConfig
  pointing every source at it (short timeout, quick backoff, generous rates, a mailto and an
  ORCID client id and secret); overrides are SourceConfig fields.
- ``server.fail(path, status, times=None, retry_after=None, body="")``: answer ``status`` to
  the next ``times`` requests of ``path`` (None: for ever), then answer normally again;
  ``retry_after`` is sent as the Retry-After header as given (seconds or an HTTP date).
- ``server.redirect(path, location, status=302, times=None)``: answer a redirect.
- ``server.truncate(path, times=None)``: announce the whole body's length, send half, close.
- ``server.malformed(path, times=None)``: 200 with a body that is not JSON.
- ``server.delay(path, seconds, times=None)``: answer late (to run into the client's timeout).
- ``server.page_size``: most results an OpenAlex page holds (the API's 200 unless set lower).
- ``server.requests``: every request as ``Seen`` (method, path, raw_path, query, headers, body,
  at); ``server.seen(prefix)``: those whose decoded path starts with ``prefix``.
- ``server.clear()``: forget failures and requests, page size back to 200.

``path`` is the decoded path without the query, e.g. ``/crossref/works/10.1000/abc`` or
``/orcid/v3.0/0000-0002-1234-5677/works``.

Routes:

- ``/orcid/v3.0/{iD}/person|employments|works`` (fixtures/orcid/{iD}/); the iD
  ``0000-0002-9999-9998`` has 3,000 generated works groups (sent without Content-Length).
- ``/orcid-site/oauth/authorize``: ORCID's sign-in page ("Sign in", Authorize and Deny); the
  form's POST redirects (302) to the ``redirect_uri`` with ``code=good-code`` and the
  ``state``, or ``error=access_denied``.
- ``POST /orcid-site/oauth/token``: code ``good-code`` answers ORCID's token JSON for
  0000-0002-1234-5677; any other code 400 ``invalid_grant``.
- ``/openalex/authors/{A…|orcid:iD}``; old ids of redirects.json answer 301 to the new one.
- ``/openalex/works?filter=author.id:A…[,from_updated_date:YYYY-MM-DD]&per-page=&cursor=``:
  cursor paging as OpenAlex does it (the page after the last holds no results and a null
  next_cursor); author ``A5999999999`` has one generated work with 5,000 authorships.
- ``/openalex/institutions/{I…}``; ``/crossref/works/{doi}`` by the record's DOI, any case.
"""

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from talent.sources.config import SourceConfig
from tests.sources.routes import Fixtures, Reply, Seen, route

MAILTO = "lab@talentgraph.test"


@dataclass
class Rule:
    kind: str  # status | truncate | malformed | delay
    times: int | None
    status: int = 200
    retry_after: str | None = None
    body: str = ""
    seconds: float = 0.0
    location: str | None = None


class SourceServer:
    def __init__(self) -> None:
        self.fixtures = Fixtures()
        self.requests: list[Seen] = []
        self.page_size = 200
        self._rules: dict[str, Rule] = {}
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def start(self) -> "SourceServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def config(self, **overrides: Any) -> SourceConfig:
        base = SourceConfig(
            orcid_api_url=f"{self.url}/orcid/v3.0",
            orcid_site_url=f"{self.url}/orcid-site",
            openalex_api_url=f"{self.url}/openalex",
            crossref_api_url=f"{self.url}/crossref",
            mailto=MAILTO,
            user_agent=f"talentgraph/test (http://127.0.0.1; mailto:{MAILTO})",
            timeout=2.0,
            retries=3,
            max_wait=5.0,
            backoff=0.01,
            rate_orcid=1000.0,
            rate_openalex=1000.0,
            rate_crossref=1000.0,
            orcid_client_id="APP-TALENTGRAPH0001",
            orcid_client_secret="test-secret",
        )
        return replace(base, **overrides)

    def fail(
        self,
        path: str,
        status: int,
        times: int | None = None,
        retry_after: str | None = None,
        body: str = "",
    ) -> None:
        self._rule(path, Rule("status", times, status=status, retry_after=retry_after, body=body))

    def redirect(
        self, path: str, location: str, status: int = 302, times: int | None = None
    ) -> None:
        """Answer `status` with `Location: location` (absolute or relative)."""
        self._rule(path, Rule("status", times, status=status, location=location))

    def truncate(self, path: str, times: int | None = None) -> None:
        self._rule(path, Rule("truncate", times))

    def malformed(self, path: str, times: int | None = None) -> None:
        self._rule(path, Rule("malformed", times))

    def delay(self, path: str, seconds: float, times: int | None = None) -> None:
        self._rule(path, Rule("delay", times, seconds=seconds))

    def seen(self, prefix: str = "/") -> list[Seen]:
        with self._lock:
            return [s for s in self.requests if s.path.startswith(prefix)]

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()
            self.requests.clear()
            self.page_size = 200

    def _rule(self, path: str, rule: Rule) -> None:
        with self._lock:
            self._rules[path] = rule

    def take_rule(self, seen: Seen) -> Rule | None:
        """Records the request and returns the failure it is to meet, if any."""
        with self._lock:
            self.requests.append(seen)
            rule = self._rules.get(seen.path)
            if rule is None:
                return None
            if rule.times is not None:
                rule.times -= 1
                if rule.times <= 0:
                    del self._rules[seen.path]
            return rule

    def answer(self, seen: Seen) -> Reply:
        return route(self, seen)


def _handler(server: SourceServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the tests assert on `server.requests` instead."""

        def do_GET(self) -> None:
            self._serve()

        def do_POST(self) -> None:
            self._serve()

        def _serve(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            seen = Seen(
                method=self.command,
                path=unquote(parts.path),
                raw_path=parts.path,
                query={k: v[0] for k, v in parse_qs(parts.query).items()},
                headers={k.lower(): v for k, v in self.headers.items()},
                body=self.rfile.read(length) if length else b"",
                at=time.monotonic(),
            )
            rule = server.take_rule(seen)
            try:
                self._reply(rule, seen)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client gave up (its timeout)

        def _reply(self, rule: Rule | None, seen: Seen) -> None:
            if rule and rule.kind == "delay":
                time.sleep(rule.seconds)
            if rule and rule.kind == "status":
                headers = {"Retry-After": rule.retry_after} if rule.retry_after else {}
                if rule.location:
                    headers["Location"] = rule.location
                reply = Reply(rule.status, rule.body.encode(), headers)
            elif rule and rule.kind == "malformed":
                reply = Reply(200, b'{"group": [{"work-summary": [', {"Content-Type": "text/html"})
            else:
                reply = server.answer(seen)
            self._send(reply, truncate=bool(rule and rule.kind == "truncate"))

        def _send(self, reply: Reply, truncate: bool) -> None:
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if reply.stream:
                self.send_header("Connection", "close")
                self.close_connection = True
            else:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if truncate:
                self.wfile.write(reply.body[: len(reply.body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            for chunk in _chunks(reply.body):
                self.wfile.write(chunk)

    return Handler


def _chunks(body: bytes, size: int = 65536) -> Iterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]
