"""The profile form: flat fields as the browser sends them, to the bodies the services take.
Skills and organisations come by name, never by id; a name that stands for nothing is an
error beside its field, with what it may have meant."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from pydantic import JsonValue
from starlette.datastructures import FormData

from api.web.i18n import N_
from talent.experts.models import ExpertRead
from talent.organizations.index import OrganizationIndex
from talent.registration import lookup
from talent.search.skills import SkillLabel
from talent.taxonomy.closest import closest

Values = dict[str, str | list[str]]
# Fields that carry several values (checkbox groups).
MULTI = ("languages", "engagement_modes")
VISIBLE_FIELDS = ("emails", "phone", "birth_year", "nationality", "bio", "affiliations")
MAX_ROWS = 100
MAX_VALUE = 10_000
PLAIN = (
    "full_name",
    "country",
    "nationality",
    "phone",
    "orcid",
    "headline",
    "bio",
    "available_from",
    "available_until",
    "commitment_until",
)
NUMBERS = ("birth_year", "years_experience", "commitment_hours")


async def read_form(request: Request) -> Values:
    """The form's text fields (already read by the CSRF check), each cut to a sane length."""
    form: FormData = await request.form()
    values: Values = {}
    for key in form:
        texts = [v[:MAX_VALUE] for v in form.getlist(key) if isinstance(v, str)]
        values[key[:100]] = texts[:50] if key in MULTI else (texts[0] if texts else "")
    return values


FormDep = Annotated[Values, Depends(read_form)]


def text(values: Values, name: str) -> str:
    found = values.get(name, "")
    return found.strip() if isinstance(found, str) else ""


def texts(values: Values, name: str) -> list[str]:
    found = values.get(name, [])
    return found if isinstance(found, list) else [found]


# The field that makes a row of each repeated group count as filled in.
MAIN = {"skill": "name", "aff": "org", "work": "title"}


def rows(values: Values, prefix: str, at_least: int) -> int:
    """How many rows of a repeated group (`prefix_N_...`) are filled in, at least some."""
    main = MAIN[prefix]
    numbers = [
        int(key.split("_")[1])
        for key, value in values.items()
        if key.startswith(f"{prefix}_") and key.endswith(f"_{main}") and value
        if key.split("_")[1].isdigit()
    ]
    return min(MAX_ROWS, max([at_least, *[n + 1 for n in numbers]]))


# Groups whose rows the form adds and removes (`row` = "add:skill", "remove:skill:2").
ROW_GROUPS = ("skill", "aff")
ROW_ADDED = N_("A row was added. Nothing is saved yet: send the form when it is complete.")
SKILL_PICKED = N_(
    "The skill is filled in. Nothing is saved yet: send the form when it is complete."
)
ROW_REMOVED = N_("The row was removed. Nothing is saved yet: send the form when it is complete.")


def shown_rows(values: Values, prefix: str) -> int:
    """How many rows of a group the form showed (its `<prefix>_rows` field), at most MAX_ROWS."""
    count = text(values, f"{prefix}_rows")
    return min(MAX_ROWS, int(count)) if count.isdigit() else 0


def row_action(values: Values) -> str | None:
    """A row added or removed instead of a send (the form comes back, nothing saved): the
    notice to show, with `values` changed as the form should now read; None for a send."""
    action = text(values, "row").split(":")
    if len(action) < 2 or (action[0] != "pick" and action[1] not in ROW_GROUPS):
        return None
    if action[0] == "pick":
        return _pick(values, ":".join(action[1:]))
    prefix = action[1]
    count = max(shown_rows(values, prefix), rows(values, prefix, 0))
    if action[0] == "add":
        values[f"{prefix}_rows"] = str(min(MAX_ROWS, count + 1))
        return ROW_ADDED
    if action[0] != "remove" or len(action) != 3 or not action[2].isdigit():
        return None
    gone = int(action[2])
    moved: Values = {}
    for key, value in values.items():
        parts = key.split("_", 2)
        if len(parts) == 3 and parts[0] == prefix and parts[1].isdigit():
            n = int(parts[1])
            if n == gone:
                continue
            key = f"{prefix}_{n - 1 if n > gone else n}_{parts[2]}"
        moved[key] = value
    values.clear()
    values.update(moved)
    values[f"{prefix}_rows"] = str(max(1, count - 1))
    return ROW_REMOVED


