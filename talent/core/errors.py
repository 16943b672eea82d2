"""The domain's error tree; the API maps its root once to the shared error shape."""

from collections.abc import Mapping
from typing import ClassVar

from pydantic import JsonValue


class TalentError(Exception):
    """Root of the domain's errors; `status_code` is the HTTP status the API answers with."""

    status_code: ClassVar[int] = 400

    def __init__(
        self,
        detail: str,
        *,
        fields: dict[str, str] | None = None,
        extra: Mapping[str, JsonValue] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.fields = fields or {}
        # Further keys of the error body, such as the duplicates a registration may claim.
        self.extra = dict(extra or {})


class Unauthorized(TalentError):
    """No valid credentials: a missing, expired or forged token, or a wrong password."""

    status_code = 401


class Forbidden(TalentError):
    """Valid credentials whose role or ownership does not allow the action."""

    status_code = 403


class NotFound(TalentError):
    status_code = 404


class InvalidReference(TalentError):
    """A write names a skill, organisation or other node that does not exist."""

    status_code = 422


class InvalidInput(TalentError):
    status_code = 422


class Conflict(TalentError):
    status_code = 409


class ServiceUnavailable(TalentError):
    """The graph or the broker cannot be reached."""

    status_code = 503


class PayloadTooLarge(TalentError):
    """An upload over its limit; the detail names the limit."""

    status_code = 413


class TooManyRequests(TalentError):
    """A rate limit was reached; `retry_after` seconds until the next attempt may pass."""

    status_code = 429

    def __init__(self, detail: str, *, retry_after: int, fields: dict[str, str] | None = None):
        super().__init__(detail, fields=fields, extra={"retry_after": retry_after})
        self.retry_after = retry_after


class Stale(Conflict):
    """The data changed since it was read: the write was refused, nothing of it stored."""


class PreconditionFailed(TalentError):
    """The version the client named (`If-Match`, or a form's version) is no longer current."""

    status_code = 412
