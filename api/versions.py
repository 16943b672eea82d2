"""Versions on the wire: a resource's `ETag`, and the `If-Match` a client sends back so that a
change made from a stale copy is refused (412) instead of undoing another one."""

import re
from typing import Annotated, Protocol

from fastapi import Depends, Header, Response

from talent.core.errors import InvalidInput

_TAG = re.compile(r'^"(\d{1,18})"$')


def etag(version: int) -> str:
    """A strong entity tag: versions count every change, so equal tags mean equal content."""
    return f'"{version}"'


class Versioned(Protocol):
    version: int


def tagged[V: Versioned](response: Response, item: V) -> V:
    """`item`, with its version as the response's `ETag`."""
    response.headers["ETag"] = etag(item.version)
    return item


def if_match(
    value: Annotated[str | None, Header(alias="If-Match", max_length=200)] = None,
) -> int | None:
    """The version the client names, or None for no header or `*` (any current version)."""
    if value is None or value.strip() == "*":
        return None
    found = _TAG.match(value.strip())
    if found is None:
        raise InvalidInput(
            "If-Match names one version, as the ETag header gave it (a number in quotes)",
            fields={"If-Match": 'expected a strong entity tag such as "3"'},
        )
    return int(found.group(1))


IfMatch = Annotated[int | None, Depends(if_match)]


def form_version(value: object) -> int | None:
    """The version a page's form was filled from (its hidden `version` field), or None when
    the form carries none: the change is then checked against the version read when saving."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None
