"""My profile: as others see it (per role), edited whole, confirmed as current, withdrawn
after a confirmation step; and my works, added and edited."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from api.auth import Principal, current_principal, optional_principal
from api.versions import form_version
from api.web import i18n, session
from api.web.routes.experts import choices, works
from api.web.routes.experts import errors as form_errors
from api.web.routes.experts.common import organizations_of, profile_form, store_of
from api.web.routes.experts.forms import (
    FormDep,
    keep_sources,
    parse_profile,
    row_action,
    values_of,
)
from api.web.routes.experts.profile_conflict import stale_profile
from api.web.routes.experts.summary import form_page
from talent.accounts.models import Role
from talent.alerts import service as alerts
from talent.alerts.models import WatchKind
from talent.core.errors import PreconditionFailed, TalentError
from talent.experts.models import ExpertRead, ExpertUpdate
from talent.experts.service import ExpertService
from talent.registration import lookup

router = APIRouter()
# Whom the owner may look through the eyes of.
SEEN_AS = {"ministry": Role.MINISTRY, "programme_lead": Role.PROGRAMME_LEAD}
SeenAs = Annotated[str, Query(alias="as", max_length=20)]
WorkId = Annotated[str, Path(min_length=1, max_length=120)]


def _owner(request: Request) -> tuple[Principal, str | None]:
    """The signed-in viewer (the policy let them in) and their profile's id, if any."""
    principal = current_principal(optional_principal(request))
    return principal, principal.account.expert_id


def _shown(request: Request, expert: ExpertRead, seen_as: str) -> dict[str, object]:
    """What the profile page needs besides the profile: names for the ids it holds."""
    store = store_of(request)
    locale = i18n.negotiate(request)
    skills = {s.skill_id: s for s in lookup.skill_labels(store)}
    return {
        "expert": expert,
        "seen_as": seen_as,
        "visibility": expert.visibility.model_dump(mode="json"),
        "skill_names": {
            k: (s.label_vi if locale == "vi" else s.label_en) or s.label_en
            for k, s in skills.items()
        },
        "org_names": organizations_of(request).names_of(
            [a.organization_id for a in expert.affiliations]
        ),
        "country_names": dict(choices.countries(locale)),
        "language_names": dict(choices.languages(locale)),
        "level_words": choices.level_words(locale),
        "mode_names": {k: i18n.gettext(locale, v) for k, v in choices.MODES.items()},
        "field_names": {k: i18n.gettext(locale, v) for k, v in choices.FIELDS.items()},
        "audience_names": {k: i18n.gettext(locale, v) for k, v in choices.AUDIENCES},
        "works": works.of(store, expert.id) if seen_as == "me" else [],
        "work_kinds": {k: i18n.gettext(locale, v) for k, v in choices.WORK_KINDS.items()},
    }


@router.get("/me", response_class=HTMLResponse)
def my_profile(request: Request, seen_as: SeenAs = "me", saved: str = "") -> Response:
    """My profile as I see it, or as ministry staff or a programme lead would."""
    principal, expert_id = _owner(request)
    if expert_id is None:
        return form_page(request, "experts/no_profile.html")
    service = ExpertService(store_of(request))
    role = SEEN_AS.get(seen_as)
    if role is None:
        seen_as, expert = "me", service.read(principal.account, expert_id)
    else:
        expert = service.as_seen_by(principal.account, expert_id, role)
    opted = alerts.watch_of(store_of(request), principal.account, WatchKind.OPEN_ROLES, expert_id)
    context = {**_shown(request, expert, seen_as), "saved": saved, "role_alerts": opted}
    return form_page(request, "experts/me.html", context)


@router.get("/me/edit", response_class=HTMLResponse)
def edit_form(request: Request) -> Response:
    principal, expert_id = _owner(request)
    if expert_id is None:
        return form_page(request, "experts/no_profile.html")
    store = store_of(request)
    expert = ExpertService(store).read(principal.account, expert_id)
    labels = lookup.skill_labels(store)
    values = values_of(expert, labels, organizations_of(request), i18n.negotiate(request))
    return form_page(
        request, "experts/edit.html", profile_form(request, values, {}, registering=False)
    )


