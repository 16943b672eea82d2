"""What the pages of my imports share: who I am, the form as sent, messages beside fields,
the way back to the page, and the page itself with its errors."""

from fastapi import Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from api.auth import current_principal, optional_principal
from api.sources import source_config
from api.web import i18n
from api.web.i18n import N_
from api.web.render import render
from api.web.routes.experts import imports_words as words
from api.web.routes.experts.common import store_of
from api.web.routes.experts.summary import form_page
from talent.accounts.models import AccountRead
from talent.experts.service import ExpertService
from talent.imports import service
from talent.imports.models import (
    MAX_DOIS,
    CandidateState,
)

PAGE = "/me/imports"
MAX_SELECTED = 500

# Messages of this module (errors beside fields, notices).
NO_DOI = N_("Not a DOI: %(values)s. A DOI looks like 10.1000/xyz123.")
TOO_MANY = N_("At most %(count)s DOIs at once.")
NOTHING = N_("Tick “from my linked identifiers”, or paste DOIs.")
NO_LINK = N_("Link your ORCID iD or OpenAlex author first.")
BAD_ORCID = N_("This is not an ORCID iD: one looks like 0000-0002-1825-0097.")
BAD_CHECK = N_("The last character of this ORCID iD (its check digit) is wrong: check each digit.")
BAD_OPENALEX = N_("An OpenAlex author id looks like A5023888391.")
NO_FILE = N_("Choose a BibTeX (.bib) or RIS (.ris) file.")
NOT_REFERENCES = N_("This is not a reference file: a BibTeX (.bib) or RIS (.ris) file is expected.")
NO_WORK = N_("The file holds no work that can be read.")
TOO_LARGE = N_("The file is too large: at most %(size)s MB.")
NONE_CHOSEN = N_("Tick the works to accept or reject first.")
VARIANT_BAD = N_("A name variant is 1 to 200 letters, and each is listed once.")
VARIANT_EMPTY = N_("Type the name as it is written in your works.")


def owner(request: Request) -> tuple[AccountRead, str | None]:
    principal = current_principal(optional_principal(request))
    return principal.account, principal.account.expert_id


def say(request: Request, message: str, **values: object) -> str:
    text = i18n.gettext(i18n.negotiate(request), message)
    return text % values if values else text


def no_profile(request: Request, status_code: int = 200) -> Response:
    return form_page(request, "experts/no_profile.html", status_code=status_code)


def back(anchor: str = "", **query: object) -> RedirectResponse:
    pairs = "&".join(f"{k}={v}" for k, v in query.items())
    return RedirectResponse(
        f"{PAGE}{'?' + pairs if pairs else ''}{'#' + anchor if anchor else ''}", status_code=303
    )


async def read_form(request: Request) -> dict[str, list[str]]:
    form = await request.form()
    return {
        k[:100]: [v[:20_000] for v in form.getlist(k) if isinstance(v, str)][:MAX_SELECTED]
        for k in form
    }


def one(form: dict[str, list[str]], name: str) -> str:
    found = form.get(name) or [""]
    return found[0].strip()


# The page


def page(
    request: Request,
    account: AccountRead,
    expert_id: str,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
    stale: bool = False,
) -> HTMLResponse:
    store = store_of(request)
    locale = i18n.negotiate(request)
    tab = request.query_params.get("tab", "proposed")
    state = CandidateState(tab) if tab in {s.value for s in CandidateState} else None
    cursor = request.query_params.get("cursor") or None
    listed = service.candidates(
        store, expert_id, state=state or CandidateState.PROPOSED, cursor=cursor, limit=50
    )
    expert = ExpertService(store).read(account, expert_id)
    latest = service.latest_job(store, expert_id)
    known = {v.casefold() for v in expert.name_variants}
    suggested = []
    if latest is not None and latest.result:
        found = latest.result.get("suggested_variants")
        for name in found if isinstance(found, list) else []:
            if isinstance(name, str) and name.casefold() not in known and name not in suggested:
                suggested.append(name)
    context = {
        "expert": expert,
        "identifiers": service.identifiers(store, expert_id),
        "oauth": source_config(request.app.state.settings).orcid_oauth,
        "latest": latest,
        "counts": service.counts(store, expert_id),
        "tab": (state or CandidateState.PROPOSED).value,
        "listed": listed,
        "why": {c.id: words.why(c, locale) for c in listed.items},
        "sources": words.SOURCES,
        "suggested": suggested,
        "errors": {k: i18n.gettext(locale, v) for k, v in (errors or {}).items()},
        "values": values or {},
        "done": request.query_params.get("done", ""),
        "figures": {k: request.query_params.get(k, "0") for k in ("a", "r", "s", "u")},
        "stale": stale,
        "max_dois": MAX_DOIS,
    }
    return render(request, "experts/imports.html", context, status_code=status_code)
