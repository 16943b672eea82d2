"""Request dependencies as Annotated aliases."""

import base64
import binascii
from typing import Annotated

from fastapi import Depends, Query, Request

from api.settings import Settings
from graph import GraphStore
from talent.core.errors import InvalidInput


def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


GraphDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


def encode_cursor(last_id: str) -> str:
    return base64.urlsafe_b64encode(last_id.encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> str:
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


# Ids and filters are printable text: the embedded graph refuses a NUL in a parameter.
PRINTABLE = r"^[^\x00-\x1f\x7f]+$"

Limit = Annotated[int, Query(ge=1, le=200, description="page size")]
Cursor = Annotated[
    str | None, Query(max_length=400, description="next_cursor of the previous page")
]
