"""The staff forms' errors: a validation or service error beside the form field it concerns,
in words a person reads, and the summary at the top of the page that links to each field in
the form's order."""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from fastapi import Request

from api.web import i18n
from api.web.i18n import N_

# Rows of skills offered on a new expert's form.
SKILL_ROWS = 5
UNKNOWN_SKILL = N_("No skill has this name: choose one from the suggestions.")
REPEATED_SKILL = N_("This skill is listed twice.")
INVALID = N_("This value is not valid.")
TOO_LONG = N_("This is too long.")
MESSAGES = {
    "full_name": N_("Enter the expert's full name."),
    "country": N_("Choose the country the expert lives in."),
    "nationality": N_("Choose a country from the list."),
    "emails": N_("Enter e-mail addresses such as name@example.org, separated by commas."),
    "orcid": N_("An ORCID iD looks like 0000-0002-1825-0097."),
    "years_experience": N_("Enter a number of years between 0 and 80."),
    "engagement_modes": N_("Choose one of the values offered."),
    "level": N_("Choose a level."),
    "title": N_("Enter the work's title, in at most 500 characters."),
    "kind": N_("Choose one of the values offered."),
    "year": N_("Enter a year between 1900 and ten years from now."),
    "doi": N_("A DOI looks like 10.1000/xyz123."),
}
# Each field's name as the summary names it, in the forms' order.
LABELS = {
    "full_name": N_("Full name"),
    "country": N_("Country of residence"),
    "nationality": N_("Nationality"),
    "emails": N_("E-mail"),
    "orcid": N_("ORCID iD"),
    "years_experience": N_("Years of experience"),
    "headline": N_("Headline"),
    "bio": N_("Biography"),
    "engagement_modes": N_("Ways of working"),
    "title": N_("Title"),
    "kind": N_("Kind"),
    "year": N_("Year"),
    "venue": N_("Venue (journal, conference, office)"),
    "doi": N_("DOI"),
}
SKILL_LABEL = N_("Skill %(n)s")
LEVEL_LABEL = N_("Level of skill %(n)s")
# Where a field's link in the summary leads when it is not `f-<name>`.
ANCHORS = {"engagement_modes": "f-mode-0"}

Error = Mapping[str, Any]


def _message(name: str, kind: str) -> str:
    if name.endswith("_level"):
        return MESSAGES["level"]
    if name in MESSAGES:
        return MESSAGES[name]
    return TOO_LONG if kind == "string_too_long" else INVALID


def expert_errors(errors: Iterable[Error], rows: Sequence[int]) -> dict[str, str]:
    """Errors of a new expert's profile by form field; `rows`: the form row of each skill sent."""
    found: dict[str, str] = {}
    for error in errors:
        loc = tuple(error["loc"])
        if loc and loc[0] == "skills" and len(loc) > 1 and isinstance(loc[1], int):
            row = rows[loc[1]] if loc[1] < len(rows) else 0
            part = "level" if "level" in loc[2:] else "name"
            name = f"skill_{row}_{part}"
        elif not loc:  # a check of the whole profile: its message names the field
            message = str(error["msg"])
            if "skill" in message and rows:
                found.setdefault(f"skill_{rows[0]}_name", REPEATED_SKILL)
                continue
            name = "full_name"
        else:
            name = str(loc[0])
        found.setdefault(name, _message(name, str(error.get("type", ""))))
    return found


def work_errors(errors: Iterable[Error]) -> dict[str, str]:
    """Errors of a work by form field."""
    found: dict[str, str] = {}
    for error in errors:
        loc = tuple(error["loc"])
        name = str(loc[0]) if loc and str(loc[0]) in LABELS else "title"
        found.setdefault(name, _message(name, str(error.get("type", ""))))
    return found


def translated(request: Request, errors: Mapping[str, str]) -> dict[str, str]:
    locale = i18n.negotiate(request)
    return {name: i18n.gettext(locale, text) for name, text in errors.items()}


def _order(name: str) -> tuple[int, int, str]:
    if name.startswith("skill_"):
        return (len(LABELS) - 5, int(name.split("_")[1]), name)
    names = list(LABELS)
    return (names.index(name) if name in names else len(names), 0, name)


def summary(request: Request, errors: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(anchor, field's name, message) for each error, in the form's order."""
    locale = i18n.negotiate(request)
    shown = []
    for name in sorted(errors, key=_order):
        if name.startswith("skill_"):
            n = int(name.split("_")[1]) + 1
            label = i18n.gettext(locale, LEVEL_LABEL if name.endswith("_level") else SKILL_LABEL)
            label %= {"n": n}
        else:
            label = i18n.gettext(locale, LABELS.get(name, name))
        shown.append((ANCHORS.get(name, f"f-{name}"), label, errors[name]))
    return shown
