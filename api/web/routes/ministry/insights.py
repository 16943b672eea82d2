"""The capability map per technology group (chart, table and CSV) and the attraction KPI
against its target with the monthly trend, from the services behind the insight API."""

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from api.auth import CallerDep
from api.settings import Settings
from api.web.render import render
from api.web.routes.ministry.charts import bar_chart, line_chart, running_by_month
from api.web.routes.ministry.common import naming, search_index, today
from talent.insights.capability import capability_csv, capability_map
from talent.insights.repository import InsightsRepository
from talent.pipeline.kpi import kpi
from talent.pipeline.repository import PipelineRepository

router = APIRouter(include_in_schema=False)


@router.get("/insights/capability", response_class=HTMLResponse)
def capability(request: Request, _: CallerDep) -> Response:
    rows = capability_map(
        repo=InsightsRepository(request.app.state.store), index=search_index(request)
    )
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
    context = {"rows": rows, "chart": chart, **names}
    return render(request, "ministry/capability.html", context)


@router.get("/insights/capability.csv")
def capability_download(request: Request, _: CallerDep) -> Response:
    body = capability_csv(
        repo=InsightsRepository(request.app.state.store), index=search_index(request)
    )
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="capability-map.csv"'},
    )


@router.get("/kpi", response_class=HTMLResponse)
def target(request: Request, _: CallerDep) -> Response:
    settings: Settings = request.app.state.settings
    found = kpi(
        repo=PipelineRepository(request.app.state.store),
        index=search_index(request),
        target=settings.kpi_target,
    )
    series = running_by_month({p.month: p.engaged_leading for p in found.trend}, today())
    context = {
        "kpi": found,
        "series": series,
        "chart": line_chart(series) if series else None,
        "group_names": {
            g.id: naming(request)["local"](g.name_en, g.name_vi)
            for g in InsightsRepository(request.app.state.store).current_groups().values()
        },
        **naming(request),
    }
    return render(request, "ministry/kpi.html", context)
