"""Expert search: name and skill type-ahead, facet filters with counts, result cards and
cursor paging, over the same search service as `GET /api/v1/experts/search`."""

import re
from typing import NamedTuple
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response
from fastapi.datastructures import QueryParams
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from api.auth import CallerDep
from api.web.i18n import N_
from api.web.render import render, t
from api.web.routes.ministry.common import naming, search_index
from talent.core.errors import InvalidInput
from talent.search.cards import search_page, skill_suggestions
from talent.search.index import SearchIndex
from talent.search.models import SearchRequest
from talent.search.service import resolve_text

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 20
# The most experts one export of the results holds (said beside its links).
EXPORT_LIMIT = 5_000
LISTS = ("group", "country", "mode", "language")
FORMATS = ("csv", "xlsx")
SKILL_SEPARATORS = re.compile(r"[,;]")
FIELD_ERRORS = {
    "q": N_("Type at most 200 characters."),
    "skills": N_("Name at most 10 skills, each in under 100 characters."),
}
CHOOSE_OFFERED = N_("Choose one of the values offered.")


class Suggestion(NamedTuple):
    """A skill offered for what was typed, and the search with it in the field."""

    label: str
    url: str


def asked_form(params: QueryParams) -> dict[str, object]:
    """What was asked, as the form shows it again."""
    form: dict[str, object] = {name: params.getlist(name) for name in LISTS}
    form["q"] = params.get("q", "")
    form["skills"] = params.get("skills", "")
    form["residency"] = params.get("residency", "any")
    form["min_level"] = params.get("min_level", "1")
    form["verified"] = params.get("verified", "") in ("1", "true", "on")
    return form


def search_request(form: dict[str, object]) -> SearchRequest:
    skills = [s.strip() for s in SKILL_SEPARATORS.split(str(form["skills"])) if s.strip()]
    return SearchRequest.model_validate(
        {
            "q": str(form["q"]).strip() or None,
            "skills": skills,
            **{name: form[name] for name in LISTS},
            "residency": form["residency"],
            "min_level": form["min_level"],
            "verified": form["verified"],
        }
    )


def _field_errors(request: Request, exc: ValidationError) -> dict[str, str]:
    errors = {}
    for error in exc.errors():
        name = str(error["loc"][0]) if error["loc"] else "q"
        errors[name] = t(request, FIELD_ERRORS.get(name, CHOOSE_OFFERED))
    return errors


def _terms(skills: str) -> list[str]:
    return [t for t in (s.strip() for s in SKILL_SEPARATORS.split(skills)) if t]


def _service_errors(
    request: Request, index: SearchIndex, exc: InvalidInput, form: dict[str, object]
) -> tuple[dict[str, str], list[Suggestion]]:
    """The service's refusal beside the field it names: an unknown skill with the concepts
    it may have meant, each a link that searches with it in place of the term typed."""
    errors: dict[str, str] = {}
    suggestions: list[Suggestion] = []
    terms = _terms(str(form["skills"]))
    names = naming(request)
    for field in exc.fields or {}:
        match = re.fullmatch(r"skills\[(\d+)\]", field)
        if match and int(match[1]) < len(terms):
            at = int(match[1])
            term = terms[at]
            for near in resolve_text(index, term, limit=3).suggestions:
                label = names["local"](near.label_en, near.label_vi)
                skills = ", ".join([*terms[:at], label, *terms[at + 1 :]])
                suggestions.append(Suggestion(label, _link({**form, "skills": skills}, None)))
            errors["skills"] = t(request, "No skill is called “%(term)s”.") % {"term": term}
        elif field == "cursor":
            errors["cursor"] = t(request, "This page of results has expired; search again.")
        else:
            errors[field.split("[")[0]] = t(request, CHOOSE_OFFERED)
    return errors, suggestions


def _link(form: dict[str, object], cursor: str | None) -> str:
    pairs: list[tuple[str, str]] = []
    for name in ("q", "skills", "residency", "min_level"):
        if form[name] and form[name] not in ("any", "1"):
            pairs.append((name, str(form[name])))
    for name in LISTS:
        value = form[name]
        pairs += [(name, str(v)) for v in value] if isinstance(value, list) else []
    if form["verified"]:
        pairs.append(("verified", "1"))
    if cursor:
        pairs.append(("cursor", cursor))
    return "/search?" + urlencode(pairs)


def _export_links(form: dict[str, object]) -> dict[str, str]:
    """The export of these results, by format."""
    query = _link(form, None).partition("?")[2]
    return {kind: f"/search/export?{query}{'&' if query else ''}form={kind}" for kind in FORMATS}


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    caller: CallerDep,
    cursor: str | None = None,
) -> Response:
    form = asked_form(request.query_params)
    context: dict[str, object] = {
        "form": form,
        "errors": {},
        "did_you_mean": [],
        "page": None,
        **naming(request),
    }
    index = search_index(request)
    try:
        asked = search_request(form)
        page = search_page(
            store=request.app.state.store,
            index=index,
            request=asked,
            limit=PAGE_SIZE,
            cursor=cursor,
            caller=caller.account,
        )
    except ValidationError as exc:
        context["errors"] = _field_errors(request, exc)
    except InvalidInput as exc:
        context["errors"], context["did_you_mean"] = _service_errors(request, index, exc, form)
    else:
        context["page"] = page
        context["next_url"] = _link(form, page.next_cursor) if page.next_cursor else None
        context["previous_url"] = _link(form, page.previous_cursor) if page.has_previous else None
        context["export_urls"] = _export_links(form)
        context["save_query"] = _link(form, None).partition("?")[2]
        context["export_limit"] = EXPORT_LIMIT
    fragment = request.headers.get("hx-target") == "results"
    # htmx swaps only successful answers: a live update shows its errors in the results.
    status = 422 if context["errors"] and not fragment else 200
    template = "ministry/search_results.html" if fragment else "ministry/search.html"
    return render(request, template, context, status_code=status)


@router.get("/search/skill-options", response_class=HTMLResponse)
def skill_options(request: Request, _: CallerDep) -> Response:
    """Type-ahead for the skills field: the concepts the last term typed may name, each a
    link that searches with the field as it would read with that concept (the rest of the
    form, sent along, kept)."""
    form = asked_form(request.query_params)
    typed = str(form["skills"])[:1200]
    before, _sep, last = typed.rpartition(",")
    prefix = f"{before.strip()}, " if before.strip() else ""
    found = skill_suggestions(search_index(request), last.strip(), limit=8) if last.strip() else []
    names = naming(request)
    options = []
    for skill in found:
        label = names["local"](skill.label_en, skill.label_vi)
        options.append(Suggestion(label, _link({**form, "skills": prefix + label}, None)))
    return render(request, "ministry/skill_options.html", {"options": options})