@router.post("/me/edit", response_class=HTMLResponse)
def edit(request: Request, values: FormDep) -> Response:
    """Every part of the profile at once; an error shows the form again as typed, and so does
    a save from a stale copy, with what is stored now beside it."""
    principal, expert_id = _owner(request)
    if expert_id is None:
        return form_page(request, "experts/no_profile.html", status_code=404)
    if (notice := row_action(values)) is not None:
        context = profile_form(request, values, {}, registering=False, row_notice=notice)
        return form_page(request, "experts/edit.html", context)
    values.setdefault("consent_match", "")
    store = store_of(request)
    service = ExpertService(store)
    labels = lookup.skill_labels(store)
    parsed = parse_profile(
        organizations_of(request),
        values,
        labels,
        registering=False,
        viewer=expert_id,
        locale=i18n.negotiate(request),
    )
    keep_sources(parsed, service.read(principal.account, expert_id))
    errors = dict(parsed.errors)
    try:
        patch = ExpertUpdate.model_validate(parsed.profile)
        if not errors:
            expected = form_version(values.get("version"))
            service.update(principal.account, expert_id, patch, expected=expected)
    except ValidationError as exc:
        errors = {**form_errors.of_validation(exc, parsed.rows), **errors}
    except PreconditionFailed:
        return stale_profile(request, principal.account, expert_id, values)
    except TalentError as exc:
        if exc.status_code not in (403, 422):
            raise
        errors = {**form_errors.of_fields(exc.fields, parsed.rows), **errors}
    if errors:
        context = profile_form(
            request, values, errors, registering=False, suggestions=parsed.suggestions
        )
        return form_page(request, "experts/edit.html", context, status_code=422)
    return RedirectResponse("/me?saved=edit", status_code=303)


@router.post("/me/confirm")
def confirm(request: Request) -> Response:
    """The profile is current as it is: fresh again."""
    principal, expert_id = _owner(request)
    if expert_id is None:
        return form_page(request, "experts/no_profile.html", status_code=404)
    ExpertService(store_of(request)).confirm(principal.account, expert_id)
    return RedirectResponse("/me?saved=confirm", status_code=303)


@router.get("/me/withdraw", response_class=HTMLResponse)
def withdraw_form(request: Request) -> Response:
    _, expert_id = _owner(request)
    if expert_id is None:
        return form_page(request, "experts/no_profile.html")
    return form_page(request, "experts/withdraw.html", {"errors": {}})


@router.post("/me/withdraw", response_class=HTMLResponse)
def withdraw(request: Request, values: FormDep) -> Response:
    """Only with the box ticked that says the person understands it is for good."""
    principal, expert_id = _owner(request)
    if expert_id is None:
        return form_page(request, "experts/no_profile.html", status_code=404)
    if values.get("understood") != "on":
        errors = {"understood": i18n.gettext(i18n.negotiate(request), UNDERSTOOD)}
        return form_page(request, "experts/withdraw.html", {"errors": errors}, status_code=422)
    ExpertService(store_of(request)).withdraw(principal.account, expert_id)
    request.state.principal = None  # signed out from here on: the account is closed
    response = RedirectResponse("/withdrawn", status_code=303)
    session.end(response, request)
    return response


@router.get("/withdrawn", response_class=HTMLResponse)
def withdrawn(request: Request) -> Response:
    """Where a withdrawal leads, signed out: reloading it withdraws nothing again."""
    return form_page(request, "experts/withdrawn.html")


UNDERSTOOD = i18n.N_("Tick this box to withdraw: it cannot be undone.")


@router.post("/me/works", response_class=HTMLResponse)
def add_work(request: Request, values: FormDep) -> Response:
    principal, expert_id = _owner(request)
    if expert_id is None:
        return form_page(request, "experts/no_profile.html", status_code=404)
    return works.save(request, principal, expert_id, values, None, _shown)


@router.post("/me/works/{resource_id}", response_class=HTMLResponse)
def edit_work(request: Request, values: FormDep, resource_id: WorkId) -> Response:
    principal, expert_id = _owner(request)
    if expert_id is None:
        return form_page(request, "experts/no_profile.html", status_code=404)
    return works.save(request, principal, expert_id, values, resource_id, _shown)
