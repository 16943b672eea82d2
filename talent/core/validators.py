"""Checks for codes and identifiers: ISO 3166 countries, ISO 639 languages, ORCID, DOI, ROR."""

import re
from functools import cache
from urllib.parse import unquote

import pycountry

ORCID_PATTERN = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
DOI_PREFIXES = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*|doi\s+)", re.IGNORECASE)
ROR_PATTERN = re.compile(r"^0[a-hj-km-np-tv-z0-9]{6}\d{2}$")
PHONE_PATTERN = re.compile(r"^\+?[0-9 ().-]{6,24}$")


@cache
def _countries() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries)


@cache
def _languages() -> frozenset[str]:
    codes: set[str] = set()
    for lang in pycountry.languages:
        codes.add(lang.alpha_3)
        if hasattr(lang, "alpha_2"):
            codes.add(lang.alpha_2)
    return frozenset(codes)


def country_code(value: str) -> str:
    """An ISO 3166-1 alpha-2 code, upper-cased."""
    code = value.strip().upper()
    if code not in _countries():
        raise ValueError(f"'{value}' is not an ISO 3166-1 alpha-2 country code")
    return code


def language_code(value: str) -> str:
    """An ISO 639-1 (two letters) or ISO 639-3 (three letters) language code, lower-cased."""
    code = value.strip().lower()
    if code not in _languages():
        raise ValueError(f"'{value}' is not an ISO 639 language code")
    return code


def orcid(value: str) -> str:
    """An ORCID iD with a valid ISO 7064 11,2 check digit; a full https URL is accepted."""
    raw = value.strip().upper().removeprefix("HTTPS://ORCID.ORG/").removeprefix("HTTP://ORCID.ORG/")
    if not ORCID_PATTERN.match(raw):
        raise ValueError("an ORCID iD looks like 0000-0002-1825-0097")
    digits = raw.replace("-", "")
    total = 0
    for ch in digits[:-1]:
        total = (total + int(ch)) * 2
    check = (12 - total % 11) % 11
    expected = "X" if check == 10 else str(check)
    if digits[-1] != expected:
        raise ValueError("the ORCID iD's check digit is wrong")
    return raw


def doi(value: str) -> str:
    """The one form of a DOI everywhere (pasted, typed, from a source or a file): no resolver
    (https://doi.org/, http://dx.doi.org/), no `doi:` or `DOI ` before it, percent-encoding
    decoded, no full stop after it, lower case (DOIs are case-insensitive). A `.` or `..` path
    segment is refused: a DOI is put in source URLs, and must not walk out of their path."""
    raw = DOI_PREFIXES.sub("", value.strip())
    if "%" in raw:
        raw = unquote(raw)
    walks = {".", ".."} & set(raw.strip().split("/"))
    raw = raw.strip().rstrip(".")
    if walks or not DOI_PATTERN.match(raw) or {".", ".."} & set(raw.split("/")):
        raise ValueError("a DOI looks like 10.1000/xyz123")
    return raw.lower()


def ror_id(value: str) -> str:
    raw = value.strip().lower().removeprefix("https://ror.org/")
    if not ROR_PATTERN.match(raw):
        raise ValueError("a ROR id looks like 05dxps055")
    return raw


def phone(value: str) -> str:
    raw = value.strip()
    if not PHONE_PATTERN.match(raw) or sum(ch.isdigit() for ch in raw) < 6:
        raise ValueError("a phone number has 6 to 15 digits, optionally with + ( ) - . and spaces")
    return raw
