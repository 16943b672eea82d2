"""Keyset pages: one generic page model and one cursor codec for every list.

A list asks its repository for one row more than the limit: the extra row only tells whether
another page follows, so the last page never points at an empty one.
"""

import base64
import binascii
from collections.abc import Callable

from pydantic import BaseModel

from talent.core.errors import InvalidInput


class Page[T](BaseModel):
    items: list[T]
    next_cursor: str | None = None


def encode_cursor(key: str) -> str:
    """The opaque cursor of a page that ends at `key`."""
    return base64.urlsafe_b64encode(key.encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> str:
    """The key a cursor stands for; "" for the first page. A cursor this service did not give
    out is a 422 naming `cursor`."""
    if not cursor:
        return ""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        decoded = base64.b64decode(padded.encode("ascii"), altchars=b"-_", validate=True)
        text = decoded.decode("utf-8")
        if not text.isprintable():
            raise ValueError("not printable")
        return text
    except (binascii.Error, UnicodeError, ValueError) as exc:
        raise InvalidInput(
            "the cursor is not one this API gave out", fields={"cursor": cursor}
        ) from exc


def page_of[T](rows: list[T], *, limit: int, key: Callable[[T], str]) -> Page[T]:
    """The first `limit` rows, with a cursor only when `rows` (fetched with `limit + 1`) holds
    more."""
    items = rows[:limit]
    more = len(rows) > limit and bool(items)
    return Page[T](items=items, next_cursor=encode_cursor(key(items[-1])) if more else None)
