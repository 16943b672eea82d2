"""The attraction pipeline as a board of stages, the last changed first, filtered by stage,
owner, technology group, leading experts and the next action's day. An expert moves forward,
back or aside with a dated note (`Pipeline.move`, as `POST /api/v1/pipeline/{id}/transitions`);
who follows them and what is to be done next, by when, is set beside (`Pipeline.follow_up`, as
`PATCH /api/v1/pipeline/{id}`); each is answered by a redirect to the board saying what was
done. The board as filtered exports as CSV or XLSX."""

from collections.abc import Mapping
from datetime import date
from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, Path, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from api.auth import CallerDep
from api.deps import PRINTABLE
from api.web.downloads import Format, download
from api.web.i18n import N_
from api.web.render import render, t, viewer
from api.web.routes.ministry.common import naming, search_index, today
from api.web.routes.ministry.experts import profile_page
from api.web.routes.ministry.tables import STAGES, pipeline_table
from talent.core.errors import Conflict, InvalidInput, InvalidReference
from talent.insights.repository import InsightsRepository
from talent.pipeline.board import Due, Filters, board, display_name, selected
from talent.pipeline.models import COLUMNS, EntryUpdate, Stage, Transition
from talent.pipeline.repository import PipelineRepository, StaffAccount
from talent.pipeline.service import Pipeline
from talent.search.index import SearchIndex

router = APIRouter(include_in_schema=False)
ExpertId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]
COLUMN_SIZE = 20
# Whom the page offers as owners: the ministries' staff and admins, who move experts.
OWNER_ROLES = ["ministry", "admin"]
FILTERS = ("stage", "owner", "group", "due", "leading")
DONE = {
    "moved": N_("%(name)s moved to: %(stage)s."),
    "followed": N_("Owner and next action of %(name)s saved."),
}
CHOOSE_OFFERED = N_("Choose one of the values offered.")
STALE = N_("Someone changed this entry meanwhile; check it as it is now and try again.")


def _may_move(request: Request) -> bool:
    signed_in = viewer(request)
    return signed_in is not None and signed_in.role.value in ("ministry", "admin")


def _raw(values: Mapping[str, str]) -> dict[str, str]:
    """The filters as sent, to fill the form again (form posts name them `f_<name>`)."""
    return {name: str(values.get(name, ""))[:200].strip() for name in FILTERS}


def _filters(
    request: Request, index: SearchIndex, raw: dict[str, str]
) -> tuple[Filters, dict[str, str]]:
    """The filters the board applies, and an error beside each value no form offers."""
    errors: dict[str, str] = {}
    if raw["stage"] and raw["stage"] not in set(Stage):
        errors["stage"] = t(request, CHOOSE_OFFERED)
    if raw["group"] and raw["group"] not in index.groups:
        errors["group"] = t(request, CHOOSE_OFFERED)
    if raw["due"] not in set(Due):
        errors["due"] = t(request, CHOOSE_OFFERED)
    if raw["leading"] not in ("", "1"):
        errors["leading"] = t(request, CHOOSE_OFFERED)
    filters = Filters(
        stage=Stage(raw["stage"]) if raw["stage"] and "stage" not in errors else None,
        owner=raw["owner"][:120],
        group="" if "group" in errors else raw["group"],
        due=Due(raw["due"]) if "due" not in errors else Due.ANY,
        leading=raw["leading"] == "1",
    )
    return filters, errors


def _address(path: str, raw: Mapping[str, str], **extra: str) -> str:
    """`path` with these filters (and `extra`), empty values left out."""
    pairs = [(k, v) for k, v in {**raw, **extra}.items() if v]
    return path + ("?" + urlencode(pairs) if pairs else "")


def _owner_label(account: StaffAccount) -> str:
    return f"{account.name} ({account.email})" if account.name else account.email


