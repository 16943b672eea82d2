"""The search's results taken away: the query and filters of the page, as CSV (with a
byte-order mark, so that Excel reads Vietnamese names) or XLSX, headed in the page's
language; at most `EXPORT_LIMIT` experts (5,000), in the order the page shows them: a
search that finds more is narrowed with the filters first, as the page says. E-mails appear
only where the expert lets the caller see them, each such view audited, as on the page and
over the API."""

from collections.abc import Callable
from urllib.parse import quote

from fastapi import APIRouter, Request, Response
from pydantic import ValidationError

from api.auth import CallerDep
from api.web import i18n, words
from api.web.downloads import Format, download
from api.web.i18n import N_
from api.web.render import t
from api.web.routes.ministry.common import search_index
from api.web.routes.ministry.search import EXPORT_LIMIT, asked_form, search_request
from talent.core.errors import InvalidInput
from talent.core.tables import Cell, Table
from talent.search.cards import Card, search_page

router = APIRouter(include_in_schema=False)
TITLE = N_("Search experts")
HEADINGS = (
    N_("No."),
    N_("Name"),
    N_("Headline"),
    N_("Country of residence"),
    N_("Where they live"),
    N_("Verification grade"),
    N_("Ways of working"),
    N_("Top skills"),
    N_("E-mail"),
    N_("Profile address"),
)
# The words of the page's labels (ministry/labels.html), for the cells.
RESIDENCIES = {"domestic": N_("In Vietnam"), "overseas": N_("Abroad")}
MODES = {
    "full_time_return": N_("Full-time return"),
    "part_time": N_("Part-time"),
    "remote": N_("Remote"),
    "short_visits": N_("Short visits"),
    "advisory": N_("Advisory"),
}
GRADES = {
    0: N_("Self-declared"),
    1: N_("E-mail confirmed, claims not verified"),
    2: N_("Confirmed by an institution"),
    3: N_("Verified by a ministry"),
}


def _row(
    number: int, card: Card, request: Request, word: Callable[[str], str], locale: str
) -> list[Cell]:
    """One expert as the card shows them, in the page's language."""
    hit = card.hit
    skills = "; ".join(
        f"{words.local(s.label_en, s.label_vi, locale)}: {words.level_named(s.level, locale)}"
        for s in card.top_skills
    )
    return [
        number,
        hit.full_name,
        hit.headline,
        words.country_name(hit.country, locale),
        word(RESIDENCIES.get(hit.residency, hit.residency)),
        word(GRADES.get(hit.verification_grade, str(hit.verification_grade))),
        ", ".join(word(MODES.get(m, m)) for m in hit.engagement_modes),
        skills,
        ", ".join(hit.emails or []),
        f"{request.base_url}experts/{quote(hit.expert_id, safe='')}",
    ]


@router.get("/search/export")
def search_export(request: Request, caller: CallerDep, form: Format = "csv") -> Response:
    """The experts the search page finds with these query and filters, as a file."""
    asked = asked_form(request.query_params)
    try:
        searched = search_request(asked)
    except ValidationError as exc:
        fields = {str(e["loc"][0]) if e["loc"] else "q": e["msg"] for e in exc.errors()}
        raise InvalidInput("some search fields are not valid", fields=fields) from exc
    found = search_page(
        store=request.app.state.store,
        index=search_index(request),
        request=searched,
        limit=EXPORT_LIMIT,
        cursor=None,
        caller=caller.account,
    )
    locale = i18n.negotiate(request)

    def word(message: str) -> str:
        return t(request, message)

    table = Table(
        title=word(TITLE),
        headers=[word(h) for h in HEADINGS],
        rows=[_row(n, card, request, word, locale) for n, card in enumerate(found.cards, 1)],
    )
    return download(table, stem="expert-search", form=form)
