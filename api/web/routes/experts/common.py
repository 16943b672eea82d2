"""What the experts' pages share: the services as the request reaches them, the profile
form's context, and errors in the viewer's language."""

from collections.abc import Mapping

from fastapi import Request

from api.deps import get_notices
from api.routes.passwords import anonymous
from api.web import i18n
from api.web.routes.experts import choices
from api.web.routes.experts.forms import Values, rows, shown_rows
from graph import GraphStore
from talent.audit.log import Actor
from talent.organizations.index import OrganizationIndex
from talent.registration.service import Registrations

# Empty rows offered beyond those filled in, so that one more can always be added.
SPARE_ROWS = 2


def store_of(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


def organizations_of(request: Request) -> OrganizationIndex:
    """The process's index of organisations by name."""
    index: OrganizationIndex = request.app.state.organizations
    return index


def registrations(request: Request) -> Registrations:
    store = store_of(request)
    notices = get_notices(store, request.app.state.settings, i18n.negotiate(request))
    return Registrations(store=store, notices=notices, checker=request.app.state.duplicates)


def visitor(request: Request) -> Actor:
    """An anonymous caller, known by address, as the API records one."""
    return anonymous(request)


def translated(request: Request, errors: Mapping[str, str]) -> dict[str, str]:
    locale = i18n.negotiate(request)
    return {name: i18n.gettext(locale, text) for name, text in errors.items()}


def profile_form(
    request: Request,
    values: Values,
    errors: Mapping[str, str],
    *,
    registering: bool,
    row_notice: str = "",
    suggestions: Mapping[str, list[str]] | None = None,
) -> dict[str, object]:
    """The context of the profile form: what was typed, its errors, its rows and choices (and,
    after a row added or removed, the notice that nothing was saved)."""
    spare, least = (0, 5) if registering else (SPARE_ROWS, 0)
    locale = i18n.negotiate(request)
    return {
        **choices.context(locale),
        "values": values,
        "errors": translated(request, errors),
        "registering": registering,
        "row_notice": i18n.gettext(locale, row_notice) if row_notice else "",
        "suggestions": suggestions or {},
        "skill_rows": max(rows(values, "skill", least) + spare, shown_rows(values, "skill")),
        "aff_rows": max(
            rows(values, "aff", least - 3 if registering else 0) + spare, shown_rows(values, "aff")
        ),
        "work_rows": rows(values, "work", 2),
    }
