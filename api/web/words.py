"""Words every page shares, in the viewer's language: the five skill levels (one glossary for
registration, profile, search, role editor and explanations), the glossary of account roles,
pipeline stages, common actions and shared nouns, skill and country names, and sorting by a
name as a Vietnamese reader expects."""

import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import Protocol

from babel import Locale

from api.web.i18n import N_, gettext, translations
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


# The glossary's entries carry the context "glossary" in the catalogues, so that no area's
# entry for the same English words (another domain's "Shortlisted") can change them.
GLOSSARY = "glossary"


def pgettext(context: str, message: str) -> str:
    """Marks a glossary entry for extraction under its context (Babel's `pgettext` keyword);
    `glossary_word` translates it."""
    return message


def glossary_word(message: str, locale: str) -> str:
    """A glossary entry in `locale`."""
    return str(translations(locale).pgettext(GLOSSARY, message))


# Account roles, as pages and mails name who someone is ("vai trò" is the account's role; a
# role to fill in a programme is a "vị trí").
ACCOUNT_ROLES: dict[str, str] = {
    "expert": pgettext("glossary", "expert"),
    "programme_lead": pgettext("glossary", "programme lead"),
    "ministry": pgettext("glossary", "ministry staff"),
    "admin": pgettext("glossary", "administrator"),
}

# The attraction pipeline's stages (quy trình thu hút, giai đoạn), the way forward then the two
# side stages; the same words as the pipeline board's.
STAGES: dict[str, str] = {
    "identified": pgettext("glossary", "Identified"),
    "contacted": pgettext("glossary", "Contacted"),
    "interested": pgettext("glossary", "Interested"),
    "negotiating": pgettext("glossary", "Negotiating"),
    "committed": pgettext("glossary", "Committed"),
    "engaged": pgettext("glossary", "Engaged"),
    "declined": pgettext("glossary", "Declined"),
    "paused": pgettext("glossary", "Paused"),
}

# Things people do on the pages, one word each: a button or link naming one of these uses it.
ACTIONS: dict[str, str] = {
    "save": pgettext("glossary", "Save"),
    "cancel": pgettext("glossary", "Cancel"),
    "confirm": pgettext("glossary", "Confirm"),
    "edit": pgettext("glossary", "Edit"),
    "delete": pgettext("glossary", "Delete"),
    "search": pgettext("glossary", "Search"),
    "match": pgettext("glossary", "Run matching"),
    "shortlist": pgettext("glossary", "Shortlist"),
    "reject": pgettext("glossary", "Reject"),
    "restore": pgettext("glossary", "Restore"),
    "undo": pgettext("glossary", "Undo"),
    "merge": pgettext("glossary", "Merge"),
    "review": pgettext("glossary", "Review"),
    "export": pgettext("glossary", "Export"),
    "print": pgettext("glossary", "Print"),
    "claim": pgettext("glossary", "Claim a profile"),
}

# Nouns every area shares, with the one Vietnamese word each takes (see the .po files).
TERMS: dict[str, str] = {
    "expert": pgettext("glossary", "expert"),
    "programme": pgettext("glossary", "programme"),
    "role": pgettext("glossary", "role to fill"),
    "candidate": pgettext("glossary", "candidate"),
    "matching": pgettext("glossary", "matching"),
    "match_run": pgettext("glossary", "match run"),
    "shortlist": pgettext("glossary", "shortlist"),
    "pipeline": pgettext("glossary", "attraction pipeline"),
    "stage": pgettext("glossary", "stage"),
    "target": pgettext("glossary", "attraction target"),
    "email": pgettext("glossary", "email"),
    "organisation": pgettext("glossary", "organisation"),
    "audit_log": pgettext("glossary", "audit log"),
    "owner": pgettext("glossary", "person in charge"),
    "next_action": pgettext("glossary", "next action"),
    "work": pgettext("glossary", "work"),
}


def role_word(role: str, locale: str) -> str:
    """An account role's name (`chủ nhiệm chương trình`), or the value as given."""
    return glossary_word(ACCOUNT_ROLES[role], locale) if role in ACCOUNT_ROLES else role


def stage_word(stage: str, locale: str) -> str:
    """A pipeline stage's name (`Đang đàm phán`), or the value as given."""
    return glossary_word(STAGES[stage], locale) if stage in STAGES else stage


def action_word(action: str, locale: str) -> str:
    """An action's one word (`Đưa vào danh sách ngắn`); a KeyError for one not in the glossary."""
    return glossary_word(ACTIONS[action], locale)


def term(name: str, locale: str) -> str:
    """A shared noun's one word (`quy trình thu hút`); a KeyError for one not in the glossary."""
    return glossary_word(TERMS[name], locale)


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