def _pick(values: Values, choice: str) -> str | None:
    """A skill the form suggested ("skill_2_name:Học máy"), put in its field."""
    name, _, picked = choice.partition(":")
    parts = name.split("_")
    if len(parts) != 3 or parts[0] != "skill" or not parts[1].isdigit() or parts[2] != "name":
        return None
    values[name] = picked.strip()[:MAX_VALUE]
    return SKILL_PICKED


@dataclass
class Parsed:
    """What the form says, as a service body, with the errors found while reading it (field
    name -> English message, translated when shown) and, per list, the form row of each
    item sent (so that a service's error on `skills[1]` lands beside the right row)."""

    profile: dict[str, JsonValue] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    rows: dict[str, list[int]] = field(default_factory=dict)
    works: list[JsonValue] = field(default_factory=list)
    proposals: list[JsonValue] = field(default_factory=list)
    # Beside an unknown skill's name: the skills it most likely meant, named in the page's
    # language.
    suggestions: dict[str, list[str]] = field(default_factory=dict)


def _number(values: Values, name: str, parsed: Parsed) -> int | None:
    raw = text(values, name)
    if not raw:
        return None
    if not raw.isdigit():
        parsed.errors[name] = N_("Enter a whole number, such as 2015.")
        return None
    return int(raw)


def _skills(values: Values, labels: Sequence[SkillLabel], parsed: Parsed, locale: str) -> None:
    skills: list[JsonValue] = []
    parsed.rows["skills"] = []
    for n in range(rows(values, "skill", 0)):
        name = text(values, f"skill_{n}_name")
        if not name:
            continue
        found = lookup.skill_named(labels, name)
        if found is None:
            parsed.errors[f"skill_{n}_name"] = N_("No skill has this name.")
            parsed.suggestions[f"skill_{n}_name"] = [
                (s.label_vi if locale == "vi" else s.label_en) or s.label_en
                for s in closest(labels, name)
            ]
            continue
        level = _number(values, f"skill_{n}_level", parsed) or 0
        years = _number(values, f"skill_{n}_years", parsed)
        skills.append({"skill_id": found.skill_id, "level": level, "years": years})
        parsed.rows["skills"].append(n)
    parsed.profile["skills"] = skills


def _affiliations(
    orgs: OrganizationIndex, values: Values, parsed: Parsed, *, propose: bool, viewer: str | None
) -> None:
    known: list[JsonValue] = []
    parsed.rows["affiliations"] = []
    parsed.rows["new_organizations"] = []
    for n in range(rows(values, "aff", 0)):
        name = text(values, f"aff_{n}_org")
        if not name:
            continue
        item: dict[str, JsonValue] = {
            "title": text(values, f"aff_{n}_title"),
            "start_year": _number(values, f"aff_{n}_start", parsed),
            "end_year": _number(values, f"aff_{n}_end", parsed),
        }
        org = lookup.organization_named(orgs, name, viewer=viewer)
        if org is not None:
            known.append({"organization_id": org.id, **item})
            parsed.rows["affiliations"].append(n)
        elif propose:
            parsed.proposals.append({"name": name, **item})
            parsed.rows["new_organizations"].append(n)
        else:
            parsed.errors[f"aff_{n}_org"] = N_(
                "No organisation has this name: choose one from the suggestions."
            )
    parsed.profile["affiliations"] = known


def _works(values: Values, parsed: Parsed) -> None:
    parsed.rows["works"] = []
    for n in range(rows(values, "work", 0)):
        title = text(values, f"work_{n}_title")
        if not title:
            continue
        work: dict[str, JsonValue] = {
            "title": title,
            "kind": text(values, f"work_{n}_kind") or "publication",
            "year": _number(values, f"work_{n}_year", parsed),
            "venue": text(values, f"work_{n}_venue"),
        }
        doi = text(values, f"work_{n}_doi")
        if doi:
            work["doi"] = doi
        parsed.works.append(work)
        parsed.rows["works"].append(n)


