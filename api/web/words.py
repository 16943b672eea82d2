"""Words every page shares, in the viewer's language: the five skill levels (one glossary for
registration, profile, search, role editor and explanations), skill and country names, and
sorting by a name as a Vietnamese reader expects."""

import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import Protocol

from babel import Locale

from api.web.i18n import N_, gettext
from talent.core.names import fold_name
from talent.taxonomy.bundled import bundled

# The one scale of skill levels. Vietnamese follows the ladder civil servants already use for
# proficiency (cơ bản < khá < thành thạo < chuyên sâu), topped by "đầu ngành", the word for a
# field's leading figure; so "thành thạo" is level 3 everywhere, on the expert's form and on the
# ministry's and lead's pages alike. Each entry: the level's word, and what it means.
LEVELS: dict[int, tuple[str, str]] = {
    1: (N_("Basic"), N_("has used it, with guidance")),
    2: (N_("Competent"), N_("uses it on their own in daily work")),
    3: (N_("Proficient"), N_("leads work in it and teaches others")),
    4: (N_("Specialist"), N_("recognised nationally; sets directions")),
    5: (N_("Leading"), N_("recognised internationally; shapes the field")),
}


def level_word(level: int | str | None, locale: str) -> str:
    """A level's word (`Proficient`), or the value as given when it is no level."""
    try:
        word = LEVELS[int(level or 0)][0]
    except (KeyError, ValueError):
        return str(level or "")
    return gettext(locale, word)


def level_named(level: int | str | None, locale: str) -> str:
    """A level by number and word (`3 · Proficient`), as choices and explanations show it."""
    word = level_word(level, locale)
    return f"{level} · {word}" if word != str(level or "") else word


def level_meaning(level: int, locale: str) -> str:
    return gettext(locale, LEVELS[level][1])


def level_choices(locale: str) -> list[tuple[str, str]]:
    """Each level as a select's (value, text)."""
    return [(str(n), level_named(n, locale)) for n in LEVELS]


@cache
def _taxonomy_labels() -> dict[str, tuple[str, str]]:
    return {s["id"]: (s["en"], s["vi"]) for s in bundled()["skills"]}


def local(english: str | None, vietnamese: str | None, locale: str) -> str:
    """A label given in both languages, in `locale` (English where Vietnamese is missing)."""
    if locale == "vi" and vietnamese:
        return vietnamese
    return english or vietnamese or ""


def skill_name(skill_id: str, fallback: str | None, locale: str) -> str:
    """A skill by its label in `locale`; `fallback` (or the id) for one the taxonomy lacks."""
    found = _taxonomy_labels().get(skill_id)
    if found is None:
        return fallback or skill_id
    return local(found[0], found[1], locale)


def country_name(code: str | None, locale: str) -> str:
    """A country by its name in `locale`, given its ISO code; the code where it is unknown."""
    if not code:
        return ""
    return str(Locale.parse(locale).territories.get(code.upper(), code))


def sort_key(name: str) -> tuple[str, str]:
    """Order names as a dictionary does: by letters with accents folded, ties by the accented
    (NFC, case-folded) form, so `Cơ` comes after `Co`, both before `Da`."""
    return fold_name(name), unicodedata.normalize("NFC", name).casefold()


class _SkillItem(Protocol):
    skill_id: str
    label: str


class _NamedItem(Protocol):
    name_en: str
    name_vi: str


def skills_sorted[S: _SkillItem](items: Iterable[S], locale: str) -> list[S]:
    """Items naming a skill (`skill_id`, `label`) in order of the skill's name in `locale`."""
    return sorted(items, key=lambda i: sort_key(skill_name(i.skill_id, i.label, locale)))


def sort_local[N: _NamedItem](items: Iterable[N], locale: str) -> list[N]:
    """Items named in both languages (`name_en`, `name_vi`) in order of their name in `locale`."""
    return sorted(items, key=lambda i: sort_key(local(i.name_en, i.name_vi, locale)))
