"""Evidence by source for ministries: per technology group, the works behind its experts by
where they came from and by trust level, with how fresh they are; exported as CSV or XLSX
headed in the page's language. The same service as GET /api/v1/insights/evidence-sources."""

from collections.abc import Callable
from datetime import UTC, datetime

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from api.auth import CallerDep
from api.web.downloads import Format, download
from api.web.i18n import N_, ZONE
from api.web.render import render, t
from api.web.routes.ministry.common import naming, search_index
from talent.core.tables import Cell, Table
from talent.insights.evidence.repository import EvidenceRepository
from talent.insights.evidence_sources import ORIGINS, SOURCES, GroupEvidence, evidence_by_source
from talent.insights.repository import InsightsRepository

router = APIRouter(include_in_schema=False)
ORIGIN_NAMES = {
    "orcid": N_("ORCID"),
    "openalex": N_("OpenAlex"),
    "crossref": N_("Crossref"),
    "bibtex": N_("BibTeX file"),
    "ris": N_("RIS file"),
    "manual": N_("Typed in by hand"),
}
SOURCE_NAMES = {
    "self_declared": N_("Self-declared"),
    "institution_confirmed": N_("Confirmed by an institution"),
    "ministry_verified": N_("Verified by a ministry"),
    "imported": N_("Imported"),
}
GROUP = N_("Technology group")
EXPERTS = N_("Experts")
WORKS = N_("Works")
NEWEST = N_("Latest change")
RECENT = N_("Changed in the last 12 months")
RECENT_SHARE = N_("Share changed in the last 12 months")


def _rows(request: Request) -> list[GroupEvidence]:
    store = request.app.state.store
    return evidence_by_source(
        insights=InsightsRepository(store),
        evidence=EvidenceRepository(store),
        index=search_index(request),
    )


@router.get("/insights/evidence-sources", response_class=HTMLResponse)
def evidence_sources(request: Request, _: CallerDep) -> Response:
    """Per technology group, where the works behind its experts came from, how trusted and how
    fresh they are."""
    context = {
        "rows": _rows(request),
        "origins": [(o, t(request, ORIGIN_NAMES[o])) for o in ORIGINS],
        "sources": [(s, t(request, SOURCE_NAMES[s])) for s in SOURCES],
        **naming(request),
    }
    return render(request, "ministry/evidence_sources.html", context)


def _moment(epoch_ms: int | None) -> datetime | None:
    if epoch_ms is None:
        return None
    return datetime.fromtimestamp(epoch_ms / 1000, tz=UTC).astimezone(ZONE).replace(tzinfo=None)


def evidence_table(
    say: Callable[[str], str], rows: list[GroupEvidence], local: Callable[[str, str], str]
) -> Table:
    """One line per group: the page's figures, headed in the reader's language."""
    headers = [say(GROUP), say(EXPERTS), say(WORKS)]
    headers += [say(ORIGIN_NAMES[o]) for o in ORIGINS]
    headers += [say(SOURCE_NAMES[s]) for s in SOURCES]
    headers += [say(NEWEST), say(RECENT), say(RECENT_SHARE)]
    lines: list[list[Cell]] = []
    for row in rows:
        line: list[Cell] = [local(row.name_en, row.name_vi), row.experts, row.works]
        line += [row.by_origin[o] for o in ORIGINS]
        line += [row.by_source[s] for s in SOURCES]
        line += [_moment(row.newest), row.recent, row.recent_share]
        lines.append(line)
    return Table(title=say(N_("Evidence by source")), headers=headers, rows=lines)


@router.get("/insights/evidence-sources/export")
def evidence_sources_export(request: Request, _: CallerDep, form: Format = "csv") -> Response:
    """The figures as CSV (with a byte-order mark) or XLSX, headed in the page's language."""
    local = naming(request)["local"]
    table = evidence_table(lambda message: t(request, message), _rows(request), local)
    return download(table, stem="evidence-by-source", form=form)
