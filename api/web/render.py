"""Rendering a page: one Jinja2 environment per language, with its catalogues installed, and
the context every template may use (the viewer, the language, the CSRF token, formatters)."""

from collections.abc import Mapping
from functools import cache
from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from api.auth import Principal, optional_principal
from api.web import i18n, words
from api.web.session import CSRF_FIELD, csrf_token, remember_csrf
from graph import GraphUnavailable
from talent.alerts.service import unread_count
from talent.core.errors import TalentError

TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment(locale: str, area: str = "core") -> Environment:
    """The templates of one language, with `area`'s catalogue ahead of the others'."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(i18n.translations(locale, area), newstyle=True)  # type: ignore[attr-defined]
    env.filters["number"] = lambda value: i18n.number(value, locale)
    env.filters["percent"] = lambda value: i18n.percent(value, locale)
    env.filters["day"] = lambda value: i18n.day(value, locale)
    env.filters["moment"] = lambda value: i18n.moment(value, locale)
    env.filters["level_word"] = lambda value: words.level_word(value, locale)
    env.filters["level_named"] = lambda value: words.level_named(value, locale)
    env.filters["country_name"] = lambda value: words.country_name(value, locale)
    env.filters["skills_sorted"] = lambda items: words.skills_sorted(items, locale)
    env.filters["sort_local"] = lambda items: words.sort_local(items, locale)
    env.globals["local"] = lambda english, vietnamese: words.local(english, vietnamese, locale)
    env.globals["level_choices"] = words.level_choices(locale)
    env.globals["skill_name"] = lambda skill_id, fallback="": words.skill_name(
        skill_id, fallback, locale
    )
    return env


def t(request: Request, message: str) -> str:
    """`message` in the request's language (extracted from Python by the keyword `t:2`)."""
    return i18n.gettext(i18n.negotiate(request), message)


def viewer(request: Request) -> Principal | None:
    """The signed-in viewer, or None (an expired or revoked session shows as signed out)."""
    try:
        return optional_principal(request)
    except TalentError:
        return None


def _unread(request: Request, seen: Principal | None) -> int:
    """The bell's count: the viewer's unread alerts (none shown when the graph is away: the
    page it sits on says so itself)."""
    if seen is None:
        return 0
    try:
        return unread_count(request.app.state.store, seen.account)
    except GraphUnavailable:
        return 0


def render(
    request: Request,
    template: str,
    context: Mapping[str, object] | None = None,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    locale = i18n.negotiate(request)
    area = template.split("/", 1)[0] if "/" in template else "core"
    page = environment(locale, area if area in i18n.DOMAINS else "core").get_template(template)
    seen = viewer(request)
    html = page.render(
        request=request,
        viewer=seen,
        unread=_unread(request, seen),
        locale=locale,
        locales=i18n.LOCALES,
        csrf_field=CSRF_FIELD,
        csrf_token=csrf_token(request),
        **(context or {}),
    )
    response = HTMLResponse(html, status_code=status_code)
    remember_csrf(request, response)
    return response


def is_page(request: Request) -> bool:
    """A request for a web page (not the JSON API, not /health)."""
    path = request.url.path
    return not (path.startswith("/api/") or path == "/health" or path.startswith("/static/"))
