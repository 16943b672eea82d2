"""Request dependencies as Annotated aliases."""

from typing import Annotated

from fastapi import Depends, Query, Request

from api.postman import dispatch_mail
from api.settings import Settings
from graph import GraphStore
from talent.accounts.notices import Notices


def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


GraphDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


def get_notices(store: GraphDep, settings: SettingsDep) -> Notices:
    """The registration, claim and password mails, with links to this deployment's configured
    address: never the `Host` a caller names, which would mail a victim the caller's link."""
    return Notices(store, dispatch_mail, settings.public_url.rstrip("/"))


NoticesDep = Annotated[Notices, Depends(get_notices)]


# Ids and filters are printable text: the embedded graph refuses a NUL in a parameter.
PRINTABLE = r"^[^\x00-\x1f\x7f]+$"

Limit = Annotated[int, Query(ge=1, le=200, description="page size")]
Cursor = Annotated[
    str | None, Query(max_length=400, description="next_cursor of the previous page")
]
