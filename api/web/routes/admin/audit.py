"""The audit log in words, newest first: who did what to whom, filtered by date range, acting
account, target and kind; views of personal data hidden unless asked for; paged; the filtered
log exported as CSV or XLSX (the same AuditLog the API reads)."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import Depends, Query, Request, Response
from fastapi.responses import HTMLResponse

from api.auth import CallerDep
from api.deps import GraphDep
from api.web.downloads import download
from api.web.i18n import N_, ZONE, negotiate
from api.web.render import render, t
from api.web.routes.admin.audit_phrases import KINDS
from api.web.routes.admin.audit_words import Describer
from api.web.routes.admin.common import PAGE_SIZE, cursor, plain, router
from talent.accounts.models import Role
from talent.accounts.repository import AccountRepository
from talent.audit.log import Action, AuditEvent, AuditLog
from talent.audit.names import Names
from talent.core.tables import Cell, Table

INVALID = {
    "action": N_("Choose one of the kinds of event."),
    "target": N_("An id is printable text of at most 120 characters."),
    "actor": N_("An id is printable text of at most 120 characters."),
    "since": N_("Enter a date, such as 06/12/2026."),
    "until": N_("Enter a date, such as 06/12/2026."),
}
BACKWARDS = N_("The end date comes before the start date.")
# Views of personal data (an admin's own reading of profiles among them) bury the changes:
# hidden unless the reader ticks the box or picks that kind.
VIEWS = (Action.PII_VIEW,)
STAFF = [Role.ADMIN, Role.MINISTRY, Role.PROGRAMME_LEAD]
MOST_ACTORS = 500
# An export holds at most this many events: a period that holds more is narrowed first.
EXPORT_LIMIT = 20_000
HEADINGS = (
    N_("When (Vietnam time)"),
    N_("Who acted"),
    N_("Kind of event"),
    N_("What happened"),
    N_("Details"),
    N_("Target id"),
    N_("Account id"),
)
SHEET = N_("Audit log")


@dataclass
class Filters:
    """The filters as typed (to fill the form again) and as the log reads them."""

    typed: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    action: Action | None = None
    target: str | None = None
    actor: str | None = None
    since: int | None = None
    until: int | None = None
    views: bool = False

    def hidden(self) -> tuple[Action, ...]:
        return () if self.views or self.action in VIEWS else VIEWS

    def query(self) -> str:
        """The filters as a query string, for the pager and the export links."""
        return urlencode({k: v for k, v in self.typed.items() if v})


def _day(text: str) -> date | None:
    """A date as a date input sends it (2026-12-06) or as people write it (06/12/2026)."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _start_ms(day: date) -> int:
    """Midnight starting `day` on Vietnamese clocks, in epoch ms."""
    return int(datetime(day.year, day.month, day.day, tzinfo=ZONE).timestamp() * 1000)


def _filters(request: Request, typed: dict[str, str]) -> Filters:
    found = Filters(typed=typed, views=typed["views"] == "1")
    errors = found.errors
    if typed["action"]:
        try:
            found.action = Action(typed["action"])
        except ValueError:
            errors["action"] = t(request, INVALID["action"])
    for name in ("target", "actor"):
        try:
            setattr(found, name, plain(typed[name]))
        except ValueError:
            errors[name] = t(request, INVALID[name])
    days: dict[str, date | None] = {}
    for name in ("since", "until"):
        try:
            days[name] = _day(typed[name]) if typed[name].strip() else None
        except ValueError:
            errors[name] = t(request, INVALID[name])
    since, until = days.get("since"), days.get("until")
    if since and until and until < since:
        errors["until"] = t(request, BACKWARDS)
    found.since = _start_ms(since) if since else None
    found.until = _start_ms(until + timedelta(days=1)) if until else None
    return found


def typed_filters(
    action: Annotated[str | None, Query()] = None,
    target: Annotated[str | None, Query()] = None,
    actor: Annotated[str | None, Query()] = None,
    since: Annotated[str | None, Query()] = None,
    until: Annotated[str | None, Query()] = None,
    views: Annotated[str | None, Query()] = None,
) -> dict[str, str]:
    """The filters as typed, for the page and its export alike."""
    values = {
        "action": action,
        "target": target,
        "actor": actor,
        "since": since,
        "until": until,
        "views": views,
    }
    return {name: (value or "")[:200] for name, value in values.items()}


Typed = Annotated[dict[str, str], Depends(typed_filters)]


def _page(
    log: AuditLog, filters: Filters, *, before: str, limit: int
) -> tuple[list[AuditEvent], str | None]:
    found = log.page(
        before=before,
        limit=limit,
        action=filters.action,
        target=filters.target,
        actor=filters.actor,
        since=filters.since,
        until=filters.until,
        hidden=filters.hidden(),
    )
    return found.items, found.next_cursor


def _actors(store: GraphDep, names: Names, chosen: str | None) -> list[tuple[str, str]]:
    """The staff accounts the actor filter offers, by name; the chosen one even if not staff."""
    offered = [
        (a.id, a.name) for a in AccountRepository(store).with_roles(STAFF, limit=MOST_ACTORS)
    ]
    if chosen and chosen not in {account_id for account_id, _ in offered}:
        found = names.who(chosen)
        offered.insert(0, (chosen, found.name if found else chosen))
    return offered


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    store: GraphDep,
    _: CallerDep,
    typed: Typed,
    page: Annotated[str | None, Query()] = None,
) -> Response:
    """The log in the reader's words, filtered and paged."""
    filters = _filters(request, typed)
    names = Names(store)
    describer = Describer(names, negotiate(request))
    context: dict[str, object] = {
        "form": typed,
        "errors": filters.errors,
        "kinds": [(a.value, t(request, KINDS[a])) for a in Action if a in KINDS],
        "actors": _actors(store, names, filters.actor),
        "query": filters.query(),
        "target_name": describer.names.target_any(filters.target) if filters.target else None,
    }
    if filters.errors:
        return render(request, "admin/audit.html", context | {"events": None}, status_code=422)
    items, next_cursor = _page(AuditLog(store), filters, before=cursor(page), limit=PAGE_SIZE)
    described = [describer.describe(event) for event in items]
    context |= {"events": described, "next_cursor": next_cursor}
    return render(request, "admin/audit.html", context)


@router.get("/audit/export")
def audit_export(
    request: Request,
    store: GraphDep,
    _: CallerDep,
    typed: Typed,
    form: Annotated[Literal["csv", "xlsx"], Query()] = "csv",
) -> Response:
    """The filtered log as a table, headings in the reader's language, newest first."""
    filters = _filters(request, typed)
    if filters.errors:
        return audit_page(request, store, _, typed)
    describer = Describer(Names(store), negotiate(request))
    log, before = AuditLog(store), ""
    rows: list[list[Cell]] = []
    while len(rows) < EXPORT_LIMIT:
        items, next_cursor = _page(log, filters, before=before, limit=500)
        for event in items:
            said = describer.describe(event)
            rows.append(
                [
                    datetime.fromtimestamp(event.at / 1000, tz=ZONE),
                    said.who,
                    said.kind,
                    said.sentence,
                    "; ".join(f"{label}: {text}" for label, text in said.details),
                    event.target,
                    event.actor,
                ]
            )
        if next_cursor is None:
            break
        before = cursor(next_cursor)
    table = Table(title=t(request, SHEET), headers=[t(request, h) for h in HEADINGS], rows=rows)
    return download(table, stem="audit-log", form=form)