def parse_profile(
    orgs: OrganizationIndex,
    values: Values,
    labels: Sequence[SkillLabel],
    *,
    registering: bool,
    viewer: str | None = None,
    locale: str = "en",
) -> Parsed:
    """The profile the form describes (and, registering, its works and proposed
    organisations); blank optional fields are left out. Organisations are found by name among
    those `viewer` (the profile edited) may be offered: an unapproved one only by its
    proposer."""
    parsed = Parsed()
    profile = parsed.profile
    for name in PLAIN:
        value = text(values, name)
        if value:
            profile[name] = value
    for name in NUMBERS:
        number = _number(values, name, parsed)
        if number is not None:
            profile[name] = number
    profile["languages"] = list(texts(values, "languages"))
    profile["engagement_modes"] = list(texts(values, "engagement_modes"))
    profile["consent"] = {
        "match": bool(text(values, "consent_match")),
        "contact": bool(text(values, "consent_contact")),
    }
    profile["visibility"] = {
        name: text(values, f"vis_{name}") or "admins" for name in VISIBLE_FIELDS
    }
    if not registering:
        # A required field emptied on an edit is refused beside it, not kept as it was.
        for required in ("full_name", "country"):
            profile.setdefault(required, "")
        emails = [e.strip() for e in text(values, "emails").split(",") if e.strip()]
        profile["emails"] = list(emails)
        for cleared in ("phone", "orcid", "nationality", "birth_year"):
            profile.setdefault(cleared, None)
        for blank in ("headline", "bio"):
            profile.setdefault(blank, "")
        profile.setdefault("years_experience", 0)
        profile.setdefault("available_from", None)
        profile.setdefault("available_until", None)
        profile.setdefault("commitment_hours", 0)
        profile.setdefault("commitment_until", None)
    _skills(values, labels, parsed, locale)
    _affiliations(orgs, values, parsed, propose=registering, viewer=viewer)
    if registering:
        _works(values, parsed)
    return parsed


def keep_sources(parsed: Parsed, current: ExpertRead) -> None:
    """A claim sent back unchanged keeps its source (a verified one stays verified); a changed
    or new one is self-declared."""
    skills = {s.skill_id: s for s in current.skills}
    affiliations = {a.organization_id: a for a in current.affiliations}
    for item in _dicts(parsed.profile.get("skills")):
        was = skills.get(str(item["skill_id"]))
        if was and (was.level, was.years) == (item["level"], item["years"]):
            item["source"] = was.source.value
    for item in _dicts(parsed.profile.get("affiliations")):
        before = affiliations.get(str(item["organization_id"]))
        same = before and (before.title, before.start_year, before.end_year) == (
            item["title"],
            item["start_year"],
            item["end_year"],
        )
        if before and same:
            item["source"] = before.source.value


def _dicts(items: JsonValue) -> list[dict[str, JsonValue]]:
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def values_of(
    expert: ExpertRead, labels: Sequence[SkillLabel], orgs: OrganizationIndex, locale: str
) -> Values:
    """The edit form filled in with the profile as it is, skills named in `locale`."""
    names = {s.skill_id: s for s in labels}
    org_names = orgs.names_of([a.organization_id for a in expert.affiliations])
    values: Values = {
        "full_name": expert.full_name,
        "country": expert.country,
        "nationality": expert.nationality or "",
        "birth_year": str(expert.birth_year or ""),
        "phone": expert.phone or "",
        "emails": ", ".join(str(e) for e in expert.emails),
        "orcid": expert.orcid or "",
        "headline": expert.headline,
        "bio": expert.bio,
        "years_experience": str(expert.years_experience),
        "languages": list(expert.languages),
        "engagement_modes": [m.value for m in expert.engagement_modes],
        "available_from": expert.available_from.isoformat() if expert.available_from else "",
        "available_until": expert.available_until.isoformat() if expert.available_until else "",
        "commitment_hours": str(expert.commitment_hours),
        "commitment_until": expert.commitment_until.isoformat() if expert.commitment_until else "",
        "consent_match": "on" if expert.consent.match else "",
        "consent_contact": "on" if expert.consent.contact else "",
        "version": str(expert.version),
    }
    for name, choice in expert.visibility.model_dump().items():
        values[f"vis_{name}"] = str(choice)
    for n, skill in enumerate(expert.skills):
        label = names.get(skill.skill_id)
        named = (label.label_vi if locale == "vi" else label.label_en) if label else ""
        values[f"skill_{n}_name"] = named or skill.skill_id
        values[f"skill_{n}_level"] = str(skill.level)
        values[f"skill_{n}_years"] = str(skill.years) if skill.years is not None else ""
    for n, aff in enumerate(expert.affiliations):
        values[f"aff_{n}_org"] = org_names.get(aff.organization_id, aff.organization_id)
        values[f"aff_{n}_title"] = aff.title
        values[f"aff_{n}_start"] = str(aff.start_year or "")
        values[f"aff_{n}_end"] = str(aff.end_year or "")
    return values
