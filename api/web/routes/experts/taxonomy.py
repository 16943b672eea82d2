"""The taxonomy to browse: the technology groups and the skills under each, named in the page's
language and sorted as a dictionary does, searchable by a skill's name in either language.
Open to everyone, as the API's taxonomy is."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse

from api.web import i18n, words
from api.web.render import render
from api.web.routes.experts.common import store_of
from talent.taxonomy.browse import catalogue
from talent.taxonomy.repository import TaxonomyRepository

router = APIRouter()


@router.get("/taxonomy", response_class=HTMLResponse)
def taxonomy_page(request: Request, q: Annotated[str, Query(max_length=120)] = "") -> Response:
    """Groups -> skills; with `q`, only the skills whose name holds it."""
    locale = i18n.negotiate(request)
    found = catalogue(repo=TaxonomyRepository(store_of(request)), text=q)
    groups = [
        {
            "id": item.group.id,
            "name": words.local(item.group.name_en, item.group.name_vi, locale),
            "no": item.group.no,
            "skills": sorted(
                (
                    {
                        "name": words.local(s.label_en, s.label_vi, locale),
                        "other": s.label_en if locale == "vi" else s.label_vi,
                    }
                    for s in item.skills
                ),
                key=lambda s: words.sort_key(s["name"]),
            ),
        }
        for item in found
    ]
    count = len({s.id for item in found for s in item.skills})  # a skill of two groups once
    context = {"groups": groups, "q": q.strip(), "count": count}
    return render(request, "experts/taxonomy.html", context)
