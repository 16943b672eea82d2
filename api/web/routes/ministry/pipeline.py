"""The attraction pipeline as a board of stages, where an expert moves one stage forward with
a dated note (`Pipeline.move`, as `POST /api/v1/pipeline/{id}/transitions`)."""

from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Path, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from api.auth import CallerDep
from api.deps import PRINTABLE
from api.web.render import render, t, viewer
from api.web.routes.ministry.common import naming, search_index, today
from api.web.routes.ministry.experts import profile_page
from talent.core.errors import Conflict, InvalidInput
from talent.pipeline.board import board
from talent.pipeline.models import Stage, Transition
from talent.pipeline.service import Pipeline

router = APIRouter(include_in_schema=False)
ExpertId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]
COLUMN_SIZE = 25


def _may_move(request: Request) -> bool:
    signed_in = viewer(request)
    return signed_in is not None and signed_in.role.value in ("ministry", "admin")


def board_page(
    request: Request,
    *,
    stage: str | None = None,
    cursor: str | None = None,
    moving: str | None = None,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    """The board; the card of `moving` keeps what was sent and shows its errors."""
    column = Stage(stage) if stage in set(Stage) else None
    shown = board(
        store=request.app.state.store,
        index=search_index(request),
        limit=COLUMN_SIZE,
        stage=column,
        cursor=cursor if column else None,
    )
    context = {
        "board": shown,
        "moving": moving,
        "form": form or {},
        "errors": errors or {},
        "today": today().isoformat(),
        # Moves are the ministries' (and admins'), as POST /api/v1/pipeline/{id}/transitions.
        "may_move": _may_move(request),
        **naming(request),
    }
    return render(request, "ministry/pipeline.html", context, status_code=status_code)


@router.get("/pipeline", response_class=HTMLResponse)
def pipeline_board(
    request: Request,
    _: CallerDep,
    stage: str | None = None,
    cursor: str | None = None,
) -> Response:
    return board_page(request, stage=stage, cursor=cursor)


def _errors(request: Request, exc: Exception, sent: date | None) -> dict[str, str]:
    """The refusal beside the field it concerns, in the viewer's language."""
    if isinstance(exc, ValidationError):
        names = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
        errors = {}
        if "at" in names:
            errors["at"] = t(request, "Enter the date as a day of the calendar.")
        if "note" in names:
            errors["note"] = t(request, "Write at most 2,000 characters.")
        if "to" in names:
            errors["note"] = t(request, "This move is not one the pipeline offers.")
        return errors
    if isinstance(exc, ValueError):  # not a date at all
        return {"at": t(request, "Enter the date as a day of the calendar.")}
    if isinstance(exc, InvalidInput):
        if sent is not None and sent > today():
            return {"at": t(request, "The date cannot be in the future.")}
        return {"at": t(request, "The date cannot be before the expert reached this stage.")}
    if isinstance(exc, Conflict) and "expert_id" in (exc.fields or {}):
        return {"note": t(request, "Only active profiles move in the pipeline.")}
    return {"note": t(request, "The expert has moved meanwhile; see the stage shown now.")}


@router.post("/pipeline/{expert_id}/move", response_class=HTMLResponse)
def move(
    request: Request,
    caller: CallerDep,
    expert_id: ExpertId,
    to: Annotated[str, Form()] = "",
    at: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "board",
) -> Response:
    """Move the expert to `to`, the next stage as the page showed it: a second send of the
    same form finds the expert moved and is refused, never moving them twice."""
    sent: date | None = None
    try:
        # Limits are checked here, not by FastAPI, so that breaking one shows on the page.
        sent = date.fromisoformat(at[:40]) if at else None
        transition = Transition.model_validate({"to": to, "at": at or None, "note": note})
        Pipeline(request.app.state.store).move(
            caller=caller.account, expert_id=expert_id, transition=transition
        )
    except (ValueError, InvalidInput, Conflict) as exc:
        errors = _errors(request, exc, sent)
        form = {"at": at, "note": note}
        status = 409 if isinstance(exc, Conflict) else 422
        if back == "expert":
            return profile_page(
                request, caller.account, expert_id, form=form, errors=errors, status_code=status
            )
        return board_page(request, moving=expert_id, form=form, errors=errors, status_code=status)
    target = f"/experts/{quote(expert_id)}" if back == "expert" else "/pipeline"
    return RedirectResponse(target, status_code=303)
