"""The bulk import's errors, in the domain's tree."""

from talent.core.errors import InvalidInput, TalentError


class TooLarge(TalentError):
    """A file, or what it unpacks to, beyond a limit: 413 naming it."""

    status_code = 413

    def __init__(self, detail: str, *, fields: dict[str, str], limit: int) -> None:
        super().__init__(detail, fields=fields, extra={"limit": limit})
        self.limit = limit


class Unreadable(InvalidInput):
    """A file that is neither a readable CSV nor XLSX list."""
