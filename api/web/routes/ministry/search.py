"""Expert search: name and skill type-ahead, facet filters with counts, result cards and
cursor paging, over the same search service as `GET /api/v1/experts/search`."""

import re
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
LISTS = ("group", "country", "mode", "language")
SKILL_SEPARATORS = re.compile(r"[,;]")
FIELD_ERRORS = {
    "q": N_("Type at most 200 characters."),
    "skills": N_("Name at most 10 skills, each in under 100 characters."),
}
CHOOSE_OFFERED = N_("Choose one of the values offered.")


def _form(params: QueryParams) -> dict[str, object]:
    """What was asked, as the form shows it again."""
    form: dict[str, object] = {name: params.getlist(name) for name in LISTS}
    form["q"] = params.get("q", "")
    form["skills"] = params.get("skills", "")
    form["residency"] = params.get("residency", "any")
    form["min_level"] = params.get("min_level", "1")
    form["verified"] = params.get("verified", "") in ("1", "true", "on")
    return form


def _request(form: dict[str, object]) -> SearchRequest:
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


def _service_errors(request: Request, index: SearchIndex, exc: InvalidInput) -> dict[str, str]:
    """The service's refusal beside the field it names: an unknown skill with the concepts
    it may have meant, in the viewer's language."""
    errors: dict[str, str] = {}
    terms = [s.strip() for s in SKILL_SEPARATORS.split(request.query_params.get("skills", ""))]
    terms = [s for s in terms if s]
    names = naming(request)
    for field in exc.fields or {}:
        match = re.fullmatch(r"skills\[(\d+)\]", field)
        if match and int(match[1]) < len(terms):
            term = terms[int(match[1])]
            near = resolve_text(index, term, limit=3).suggestions
            hint = ", ".join(names["local"](s.label_en, s.label_vi) for s in near)
            message = t(request, "No skill is called “%(term)s”.") % {"term": term}
            if hint:
                message += " " + t(request, "Did you mean: %(hint)s?") % {"hint": hint}
            errors["skills"] = message
        elif field == "cursor":
            errors["cursor"] = t(request, "This page of results has expired; search again.")
        else:
            errors[field.split("[")[0]] = t(request, CHOOSE_OFFERED)
    return errors


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


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    caller: CallerDep,
    cursor: str | None = None,
) -> Response:
    form = _form(request.query_params)
    context: dict[str, object] = {"form": form, "errors": {}, "page": None, **naming(request)}
    index = search_index(request)
    try:
        asked = _request(form)
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
        context["errors"] = _service_errors(request, index, exc)
    else:
        context["page"] = page
        context["next_url"] = _link(form, page.next_cursor) if page.next_cursor else None
        context["previous_url"] = _link(form, page.previous_cursor) if page.has_previous else None
    fragment = request.headers.get("hx-target") == "results"
    # htmx swaps only successful answers: a live update shows its errors in the results.
    status = 422 if context["errors"] and not fragment else 200
    template = "ministry/search_results.html" if fragment else "ministry/search.html"
    return render(request, template, context, status_code=status)


@router.get("/search/skill-options", response_class=HTMLResponse)
def skill_options(
    request: Request,
    _: CallerDep,
    skills: str = "",
) -> Response:
    """Type-ahead for the skills field: the concepts the last term typed may name, as the
    whole field would read with each."""
    before, _sep, last = skills[:1200].rpartition(",")
    prefix = f"{before.strip()}, " if before.strip() else ""
    found = skill_suggestions(search_index(request), last.strip(), limit=8) if last.strip() else []
    names = naming(request)
    options = [prefix + names["local"](s.label_en, s.label_vi) for s in found]
    return render(request, "ministry/skill_options.html", {"options": options})
