"""A role's shortlist and decisions to take away: CSV (with a byte-order mark, so Excel reads
Vietnamese names) or XLSX, headed in the page's language."""

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from api.deps import PRINTABLE, GraphDep
from api.web import i18n, words
from api.web.downloads import Format, download
from api.web.i18n import N_
from api.web.render import t
from matching import candidate_list
from talent.core.tables import Cell, Table

router = APIRouter(include_in_schema=False)
RoleId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]
HEADINGS = (
    N_("No."),
    N_("Candidate"),
    N_("Decision"),
    N_("Reason"),
    N_("Decided on (Vietnam time)"),
    N_("Headline"),
    N_("Country"),
    N_("Profile"),
)
DECISIONS = {"shortlisted": N_("Shortlisted"), "rejected": N_("Rejected")}


def shortlist_table(request: Request, store: GraphDep, role_id: str) -> Table:
    """The decisions as rows, in the viewer's language; times in Vietnam's, as on the pages."""
    locale = i18n.negotiate(request)
    view, items = candidate_list.decided(store, role_id)
    site = str(request.base_url).rstrip("/")
    rows: list[list[Cell]] = []
    for number, item in enumerate(items, 1):
        d, card = item.decision, item.card
        when = datetime.fromtimestamp(d.at / 1000, tz=UTC).astimezone(i18n.ZONE)
        rows.append(
            [
                number,
                (card.full_name if card else None) or t(request, "(name withheld)"),
                t(request, DECISIONS.get(d.decision, d.decision)),
                d.reason,
                when.replace(tzinfo=None),
                card.headline if card else None,
                words.country_name(card.country, locale) if card and card.country else None,
                f"{site}/experts/{d.expert_id}",
            ]
        )
    title = t(request, "The shortlist") + " · " + view.role.title
    return Table(title=title, headers=[t(request, h) for h in HEADINGS], rows=rows)


def _export(request: Request, store: GraphDep, role_id: str, form: Format) -> Response:
    return download(shortlist_table(request, store, role_id), stem="shortlist", form=form)


@router.get("/roles/{role_id}/shortlist.csv")
def shortlist_csv(request: Request, store: GraphDep, role_id: RoleId) -> Response:
    """The role's shortlist and decisions as CSV (UTF-8 with a byte-order mark)."""
    return _export(request, store, role_id, "csv")


@router.get("/roles/{role_id}/shortlist.xlsx")
def shortlist_xlsx(request: Request, store: GraphDep, role_id: RoleId) -> Response:
    """The role's shortlist and decisions as an XLSX workbook."""
    return _export(request, store, role_id, "xlsx")