def board_page(
    request: Request,
    *,
    raw: dict[str, str],
    cursor: str | None = None,
    moving: str | None = None,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    notice: str = "",
    status_code: int = 200,
) -> Response:
    """The board; the card of `moving` keeps what was sent and shows its errors."""
    store = request.app.state.store
    index = search_index(request)
    filters, filter_errors = _filters(request, index, raw)
    try:
        shown = board(
            store=store,
            index=index,
            limit=COLUMN_SIZE,
            filters=filters,
            today=today(),
            cursor=cursor if filters.stage else None,
        )
    except InvalidInput:
        filter_errors["cursor"] = t(request, "This page of the stage has expired; open it again.")
        shown = board(store=store, index=index, limit=COLUMN_SIZE, filters=filters, today=today())
    owners = PipelineRepository(store).staff(OWNER_ROLES)
    names = naming(request)
    groups = InsightsRepository(store).current_groups().values()
    # On a phone one stage shows at a time: the one filtered, else the first with anyone.
    current = filters.stage or next(
        (stage for stage in COLUMNS if shown.counts[stage]), Stage.IDENTIFIED
    )
    context = {
        "board": shown,
        "raw": raw,
        "filters": filters,
        "filter_errors": filter_errors,
        "current": current,
        "owners": [(a.id, _owner_label(a)) for a in owners],
        "owner_names": {a.id: a.name or a.email for a in owners},
        "groups": [(g.id, names["local"](g.name_en, g.name_vi)) for g in groups],
        "moving": moving,
        "form": form or {},
        "errors": errors or {},
        "notice": notice,
        "today": today().isoformat(),
        "stage_link": lambda stage: _address("/pipeline", raw, stage=stage),
        "export_link": lambda form: _address("/pipeline/export", raw, form=form),
        # Moves are the ministries' (and admins'), as POST /api/v1/pipeline/{id}/transitions.
        "may_move": _may_move(request),
        **names,
    }
    status = 422 if filter_errors and status_code == 200 else status_code
    return render(request, "ministry/pipeline.html", context, status_code=status)


@router.get("/pipeline", response_class=HTMLResponse)
def pipeline_board(
    request: Request,
    _: CallerDep,
    cursor: str | None = None,
    done: str | None = None,
    who: str | None = None,
    to: str | None = None,
) -> Response:
    """The board; after a move or a follow-up (`done`), what was done, in words."""
    notice = ""
    if done in DONE and who:
        stage = t(request, STAGES[to]) if to in STAGES else ""
        name = display_name(search_index(request), who[:120])
        notice = t(request, DONE[done]) % {"name": name, "stage": stage}
    return board_page(request, raw=_raw(request.query_params), cursor=cursor, notice=notice)


@router.get("/pipeline/export")
def pipeline_export(request: Request, _: CallerDep, form: Format = "csv") -> Response:
    """The board's entries as filtered, every stage's (or the filtered one's), as a table."""
    store = request.app.state.store
    index = search_index(request)
    raw = _raw(request.query_params)
    filters, errors = _filters(request, index, raw)
    if errors:
        return board_page(request, raw=raw)
    entries = selected(store=store, index=index, filters=filters, today=today())
    owners = {a.id: _owner_label(a) for a in PipelineRepository(store).staff(OWNER_ROLES)}
    table = pipeline_table(
        lambda message: t(request, message),
        entries,
        names=lambda expert_id: display_name(index, expert_id),
        owners=lambda owner_id: owners.get(owner_id or "", owner_id or ""),
    )
    return download(table, stem="pipeline", form=form)


def _move_errors(request: Request, exc: Exception, sent: date | None) -> dict[str, str]:
    """The refusal beside the field it concerns, in the viewer's language."""
    if isinstance(exc, ValidationError):
        names = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
        errors = {}
        if "at" in names:
            errors["at"] = t(request, "Enter the date as a day of the calendar.")
        if "note" in names:
            errors["note"] = t(request, "Write at most 2,000 characters.")
        if "to" in names or "version" in names:
            errors["to"] = t(request, "This move is not one the pipeline offers.")
        return errors
    if isinstance(exc, ValueError):  # not a date at all
        return {"at": t(request, "Enter the date as a day of the calendar.")}
    if isinstance(exc, InvalidInput):
        if sent is not None and sent > today():
            return {"at": t(request, "The date cannot be in the future.")}
        return {"at": t(request, "The date cannot be before the expert reached this stage.")}
    if isinstance(exc, Conflict) and "expert_id" in (exc.fields or {}):
        return {"to": t(request, "Only active profiles move in the pipeline.")}
    if isinstance(exc, Conflict) and "version" in (exc.fields or {}):
        return {"to": t(request, STALE)}
    return {"to": t(request, "The expert has moved meanwhile; see the stage shown now.")}


