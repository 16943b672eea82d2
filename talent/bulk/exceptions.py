"""The bulk import's errors, in the domain's tree."""

from talent.core.errors import InvalidInput, TalentError


class TooLarge(TalentError):
    """A file, or what it unpacks to, beyond a limit: 413 naming it."""

    status_code = 413

    def __init__(self, detail: str, *, fields: dict[str, str], limit: int, what: str) -> None:
        super().__init__(detail, fields=fields, extra={"limit": limit, "what": what})
        self.limit = limit
        # Which limit: "size" (bytes), "rows", or "zip" (entries, unpacked size, ratio).
        self.what = what


class Unreadable(InvalidInput):
    """A file that is neither a readable CSV nor XLSX list."""
