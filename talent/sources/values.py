"""Identifiers and text as the sources write them, brought to one form, so that the same DOI,
ORCID iD or ROR id from two sources compares equal and markup never reaches a title."""

import html
import re
import unicodedata
from typing import Any

from talent.core import validators

TAG = re.compile(r"<[^>]+>")
SPACE = re.compile(r"\s+")
OPENALEX_ID = re.compile(r"^(?:https?://openalex\.org/)?([AWISPFC]\d+)$", re.IGNORECASE)


def normalise_doi(value: object) -> str | None:
    """'https://doi.org/10.1000/ABC' -> '10.1000/abc' (DOIs are case-insensitive); None when
    the value is not a DOI."""
    if not isinstance(value, str):
        return None
    try:
        return validators.doi(value)
    except ValueError:
        return None


def bare_orcid(value: object) -> str | None:
    """'https://orcid.org/0000-0002-1825-0097' or 'http://orcid.org/…' -> the bare iD, its
    checksum valid; None otherwise (a source's typo is not an identity)."""
    if not isinstance(value, str) or not value.strip():
        return None
    raw = re.sub(r"^https?://(?:www\.)?orcid\.org/", "", value.strip(), flags=re.IGNORECASE)
    try:
        return validators.orcid(raw)
    except ValueError:
        return None


def short_ror(value: object) -> str | None:
    """'https://ror.org/02jmfj006' -> '02jmfj006'; None when not a ROR id."""
    if not isinstance(value, str):
        return None
    try:
        return validators.ror_id(value)
    except ValueError:
        return None


def short_openalex(value: object) -> str | None:
    """'https://openalex.org/A5023888391' -> 'A5023888391'."""
    if not isinstance(value, str):
        return None
    match = OPENALEX_ID.match(value.strip())
    return match.group(1).upper() if match else None


def plain(value: object) -> str:
    """Text without markup (JATS, HTML), entities decoded, white space collapsed, composed
    (NFC: a source may send 'ư' as 'u' plus combining marks, which would compare unequal)."""
    if not isinstance(value, str):
        return ""
    text = SPACE.sub(" ", html.unescape(TAG.sub(" ", value))).strip()
    return unicodedata.normalize("NFC", text)


def first_text(value: object) -> str:
    """Crossref's lists of one title ('title': ['…']) read as the first text."""
    if isinstance(value, list):
        return next((plain(item) for item in value if plain(item)), "")
    return plain(value)


def year(value: object) -> int | None:
    """A plausible publication year from '2020', 2020 or None."""
    try:
        number = int(str(value).strip()[:4])
    except ValueError:
        return None
    return number if 1000 <= number <= 2999 else None


def dig(data: Any, *keys: str | int) -> Any:
    """data[k1][k2]…, None where a level is missing or null (ORCID writes null for absent)."""
    for key in keys:
        if isinstance(key, int):
            if not isinstance(data, list) or not -len(data) <= key < len(data):
                return None
        elif not isinstance(data, dict):
            return None
        data = data[key] if isinstance(key, int) else data.get(key)
        if data is None:
            return None
    return data
