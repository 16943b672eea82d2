"""What the admin pages share: their router, ids and cursors checked before they reach the
graph, and errors turned into messages beside their fields in the viewer's language."""

import re
from collections.abc import Mapping

from fastapi import APIRouter, Request
from pydantic import ValidationError

from api.web.i18n import N_
from api.web.render import t
from talent.core.errors import InvalidInput, NotFound, TalentError
from talent.core.pagination import decode_cursor

router = APIRouter(prefix="/admin", include_in_schema=False)
PAGE_SIZE = 25
# Ids are printable text: the embedded graph refuses a NUL, and nothing of ours is longer.
_ID = re.compile(r"^[^\x00-\x1f\x7f]{1,120}$")
_FILTER = re.compile(r"^[^\x00-\x1f\x7f]{0,120}$")
NOT_VALID = N_("This value is not valid.")
# The domain's own words for refusals these pages meet, so that they are translated too.
DOMAIN_MESSAGES = (
    N_("the account is open already"),
    N_("the account awaits the confirmation of its e-mail; its mailed link opens it"),
    N_("this profile already has an owner"),
    N_("this account cannot be opened again: it was withdrawn, or changed meanwhile"),
    N_("the last active admin cannot be deactivated; make another admin first"),
    N_("an account with this e-mail exists"),
    N_("the survivor changed after the merge; undoing would lose those changes"),
    N_("the profiles changed while this was decided; look again and retry"),
    N_("both profiles have an owner account; deactivate the one that should go first"),
    N_("the profile changed meanwhile; look at it again and retry"),
    N_("some ids are not claims of this expert"),
    N_("the cursor is not one this service gave out"),
)


def sentence(text: str) -> str:
    """A refusal the domain words in lower case ("the profile changed meanwhile; look at it
    again and retry") as a sentence: a capital first letter and a full stop."""
    text = text.strip()
    if not text:
        return text
    return text[0].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


def ident(value: str, name: str) -> str:
    """An id from the path: one that cannot exist answers 404, as one that does not."""
    if not _ID.match(value):
        raise NotFound(f"no {name} with this id", fields={name: value[:120]})
    return value


def cursor(value: str | None) -> str:
    """The key a page's cursor stands for; a cursor we did not give out is a 422 page."""
    if value is not None and len(value) > 400:
        raise InvalidInput("the cursor is not one this service gave out", fields={"cursor": ""})
    return decode_cursor(value)


def plain(value: str | None) -> str | None:
    """A free-text filter, stripped; None when empty. ValueError when unprintable or long."""
    text = (value or "").strip()
    if not _FILTER.match(text):
        raise ValueError(text)
    return text or None


def invalid_fields(
    request: Request, exc: ValidationError, messages: Mapping[str, str]
) -> dict[str, str]:
    """A message per field the model refused, from `messages` (English, translated here)."""
    errors: dict[str, str] = {}
    for error in exc.errors():
        name = str(error["loc"][0]) if error["loc"] else ""
        if name and name not in errors:
            errors[name] = t(request, messages.get(name, NOT_VALID))
    return errors


def refused_fields(
    request: Request, exc: TalentError, messages: Mapping[str, str]
) -> dict[str, str]:
    """A message per field a domain error names: ours where we have one, else its own."""
    return {name: t(request, messages.get(name, exc.detail)) for name in exc.fields if name} or {
        "": t(request, exc.detail)
    }