def _sent_filters(
    f_stage: Annotated[str, Form()] = "",
    f_owner: Annotated[str, Form()] = "",
    f_group: Annotated[str, Form()] = "",
    f_due: Annotated[str, Form()] = "",
    f_leading: Annotated[str, Form()] = "",
) -> dict[str, str]:
    """The board's filters a form carried (`f_<name>`), to return to the same board."""
    sent = {"stage": f_stage, "owner": f_owner, "group": f_group, "due": f_due}
    return _raw({**sent, "leading": f_leading})


SentFilters = Annotated[dict[str, str], Depends(_sent_filters)]


@router.post("/pipeline/{expert_id}/move", response_class=HTMLResponse)
def move(
    request: Request,
    caller: CallerDep,
    expert_id: ExpertId,
    raw: SentFilters,
    to: Annotated[str, Form()] = "",
    at: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    version: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "board",
) -> Response:
    """Move the expert to `to`, from the entry as the page showed it (`version`): a second
    send of the same form finds the entry changed and is refused, never moving twice."""
    sent: date | None = None
    try:
        # Limits are checked here, not by FastAPI, so that breaking one shows on the page.
        sent = date.fromisoformat(at[:40]) if at else None
        transition = Transition.model_validate(
            {"to": to, "at": at or None, "note": note, "version": version or None}
        )
        entry = Pipeline(request.app.state.store).move(
            caller=caller.account, expert_id=expert_id, transition=transition
        )
    except (ValueError, InvalidInput, Conflict) as exc:
        errors = _move_errors(request, exc, sent)
        form = {"to": to, "at": at, "note": note}
        status = 409 if isinstance(exc, Conflict) else 422
        if back == "expert":
            return profile_page(
                request, caller.account, expert_id, form=form, errors=errors, status_code=status
            )
        return board_page(
            request, raw=raw, moving=expert_id, form=form, errors=errors, status_code=status
        )
    if back == "expert":
        return RedirectResponse(f"/experts/{quote(expert_id)}", status_code=303)
    done = {"done": "moved", "who": entry.expert_id, "to": entry.stage.value}
    target = _address("/pipeline", raw, **done) + f"#card-{quote(entry.expert_id)}"
    return RedirectResponse(target, status_code=303)


def _follow_up_errors(request: Request, exc: Exception) -> dict[str, str]:
    if isinstance(exc, ValidationError):
        errors = {}
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else ""
            if field == "next_action_on":
                errors["next_action_on"] = t(request, "Enter the date as a day of the calendar.")
            elif field == "next_action":
                errors["next_action"] = t(request, "Write at most 300 characters.")
            elif field == "owner_id":
                errors["owner_id"] = t(request, CHOOSE_OFFERED)
            else:
                errors["owner_id"] = t(request, STALE)
        return errors
    if isinstance(exc, InvalidReference):
        return {"owner_id": t(request, CHOOSE_OFFERED)}
    return {"owner_id": t(request, STALE)}


@router.post("/pipeline/{expert_id}/follow-up", response_class=HTMLResponse)
def follow_up(
    request: Request,
    caller: CallerDep,
    expert_id: ExpertId,
    raw: SentFilters,
    owner_id: Annotated[str, Form()] = "",
    next_action_on: Annotated[str, Form()] = "",
    next_action: Annotated[str, Form()] = "",
    version: Annotated[str, Form()] = "",
) -> Response:
    """Set who follows the expert and the next action with its day, from the entry as the
    page showed it (`version`)."""
    try:
        update = EntryUpdate.model_validate(
            {
                "owner_id": owner_id or None,
                "next_action_on": next_action_on[:40] or None,
                "next_action": next_action,
                "version": version,
            }
        )
        entry = Pipeline(request.app.state.store).follow_up(
            caller=caller.account, expert_id=expert_id, update=update
        )
    except (ValidationError, InvalidReference, Conflict) as exc:
        form = {
            "owner_id": owner_id,
            "next_action_on": next_action_on,
            "next_action": next_action,
            "panel": "follow",
        }
        errors = _follow_up_errors(request, exc)
        status = 409 if isinstance(exc, Conflict) else 422
        return board_page(
            request, raw=raw, moving=expert_id, form=form, errors=errors, status_code=status
        )
    done = {"done": "followed", "who": entry.expert_id}
    target = _address("/pipeline", raw, **done) + f"#card-{quote(entry.expert_id)}"
    return RedirectResponse(target, status_code=303)
