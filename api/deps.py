"""Request dependencies as Annotated aliases."""

from typing import Annotated

from fastapi import Depends, Query, Request

from api.mailer import mail_letters, requested_locale
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


def get_notices(store: GraphStore, settings: Settings, locale: str | None = None) -> Notices:
    """The registration, claim and password mails, with links to this deployment's configured
    address: never the `Host` a caller names, which would mail a victim the caller's link;
    written in `locale` (None: in Vietnamese, then English)."""
    url = settings.public_url.rstrip("/")
    return Notices(store, dispatch_mail, url, locale=locale, letters=mail_letters())


def requested_notices(request: Request, store: GraphDep, settings: SettingsDep) -> Notices:
    """The mails to the requester, in the language their request names."""
    return get_notices(store, settings, requested_locale(request))


NoticesDep = Annotated[Notices, Depends(requested_notices)]


# Ids and filters are printable text: the embedded graph refuses a NUL in a parameter.
PRINTABLE = r"^[^\x00-\x1f\x7f]+$"

Limit = Annotated[int, Query(ge=1, le=200, description="page size")]
Cursor = Annotated[
    str | None, Query(max_length=400, description="next_cursor of the previous page")
]
