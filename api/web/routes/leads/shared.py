"""What the programme and role pages share: path parameters, the choices their forms offer,
and the programme page and the role editor as rendered (with what the page says after an
action, or why one was refused)."""

from typing import Annotated

from fastapi import Path, Request, Response

from api.deps import PRINTABLE
from api.web import i18n, stale
from api.web.render import render
from api.web.routes.leads.forms import KINDS, RoleForm
from api.web.routes.leads.programme_forms import WeightsForm
from graph import GraphStore
from matching import leads
from talent.core.types import EngagementMode, Residency
from talent.resources.models import ProgrammeStatus
from talent.taxonomy.decisions import groups_now
from talent.taxonomy.repository import TaxonomyRepository

# Named as the access policy's rules read them: a programme's `resource_id`, a `role_id`.
ProgrammeId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]
RoleId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]
# What a programme page says after an action (`?done=`), and the status a close undoes.
DONE = frozenset(
    {"saved", "closed", "reopened", "contractor-added", "contractor-removed", "role-deleted"}
)


def choices() -> dict[str, object]:
    return {
        "kinds": KINDS,
        "statuses": [s.value for s in ProgrammeStatus],
        "residencies": [r.value for r in Residency],
        "modes": [m.value for m in EngagementMode],
    }


def groups(request: Request, store: GraphStore) -> list[tuple[str, str]]:
    """The technology groups a programme may newly target: those of the decision in force."""
    vietnamese = i18n.negotiate(request) == "vi"
    return [
        (g.id, f"{g.no}. {g.name_vi if vietnamese and g.name_vi else g.name_en}")
        for g in groups_now(TaxonomyRepository(store))
    ]


def programme_page(
    request: Request,
    store: GraphStore,
    programme_id: str,
    *,
    form: RoleForm | None = None,
    refused: str = "",
    typed: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    """The programme's page: its groups, contractors and roles, the new-role form, and for
    whom may change it, its actions. `refused` says why an action was not done ("stale");
    `typed` keeps a contractor's name that names no organisation."""
    view = leads.programme_view(store, programme_id)
    done = request.query_params.get("done", "")
    was = request.query_params.get("was", "")
    context = {
        "item": view,
        "form": form or RoleForm(),
        "done": done if done in DONE and status_code == 200 else "",
        "was": was if was in set(ProgrammeStatus) else "",
        "refused": refused,
        "typed": typed or {},
        **choices(),
    }
    return render(request, "leads/programme.html", context, status_code=status_code)


def skill_names(request: Request, view: leads.RoleView) -> dict[str, str]:
    """Skills by name in the viewer's language."""
    vietnamese = i18n.negotiate(request) == "vi"
    return {
        skill_id: (skill.label_vi if vietnamese else skill.label_en)
        for skill_id, skill in view.skills.items()
    }


def editor(
    request: Request,
    view: leads.RoleView,
    form: RoleForm,
    *,
    saved: bool = False,
    status_code: int = 200,
    version: int | None = None,
    conflict: stale.Conflict | None = None,
    weights: WeightsForm | None = None,
) -> Response:
    """The editor, for the role at `version` (as read now, unless the form named one), with
    the form of one match run's weights (the kind's preset, unless given as typed)."""
    shown = view.role.version if version is None else version
    preset = WeightsForm.preset(*leads.preset_weights(view.role.kind))
    context = {
        "view": view,
        "form": form,
        "saved": saved,
        "version": shown,
        "conflict": conflict,
        "weights": weights or preset,
        "preset": preset,
        **choices(),
    }
    return render(request, "leads/role_edit.html", context, status_code=status_code)
