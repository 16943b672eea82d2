"""Languages: which one a request gets (its choice in a cookie, else Accept-Language, else
Vietnamese), its gettext catalogues, and names, dates and numbers formatted for it."""

from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations
from fastapi import Request

LOCALES = ("vi", "en")
DEFAULT = "vi"
COOKIE = "talent_lang"
FOLDER = Path(__file__).parent / "translations"
# Dates as each language's readers write them: officials in Vietnam expect day/month/year with
# a 24-hour time after it ("06/12/2026 02:12"), not CLDR's medium form ("02:12:12 6 thg 12, 2026").
DAY_PATTERNS = {"vi": "dd/MM/yyyy", "en": "d MMM yyyy"}
TIME_PATTERN = "HH:mm"
# Times are stored in UTC and read by people in Vietnam (UTC+7, no daylight saving): a page shows
# the hour on their clocks, in either language, not the server's.
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
# One catalogue per area, so that each area's messages are extracted and translated apart.
DOMAINS = ("core", "experts", "ministry", "leads", "admin")


def negotiate(request: Request) -> str:
    chosen = request.cookies.get(COOKIE)
    if chosen in LOCALES:
        return chosen
    header = request.headers.get("accept-language", "")
    wanted = [part.split(";")[0].strip().replace("-", "_") for part in header.split(",")]
    try:
        found = Locale.negotiate([w for w in wanted if w], LOCALES, sep="_")
    except (ValueError, UnknownLocaleError):
        found = None
    return str(found.language) if found is not None else DEFAULT


@cache
def translations(locale: str, area: str = "core") -> NullTranslations:
    """Every domain's catalogue for `locale`, merged, with `area`'s own last so that its words
    win: "Role" is a role to fill on a lead's page and an account's role on an admin's.
    English is the source language."""
    merged: NullTranslations = NullTranslations()
    for domain in sorted(DOMAINS, key=lambda d: d == area):
        loaded = Translations.load(str(FOLDER), [locale], domain=domain)
        if isinstance(loaded, Translations):
            if isinstance(merged, Translations):
                merged.merge(loaded)
            else:
                merged = loaded
    return merged


def N_(message: str) -> str:
    """Marks a message for extraction where it is translated later, by its value."""
    return message


def gettext(locale: str, message: str) -> str:
    return translations(locale).gettext(message)


def number(value: float, locale: str) -> str:
    return format_decimal(value, locale=locale)


def percent(value: float, locale: str) -> str:
    return format_percent(value, locale=locale)


def day(value: date | str | None, locale: str) -> str:
    if value is None or value == "":
        return ""
    parsed = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return format_date(parsed, format=DAY_PATTERNS.get(locale, "medium"), locale=locale)


def moment(epoch_ms: int | None, locale: str) -> str:
    if epoch_ms is None:
        return ""
    when = datetime.fromtimestamp(epoch_ms / 1000, tz=UTC)
    pattern = f"{DAY_PATTERNS.get(locale, 'yyyy-MM-dd')} {TIME_PATTERN}"
    return format_datetime(when, format=pattern, tzinfo=ZONE, locale=locale)
