"""The one polite HTTP client the sources share: per-source rate limits, timeouts, retries
with backoff that honour Retry-After, and answers read with a size cap, so that a slow,
refusing or broken source gives a clear error instead of a hang or a half-read record."""

import email.utils
import json
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Self

import httpx

from talent.sources.config import SourceConfig
from talent.sources.errors import SourceMalformed, SourceNotFound, SourceUnavailable
from talent.sources.models import SourceName

Sleep = Callable[[float], None]
Params = Mapping[str, str | int]

# Worth asking again: the source is busy or failing for a while, not refusing the request.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
GONE_STATUSES = frozenset({404, 410})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5


class SourceRefused(SourceUnavailable):
    """The source refused the request itself (a 4xx other than 404 and 429): asking again
    will not help. A SourceUnavailable, so callers that only tell three cases apart still can."""

    def __init__(self, source: SourceName, detail: str, status: int) -> None:
        super().__init__(source, detail)
        self.status = status


class RateLimiter:
    """A token bucket: at most `rate` requests a second on average, bursts of `burst`.
    Thread-safe; waiting callers sleep outside the lock."""

    def __init__(
        self, rate: float, burst: float = 1.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if rate <= 0:
            raise ValueError("a rate limit is a positive number of requests a second")
        self.rate = rate
        self.burst = max(burst, 1.0)
        self._clock = clock
        self._tokens = self.burst
        self._updated = clock()
        self._lock = threading.Lock()

    def reserve(self) -> float:
        """Takes one token, now or in the future; returns the seconds to wait before using it."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate)
            self._updated = now
            self._tokens -= 1.0
            return 0.0 if self._tokens >= 0 else -self._tokens / self.rate

    def acquire(self, sleep: Sleep = time.sleep) -> None:
        wait = self.reserve()
        if wait > 0:
            sleep(wait)


_limiters: dict[tuple[SourceName, float], RateLimiter] = {}
_limiters_lock = threading.Lock()


def limiter_for(source: SourceName, rate: float) -> RateLimiter:
    """The process's limiter of `source`: every client of one source shares it."""
    with _limiters_lock:
        return _limiters.setdefault((source, rate), RateLimiter(rate))


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a `Retry-After` header asks for: delta-seconds or an HTTP date; None if absent
    or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


@dataclass(frozen=True)
class Answer:
    status: int
    headers: httpx.Headers
    body: bytes
    redirect: str | None = None  # where a 3xx points, absolute


class _Retry(Exception):
    """One failed try worth repeating, with what to say if it was the last."""

    def __init__(self, detail: str, wait: float | None = None, malformed: bool = False) -> None:
        super().__init__(detail)
        self.detail = detail
        self.wait = wait
        self.malformed = malformed


class SourceHttp:
    """Requests to one source. `sleep` waits between retries (tests inject one to follow a long
    outage without living through it); `transport` replaces the network (tests use the local
    source server instead)."""

    def __init__(
        self,
        source: SourceName,
        base_url: str,
        config: SourceConfig,
        *,
        headers: Mapping[str, str] | None = None,
        params: Params | None = None,
        sleep: Sleep = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.source = source
        self.config = config
        self.limiter = limiter_for(source, config.rate(source))
        self._sleep = sleep
        self._client = httpx.Client(
            base_url=base_url.rstrip("/") + "/",
            headers={"User-Agent": config.user_agent, **(headers or {})},
            params=dict(params or {}),
            timeout=httpx.Timeout(config.timeout),
            # Redirects are followed by `request`, so that default parameters (mailto) and
            # the rate limit apply to the new address too.
            follow_redirects=False,
            transport=transport,
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get_json(self, path: str, *, params: Params | None = None) -> Any:
        """The decoded JSON at `path` (relative to the base URL, already percent-encoded)."""
        return self.decode(self.request("GET", path, params=params))

    def post_form(
        self, url: str, data: Mapping[str, str], *, headers: Mapping[str, str] | None = None
    ) -> Any:
        """POSTs a form (OAuth's token exchange) and decodes the JSON answer."""
        return self.decode(self.request("POST", url, data=data, headers=headers))

    def request(self, method: str, path: str, **kwargs: Any) -> Answer:
        """One request, tried again after a refusal or failure worth repeating, following
        redirects (OpenAlex sends a merged author's old id to the new one); raises
        SourceNotFound (404, 410), SourceRefused (another 4xx), SourceMalformed (too large,
        truncated, endless redirects) or SourceUnavailable (every try failed)."""
        for _ in range(MAX_REDIRECTS + 1):
            answer = self._tried(method, path, **kwargs)
            if answer.redirect is None:
                return answer
            if method != "GET" or not self._same_origin(answer.redirect):
                # A form (OAuth's, with the client secret) is never sent again, and nothing
                # follows a source to another host (a mirror's internal neighbours).
                raise SourceRefused(
                    self.source, f"redirected away from {self.source.value}", answer.status
                )
            path = answer.redirect
            kwargs.pop("params", None)  # the new address carries its own query
        raise SourceMalformed(self.source, f"more than {MAX_REDIRECTS} redirects from {path}")

    def _same_origin(self, target: str) -> bool:
        base, there = self._client.base_url, httpx.URL(target)
        return (there.scheme, there.host, there.port) == (base.scheme, base.host, base.port)

    def _tried(self, method: str, path: str, **kwargs: Any) -> Answer:
        tries = self.config.retries + 1
        last = _Retry("no try")
        for attempt in range(tries):
            self.limiter.acquire()
            try:
                return self._once(method, path, **kwargs)
            except _Retry as failure:
                last = failure
                if attempt + 1 == tries:
                    break
                wait = self._wait(attempt, failure.wait)
                if wait is None:
                    raise SourceUnavailable(
                        self.source,
                        f"{failure.detail}; asks to wait {failure.wait:.0f} s, longer than the "
                        f"{self.config.max_wait:.0f} s allowed: try again later",
                    ) from None
                self._sleep(wait)
        if last.malformed:
            raise SourceMalformed(self.source, f"{last.detail} (after {tries} tries)")
        raise SourceUnavailable(self.source, f"{last.detail} (after {tries} tries)")

    def _wait(self, attempt: int, asked: float | None) -> float | None:
        """Seconds before the next try: what the source asked, else exponential backoff with
        jitter; never more than max_wait (None: the source asks for more; give up now)."""
        if asked is not None:
            return asked if asked <= self.config.max_wait else None
        backoff = min(self.config.max_wait, self.config.backoff * 2.0**attempt)
        return backoff * random.uniform(0.5, 1.0)

    def _once(self, method: str, path: str, **kwargs: Any) -> Answer:
        try:
            with self._client.stream(method, path, **kwargs) as response:
                if response.status_code in RETRY_STATUSES:
                    raise _Retry(
                        f"{self._where(response)} answered HTTP {response.status_code}",
                        wait=retry_after(response.headers.get("Retry-After")),
                    )
                location = response.headers.get("Location")
                if response.status_code in REDIRECT_STATUSES and location:
                    target = str(response.url.join(location))
                    return Answer(response.status_code, response.headers, b"", target)
                self._check_status(response)
                return Answer(response.status_code, response.headers, self._read(response))
        except httpx.TimeoutException as exc:
            waited = f"no answer within {self.config.timeout:g} s ({type(exc).__name__})"
            raise _Retry(waited) from exc
        except httpx.RemoteProtocolError as exc:
            # The connection closed before the body announced was complete.
            raise _Retry(f"truncated answer: {exc}", malformed=True) from exc
        except httpx.TransportError as exc:
            raise _Retry(f"could not connect: {exc}") from exc

    def _where(self, response: httpx.Response) -> str:
        return f"{response.request.method} {response.request.url.copy_with(query=None)}"

    def _check_status(self, response: httpx.Response) -> None:
        status = response.status_code
        if status in GONE_STATUSES:
            raise SourceNotFound(self.source, f"no record at {response.request.url.path}")
        if 400 <= status < 600:
            response.read()
            raise SourceRefused(
                self.source,
                f"{self._where(response)} refused: HTTP {status} {response.text[:200]}",
                status,
            )

    def _read(self, response: httpx.Response) -> bytes:
        """The body, refused once it passes the size cap (counted while it arrives)."""
        limit = self.config.max_response_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise self._too_large(int(declared))
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > limit:
                raise self._too_large(None)
        return bytes(body)

    def _too_large(self, size: int | None) -> SourceMalformed:
        limit = self.config.max_response_bytes
        told = f" ({size:,} bytes)" if size is not None else ""
        detail = f"answer larger{told} than the limit of {limit:,} bytes ({limit / 2**20:g} MB)"
        return SourceMalformed(self.source, detail)

    def decode(self, answer: Answer) -> Any:
        try:
            return json.loads(answer.body)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise SourceMalformed(self.source, f"answer is not JSON: {exc}") from exc


def parsed[T](source: SourceName, parse: Callable[..., T], *data: Any) -> T:
    """`parse(*data)`, a record not in the documented shape raised as SourceMalformed."""
    try:
        return parse(*data)
    except (KeyError, IndexError, TypeError, AttributeError, ValueError) as exc:
        raise SourceMalformed(
            source, f"answer not in the documented format ({type(exc).__name__}: {exc})"
        ) from exc


class ContactedApi:
    """A JSON API asked with the contact address on every request when one is configured
    (OpenAlex's and Crossref's polite pools): the subclass names its source."""

    source: SourceName

    def __init__(
        self,
        config: SourceConfig,
        *,
        sleep: Sleep = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._http = SourceHttp(
            self.source,
            config.api_url(self.source),
            config,
            headers={"Accept": "application/json"},
            params={"mailto": config.mailto} if config.mailto else None,
            sleep=sleep,
            transport=transport,
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()
