"""The capability map per technology group (chart, table and exports) and the attraction KPI
against its target with the monthly trend, from the services behind the insight API. Each
figure links to the experts behind it: a search with the group, residency and level, or the
pipeline filtered to the stage, group and leading experts. The target is changed here by
those the API lets change it."""

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from api.auth import CallerDep
from api.deps import GraphDep
from api.settings import Settings
from api.web.downloads import Format, download
from api.web.i18n import N_, negotiate, number
from api.web.render import render, t, viewer
from api.web.routes.ministry.charts import bar_chart, line_chart, running_by_month
from api.web.routes.ministry.common import naming, search_index, today
from api.web.routes.ministry.tables import capability_table, kpi_table
from talent.accounts.models import Role
from talent.alerts.models import WatchKind
from talent.alerts.service import watches
from talent.core.errors import Conflict
from talent.insights.capability import capability_map
from talent.insights.repository import InsightsRepository
from talent.pipeline.kpi import kpi
from talent.pipeline.models import TARGET_MAX, TARGET_MIN, Kpi, Target, TargetUpdate
from talent.pipeline.repository import PipelineRepository
from talent.pipeline.target import change_target, current_target

router = APIRouter(include_in_schema=False)
TARGET_RANGE = N_("Enter a whole number from %(least)s to %(most)s.")
TARGET_STALE = N_(
    "Someone changed the target meanwhile to %(target)s; check it and save again if need be."
)
TARGET_SAVED = N_("The target is now %(target)s leading experts.")


def _rows(request: Request) -> list:  # type: ignore[type-arg]
    return capability_map(
        repo=InsightsRepository(request.app.state.store), index=search_index(request)
    )


@router.get("/insights/capability", response_class=HTMLResponse)
def capability(request: Request, store: GraphDep, caller: CallerDep) -> Response:
    rows = _rows(request)
    names = naming(request)
    chart = bar_chart(
        [
            (
                names["local"](row.name_en, row.name_vi),
                [
                    ("domestic", row.experts["domestic"]),
                    ("overseas", row.experts["overseas"]),
                    ("leading", sum(row.leading.values())),
                    ("roles", row.demand),
                ],
            )
            for row in rows
        ]
    )
    # The ministry may watch a group's supply of leading experts (leads see the map only).
    watching = (
        {w.target for w in watches(store, caller.account) if w.kind is WatchKind.GROUP}
        if caller.account.role in (Role.MINISTRY, Role.ADMIN)
        else None
    )
    done = request.query_params.get("done", "")[:20]
    context = {"rows": rows, "chart": chart, "watching": watching, "done": done, **names}
    return render(request, "ministry/capability.html", context)


def _capability_download(request: Request, form: Format) -> Response:
    names = naming(request)
    table = capability_table(lambda message: t(request, message), _rows(request), names["local"])
    return download(table, stem="capability-map", form=form)


@router.get("/insights/capability/export")
def capability_export(request: Request, _: CallerDep, form: Format = "csv") -> Response:
    """The capability map's figures as CSV (with a byte-order mark) or XLSX, headed in the
    page's language."""
    return _capability_download(request, form)


@router.get("/insights/capability.csv")
def capability_download(request: Request, _: CallerDep) -> Response:
    """The earlier address of the CSV export."""
    return _capability_download(request, "csv")


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _kpi(request: Request) -> tuple[Kpi, Target]:
    repo = PipelineRepository(request.app.state.store)
    target = current_target(repo=repo, default=_settings(request).kpi_target)
    return kpi(repo=repo, index=search_index(request), target=target.target), target


def _group_names(request: Request) -> dict[str, str]:
    local = naming(request)["local"]
    groups = InsightsRepository(request.app.state.store).current_groups().values()
    return {g.id: local(g.name_en, g.name_vi) for g in groups}


def kpi_page(
    request: Request,
    *,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    notice: str = "",
    status_code: int = 200,
) -> Response:
    found, target = _kpi(request)
    series = running_by_month({p.month: p.engaged_leading for p in found.trend}, today())
    signed_in = viewer(request)
    context = {
        "kpi": found,
        "target": target,
        "series": series,
        "chart": line_chart(series) if series else None,
        "group_names": _group_names(request),
        "form": form or {"target": str(target.target)},
        "errors": errors or {},
        "notice": notice,
        "least": TARGET_MIN,
        "most": TARGET_MAX,
        # As PUT /api/v1/pipeline/kpi/target: ministries and admins.
        "may_change": signed_in is not None and signed_in.role.value in ("ministry", "admin"),
        **naming(request),
    }
    return render(request, "ministry/kpi.html", context, status_code=status_code)


@router.get("/kpi", response_class=HTMLResponse)
def target_page(request: Request, _: CallerDep, done: str | None = None) -> Response:
    notice = ""
    if done == "target":
        current = current_target(
            repo=PipelineRepository(request.app.state.store),
            default=_settings(request).kpi_target,
        )
        shown = number(current.target, negotiate(request))
        notice = t(request, TARGET_SAVED) % {"target": shown}
    return kpi_page(request, notice=notice)


@router.post("/kpi/target", response_class=HTMLResponse)
def change(
    request: Request,
    caller: CallerDep,
    target: Annotated[str, Form()] = "",
    version: Annotated[str, Form()] = "",
) -> Response:
    """Change the target from the version the page showed; a change made meanwhile comes
    back with the target as it is now."""
    form = {"target": target}
    try:
        update = TargetUpdate.model_validate(
            {"target": target.strip().replace(".", "").replace(",", "")[:12], "version": version}
        )
        change_target(
            store=request.app.state.store,
            caller=caller.account,
            update=update,
            default=_settings(request).kpi_target,
        )
    except ValidationError as exc:
        locale = negotiate(request)
        if any(e["loc"] and e["loc"][0] == "version" for e in exc.errors()):
            return _stale(request, form)
        message = t(request, TARGET_RANGE) % {
            "least": number(TARGET_MIN, locale),
            "most": number(TARGET_MAX, locale),
        }
        return kpi_page(request, form=form, errors={"target": message}, status_code=422)
    except Conflict:
        return _stale(request, form)
    return RedirectResponse("/kpi?done=target", status_code=303)


def _stale(request: Request, form: dict[str, str]) -> Response:
    _, now = _kpi(request)
    message = t(request, TARGET_STALE) % {"target": number(now.target, negotiate(request))}
    return kpi_page(request, form=form, errors={"target": message}, status_code=409)


@router.get("/kpi/export")
def kpi_export(request: Request, _: CallerDep, form: Format = "csv") -> Response:
    """The KPI's figures (target, progress, each stage, group and month) as CSV or XLSX."""
    found, _target = _kpi(request)
    table = kpi_table(lambda message: t(request, message), found, _group_names(request))
    return download(table, stem="attraction-target", form=form)
