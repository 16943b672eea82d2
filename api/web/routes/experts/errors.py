"""Errors of the services and of validation, beside the form field they concern, in words a
person reads (English message ids, translated when shown)."""

import re
from collections.abc import Mapping, Sequence

from pydantic import ValidationError

from api.web.i18n import N_

Path = tuple[str | int, ...]
# Names inside a row of a repeated group, as the form names them.
_ROW_FIELDS = {
    "skills": ("skill", {"skill_id": "name", "level": "level", "years": "years"}),
    "affiliations": (
        "aff",
        {"organization_id": "org", "title": "title", "start_year": "start", "end_year": "end"},
    ),
    "new_organizations": (
        "aff",
        {"name": "org", "title": "title", "start_year": "start", "end_year": "end"},
    ),
    "works": ("work", {"title": "title", "kind": "kind", "year": "year", "venue": "venue"}),
}
_BY_FIELD = {
    "email": N_("Enter an e-mail address, such as name@example.org."),
    "emails": N_("Enter e-mail addresses such as name@example.org, separated by commas."),
    "country": N_("Choose the country you live in."),
    "nationality": N_("Choose a country from the list."),
    "phone": N_("A phone number has 6 to 15 digits, and may have + ( ) - . and spaces."),
    "orcid": N_("An ORCID iD looks like 0000-0002-1825-0097."),
    "birth_year": N_("Enter your year of birth, between 1900 and 15 years ago."),
    "years_experience": N_("Enter a number of years between 0 and 80."),
    "available_until": N_("The end of your availability is before its start."),
    "password": N_("Choose a password of 12 to 200 characters."),
    "token": N_("This link is not valid: use the link from the latest e-mail."),
}
_BY_SUFFIX = {
    "_level": N_("Choose a level."),
    "_years": N_("Enter a number of years between 0 and 80."),
    "_start": N_("Enter a year between 1900 and ten years from now."),
    "_year": N_("Enter a year between 1900 and ten years from now."),
    "_end": N_("The end year must be a year, and not before the start year."),
    "_doi": N_("A DOI looks like 10.1000/xyz123."),
}
_BY_TYPE = {
    "missing": N_("Fill this in."),
    "string_too_short": N_("Fill this in."),
    "string_too_long": N_("This is too long."),
}
REPEATED = N_("This is listed twice.")
INVALID = N_("This value is not valid.")


def form_name(path: Path, rows: Mapping[str, Sequence[int]]) -> str:
    """The form field a model path such as ('profile', 'skills', 1, 'level') stands for."""
    parts = list(path[1:] if path[:1] == ("profile",) else path)
    if len(parts) >= 2 and str(parts[0]) in _ROW_FIELDS and isinstance(parts[1], int):
        prefix, names = _ROW_FIELDS[str(parts[0])]
        found = rows.get(str(parts[0]), [])
        row = found[parts[1]] if parts[1] < len(found) else parts[1]
        inner = names.get(str(parts[2]), next(iter(names.values()))) if len(parts) > 2 else ""
        return f"{prefix}_{row}_{inner or next(iter(names.values()))}"
    if len(parts) >= 2 and parts[0] in ("consent", "visibility"):
        return f"{'vis' if parts[0] == 'visibility' else 'consent'}_{parts[1]}"
    return str(parts[0]) if parts else ""


def message(name: str, kind: str, text: str) -> str:
    if "must not repeat" in text:
        return REPEATED
    if name in _BY_FIELD:
        return _BY_FIELD[name]
    for suffix, found in _BY_SUFFIX.items():
        if name.endswith(suffix):
            return found
    return _BY_TYPE.get(kind, INVALID)


def _whole_model(text: str) -> Path:
    """Where a check of the whole profile points (its message names the field)."""
    if "available_until" in text:
        return ("available_until",)
    repeated = re.search(r"(\w+)(\[\])?(\.\w+)? must not repeat", text)
    if repeated and repeated.group(1) in _ROW_FIELDS:
        return (repeated.group(1), 0, (repeated.group(3) or ".")[1:])
    return (repeated.group(1),) if repeated else ("form",)


def of_validation(exc: ValidationError, rows: Mapping[str, Sequence[int]]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for error in exc.errors():
        path: Path = tuple(error["loc"])
        if path in ((), ("profile",)):
            path = _whole_model(error["msg"])
        elif path and isinstance(path[-1], int) and str(path[-2]) in _ROW_FIELDS:
            # A check of a whole row (an end year before its start).
            path = (*path, "end_year" if "end_year" in error["msg"] else "")
        name = form_name(path, rows)
        errors.setdefault(name, message(name, error["type"], error["msg"]))
    return errors


def of_fields(fields: Mapping[str, object], rows: Mapping[str, Sequence[int]]) -> dict[str, str]:
    """A service error's fields ('profile.skills[0].skill_id') beside their form fields."""
    errors: dict[str, str] = {}
    for key, text in fields.items():
        path: Path = tuple(int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", key))
        name = form_name(path, rows)
        errors.setdefault(name, message(name, "", str(text)))
    return errors
