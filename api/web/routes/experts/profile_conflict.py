"""The profile form saved from a stale copy: shown again as typed, the profile as stored now
beside the fields that differ, its current version in the form (api/web/stale.py)."""

from fastapi import Request, Response

from api.web import i18n, stale
from api.web.routes.experts.common import SPARE_ROWS, organizations_of, profile_form, store_of
from api.web.routes.experts.forms import MAIN, Values, rows, values_of
from api.web.routes.experts.summary import form_page
from talent.accounts.models import AccountRead
from talent.experts.service import ExpertService
from talent.registration import lookup


def row_of(name: str) -> str | None:
    """The main field of the repeated row a field belongs to (`skill_2_level`: `skill_2_name`)."""
    prefix, _, rest = name.partition("_")
    number, _, part = rest.partition("_")
    if prefix in MAIN and number.isdigit() and part:
        return f"{prefix}_{number}_{MAIN[prefix]}"
    return None


def stale_profile(
    request: Request, viewer: AccountRead, expert_id: str, values: Values
) -> Response:
    """The edit form as typed, with what is stored now beside it (409)."""
    store = store_of(request)
    current = ExpertService(store).read(viewer, expert_id)
    labels = lookup.skill_labels(store)
    now = values_of(current, labels, organizations_of(request), i18n.negotiate(request))
    found = stale.conflict(values, now, version=current.version, row_of=row_of)
    typed = {**values, "version": str(current.version)}
    context = {
        **profile_form(request, typed, {}, registering=False),
        "conflict": found,
        # Rows stored now beyond those typed are shown too, blank, with their values beside.
        "skill_rows": max(rows(typed, "skill", 0), rows(now, "skill", 0)) + SPARE_ROWS,
        "aff_rows": max(rows(typed, "aff", 0), rows(now, "aff", 0)) + SPARE_ROWS,
    }
    return form_page(request, "experts/edit.html", context, status_code=stale.STATUS)
