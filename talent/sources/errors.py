"""How a source fails, as callers need to tell it apart: nothing there, a source that will not
answer now (retry later; a job resumes), or an answer that cannot be read."""

from talent.sources.models import SourceName


class SourceError(Exception):
    def __init__(self, source: SourceName, detail: str) -> None:
        super().__init__(f"{source.value}: {detail}")
        self.source = source
        self.detail = detail


class SourceNotFound(SourceError):
    """The source has no such record (404, or a DOI that resolves to nothing)."""


class SourceUnavailable(SourceError):
    """The source did not answer usefully after every retry (5xx, 429, timeouts, refused)."""


class SourceMalformed(SourceError):
    """The source answered, but not in its documented format (truncated, not JSON, wrong shape)."""
