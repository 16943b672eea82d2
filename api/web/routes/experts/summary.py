"""The error summary at the top of an expert's form: each error named by its field's label and
linked to the field, in the order of the form, so that a failed submit never leaves its errors
several screens down."""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import HTMLResponse

from api.web import i18n
from api.web.i18n import N_
from api.web.render import render
from api.web.routes.experts.choices import FIELDS

# The labels of the form's fields as the templates show them (the same message ids).
LABELS: dict[str, str] = {
    "email": N_("E-mail"),
    "profile": N_("The profile's link or code"),
    "name": N_("Your name"),
    "full_name": N_("Full name"),
    "country": N_("Country where you live"),
    "nationality": N_("Nationality"),
    "birth_year": N_("Year of birth"),
    "emails": N_("E-mail addresses"),
    "phone": N_("Phone"),
    "orcid": N_("ORCID iD"),
    "languages": N_("Languages you work in"),
    "headline": N_("Headline"),
    "bio": N_("Biography"),
    "years_experience": N_("Years of professional experience"),
    "engagement_modes": N_("Ways of working you accept"),
    "available_from": N_("Available from"),
    "available_until": N_("Available until"),
    "commitment_hours": N_("Hours a month already committed elsewhere"),
    "commitment_until": N_("Those commitments end on"),
    "consent_match": N_("Propose me for roles in the programmes"),
    "consent_contact": N_("Programme staff may contact me"),
    "not_a_duplicate": N_("Someone else's profile lists my e-mail address (we share it)"),
    "current_password": N_("Current password"),
    "password": N_("New password"),
    "password_again": N_("The new password again"),
    "understood": N_("I understand that this cannot be undone"),
    "proposal_name": N_("Name of the skill"),
    "proposal_description": N_("What it covers (optional)"),
    "w_title": N_("Title"),
    "w_kind": N_("Kind"),
    "w_year": N_("Year"),
    "w_venue": N_("Where it appeared"),
    "w_doi": N_("DOI"),
}
# A row's fields: (group, inner name) -> the label with the row's number.
ROW_LABELS: dict[tuple[str, str], str] = {
    ("skill", "name"): N_("Skill %(n)d"),
    ("skill", "level"): N_("Level of skill %(n)d"),
    ("skill", "years"): N_("Years with skill %(n)d"),
    ("aff", "org"): N_("Organisation %(n)d"),
    ("aff", "title"): N_("Position at organisation %(n)d"),
    ("aff", "start"): N_("Organisation %(n)d: from (year)"),
    ("aff", "end"): N_("Organisation %(n)d: until (year)"),
    ("work", "title"): N_("Title of work %(n)d"),
    ("work", "kind"): N_("Kind of work %(n)d"),
    ("work", "year"): N_("Year of work %(n)d"),
    ("work", "venue"): N_("Work %(n)d: where it appeared"),
    ("work", "doi"): N_("Work %(n)d: DOI"),
}
VISIBLE = N_("%(field)s: who may see it")
# Where each field stands in the forms, top to bottom (rows by group, then number).
ORDER = (
    "email",
    "profile",
    "name",
    "full_name",
    "country",
    "nationality",
    "birth_year",
    "emails",
    "phone",
    "orcid",
    "languages",
    "headline",
    "bio",
    "years_experience",
    "skill",
    "aff",
    "work",
    "engagement_modes",
    "available_from",
    "available_until",
    "commitment_hours",
    "commitment_until",
    "vis",
    "consent",
    "not_a_duplicate",
    "token",
    "current_password",
    "password",
    "password_again",
    "understood",
    "proposal_name",
    "proposal_description",
    "w_title",
    "w_kind",
    "w_year",
    "w_venue",
    "w_doi",
)
_ROW = re.compile(r"^(skill|aff|work)_(\d+)_(\w+)$")
# Errors about no single control: the summary links to the error itself.
_NO_CONTROL = ("token",)


@dataclass(frozen=True, slots=True)
class Item:
    """One error of the summary: the link's target, the field's label, the message."""

    href: str
    label: str
    message: str


def _label(name: str, locale: str) -> str:
    if (row := _ROW.match(name)) is not None:
        text = ROW_LABELS.get((row.group(1), row.group(3)))
        return i18n.gettext(locale, text) % {"n": int(row.group(2)) + 1} if text else ""
    if name.startswith("vis_") and name[4:] in FIELDS:
        field = i18n.gettext(locale, FIELDS[name[4:]])
        return i18n.gettext(locale, VISIBLE) % {"field": field}
    return i18n.gettext(locale, LABELS[name]) if name in LABELS else ""


def _rank(name: str) -> tuple[int, int, str]:
    row = _ROW.match(name)
    head = row.group(1) if row else name.split("_")[0] if name[:4] in ("vis_", "cons") else name
    place = ORDER.index(head) if head in ORDER else len(ORDER)
    return place, int(row.group(2)) if row else 0, name


def items(
    errors: Mapping[str, str], locale: str, *, ids: Mapping[str, str] | None = None
) -> list[Item]:
    """The summary of `errors` (field name -> message, already translated), in the form's
    order; `ids` names a field's control where it is not `f-<name>`."""
    found = []
    for name in sorted(errors, key=_rank):
        target = (ids or {}).get(name) or (f"e-{name}" if name in _NO_CONTROL else f"f-{name}")
        found.append(Item(href=f"#{target}", label=_label(name, locale), message=errors[name]))
    return found


def form_page(
    request: Request,
    template: str,
    context: Mapping[str, object] | None = None,
    *,
    status_code: int = 200,
    ids: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """A form's page, with the summary of its `errors` (if any) for the top of the page."""
    context = context or {}
    errors = context.get("errors")
    shown = errors if isinstance(errors, Mapping) else {}
    summary = items(shown, i18n.negotiate(request), ids=ids)
    return render(request, template, {**context, "summary": summary}, status_code=status_code)
