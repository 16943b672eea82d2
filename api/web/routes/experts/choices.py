"""What the profile form offers to choose from, named in the viewer's language: countries,
languages, engagement modes, skill levels in words, who may see a field, kinds of work."""

from functools import cache

import pycountry
from babel import Locale

from api.web import words
from api.web.i18n import N_, gettext
from talent.core.names import fold_name
from talent.core.types import EngagementMode
from talent.experts.models import FieldVisibility
from talent.resources.models import WorkKind

Choice = tuple[str, str]
LANGUAGES = ("vi", "en", "fr", "de", "ja", "ko", "zh", "ru", "es")
MODES: dict[str, str] = {
    EngagementMode.FULL_TIME_RETURN: N_("Return to work full time in Vietnam"),
    EngagementMode.PART_TIME: N_("Part time"),
    EngagementMode.REMOTE: N_("Remotely"),
    EngagementMode.SHORT_VISITS: N_("Short visits"),
    EngagementMode.ADVISORY: N_("As an adviser"),
}
AUDIENCES: tuple[Choice, ...] = (
    ("public", N_("Everyone signed in")),
    ("staff", N_("Ministry staff and programme leads")),
    ("admins", N_("Administrators only (hidden)")),
)
FIELDS: dict[str, str] = {
    "emails": N_("E-mail addresses"),
    "phone": N_("Phone"),
    "birth_year": N_("Year of birth"),
    "nationality": N_("Nationality"),
    "bio": N_("Biography"),
    "affiliations": N_("Affiliations"),
}
WORK_KINDS: dict[str, str] = {
    WorkKind.PUBLICATION: N_("Publication"),
    WorkKind.PATENT: N_("Patent"),
    WorkKind.PROJECT: N_("Project"),
    WorkKind.SYSTEM: N_("System"),
    WorkKind.STANDARD: N_("Standard"),
}


@cache
def countries(locale: str) -> tuple[Choice, ...]:
    """Every ISO 3166 country the service accepts, by its name in `locale`, in name order."""
    names = Locale.parse(locale).territories
    known = [(code, names.get(code, code)) for code in (c.alpha_2 for c in pycountry.countries)]
    return tuple(sorted(known, key=lambda c: fold_name(c[1])))


@cache
def languages(locale: str) -> tuple[Choice, ...]:
    names = Locale.parse(locale).languages
    return tuple((code, names.get(code, code)) for code in LANGUAGES)


def level_words(locale: str) -> dict[int, str]:
    """Each level by its number and word, as a profile shows it."""
    return {n: words.level_named(n, locale) for n in words.LEVELS}


def context(locale: str) -> dict[str, object]:
    """The choices, named in `locale`, for the profile form's template."""

    def named(options: dict[str, str]) -> list[Choice]:
        return [(code, gettext(locale, text)) for code, text in options.items()]

    return {
        "countries": countries(locale),
        "languages": languages(locale),
        "levels": [
            (str(n), words.level_named(n, locale), words.level_meaning(n, locale))
            for n in words.LEVELS
        ],
        "levels_named": words.level_choices(locale),
        "modes_named": named(MODES),
        "audiences_named": named(dict(AUDIENCES)),
        "visible_fields": {name: gettext(locale, text) for name, text in FIELDS.items()},
        "work_kinds_named": named(WORK_KINDS),
        "default_visibility": FieldVisibility().model_dump(mode="json"),
    }
