"""What the ministry's pages share: the search index, the signed-in account, and names of
countries, languages and taxonomy labels in the viewer's language."""

from collections.abc import Callable
from datetime import UTC, date, datetime

from babel import Locale
from babel.dates import format_date
from fastapi import Request

from api.auth import Principal
from api.web import i18n
from talent.accounts.models import AccountRead
from talent.search.index import SearchIndex
from talent.snapshot.follower import Current


def search_index(request: Request) -> SearchIndex:
    cache: Current[SearchIndex] = request.app.state.search_cache
    return cache.current()


def account(principal: Principal) -> AccountRead:
    return principal.account


def today() -> date:
    return datetime.now(UTC).date()


def naming(request: Request) -> dict[str, Callable[..., str]]:
    """Template helpers: a country or language by its code, and a label given in both
    languages, each in the viewer's language."""
    locale = Locale.parse(i18n.negotiate(request))

    def country(code: str | None) -> str:
        return str(locale.territories.get(code or "", code or ""))

    def language(code: str) -> str:
        return str(locale.languages.get(code, code))

    def local(english: str, vietnamese: str) -> str:
        return vietnamese if locale.language == "vi" and vietnamese else english

    def month(value: str) -> str:
        year, number = value[:7].split("-")
        return str(format_date(date(int(year), int(number), 1), "MMM y", locale=locale))

    return {
        "country_name": country,
        "language_name": language,
        "local": local,
        "month_name": month,
    }
