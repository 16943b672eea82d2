"""Portfolio assignment pages: choose programmes and side rules and start an assignment on the
worker (`service.start`, as `POST /api/v1/assignments`); its board (roles by proposed experts,
what each role traded, the conflicts and what would lift them), followed until it ends; pin or
forbid an expert and solve again around it; accept the proposals."""

from collections.abc import Mapping
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from api.auth import CallerDep
from api.deps import PRINTABLE, GraphDep
from api.web.i18n import N_
from api.web.render import render, t
from api.web.routes.ministry import assignment_words as words
from api.worker import celery_app
from matching.assignment import service
from matching.assignment.models import AssignmentRequest, Pair
from talent.core.errors import Conflict, InvalidInput, NotFound

router = APIRouter(include_in_schema=False)
JobId = Annotated[str, Path(min_length=1, max_length=64, pattern=PRINTABLE)]
# The side rules' fields and their bounds, as AssignmentRequest takes them.
NUMBERS = {
    "k": (1, 200, "50"),
    "min_at_home": (0, 10, "0"),
    "max_per_organization": (1, 100, ""),
    "diaspora_percent": (0, 100, "0"),
    "lead_min_years": (0, 60, "0"),
}
WHOLE_NUMBER = N_("A whole number from %(least)s to %(most)s.")
NO_PROGRAMME = N_("Choose at least one programme.")
ACCEPT_REFUSED = {
    "roles": N_(
        "Another assignment was accepted for these roles after this one started: %(what)s. "
        "Solve again to take it into account."
    ),
    "experts": N_("These experts are no longer active: %(what)s. Solve again without them."),
    "state": N_("This assignment has no proposal to accept."),
}


def _form_page(
    request: Request,
    store: GraphDep,
    values: Mapping[str, object],
    errors: Mapping[str, str],
    *,
    status_code: int = 200,
) -> Response:
    context = {
        "programmes": service.open_programmes(store),
        "earlier": service.earlier(store),
        "values": values,
        "errors": errors,
        "numbers": NUMBERS,
    }
    return render(request, "ministry/assignment_new.html", context, status_code=status_code)


@router.get("/assignments", response_class=HTMLResponse)
def new_assignment(request: Request, store: GraphDep, _: CallerDep) -> Response:
    """The programmes to assign together and the side rules."""
    values = {name: default for name, (_, _, default) in NUMBERS.items()}
    return _form_page(request, store, {**values, "programme": []}, {})


def _parsed(
    request: Request, form: Mapping[str, object], programmes: list[str]
) -> tuple[AssignmentRequest | None, dict[str, str]]:
    errors: dict[str, str] = {}
    numbers: dict[str, int | None] = {}
    for name, (least, most, _) in NUMBERS.items():
        raw = str(form.get(name, "")).strip()
        if raw == "" and name == "max_per_organization":
            numbers[name] = None
            continue
        if not raw.isdigit() or not least <= int(raw) <= most:
            errors[name] = t(request, WHOLE_NUMBER) % {"least": least, "most": most}
            continue
        numbers[name] = int(raw)
    if not programmes:
        errors["programme"] = t(request, NO_PROGRAMME)
    if errors:
        return None, errors
    k = numbers.pop("k")
    try:
        parsed = AssignmentRequest.model_validate(
            {"programme_ids": programmes, "k": k, "side_rules": numbers}
        )
    except ValidationError:
        return None, {"programme": t(request, NO_PROGRAMME)}
    return parsed, {}


@router.post("/assignments", response_class=HTMLResponse)
async def start_assignment(request: Request, store: GraphDep, caller: CallerDep) -> Response:
    """Start the assignment; follow it on its board."""
    form = await request.form()
    programmes = [str(p) for p in form.getlist("programme")][:500]
    values = {name: str(form.get(name, ""))[:20] for name in NUMBERS}
    parsed, errors = _parsed(request, values, programmes)
    if parsed is None:
        return _form_page(
            request, store, {**values, "programme": programmes}, errors, status_code=422
        )
    try:
        found = service.start(store, celery_app, actor=caller.actor, request=parsed)
    except (InvalidInput, NotFound):
        errors = {"programme": t(request, NO_PROGRAMME)}
        return _form_page(
            request, store, {**values, "programme": programmes}, errors, status_code=422
        )
    return RedirectResponse(f"/assignments/{found.id}", status_code=303)


def _board_page(
    request: Request,
    store: GraphDep,
    caller: CallerDep,
    job_id: str,
    *,
    alert: str = "",
    status_code: int = 200,
) -> Response:
    found = service.board(store, job_id, viewer=caller.account)
    result = found.result
    names = words.Names(
        roles={r.role_id: r.title for r in result.roles} if result else {},
        programmes={r.programme_id: r.programme_name for r in result.roles} if result else {},
        experts=found.experts,
        organizations=found.organizations,
    )
    _ = lambda message: t(request, message)  # noqa: E731
    context = {
        "board": found,
        "names": names,
        "rule_sentence": lambda rule: words.rule_sentence(rule, names, _),
        "relaxation_sentence": lambda r: words.relaxation_sentence(r, names, _),
        "passed_reasons": lambda p: words.passed_reasons(p, names, _),
        "pinned": {(p.role_id, p.expert_id) for p in found.request.pinned},
        "forbidden": {(p.role_id, p.expert_id) for p in found.request.forbidden},
        "alert": alert,
        "done": request.query_params.get("done", ""),
    }
    return render(request, "ministry/assignment.html", context, status_code=status_code)


@router.get("/assignments/{job_id}", response_class=HTMLResponse)
def assignment_board(
    request: Request, store: GraphDep, caller: CallerDep, job_id: JobId
) -> Response:
    """The assignment's progress; once done, its board. Asks again every second until then."""
    return _board_page(request, store, caller, job_id)


@router.post("/assignments/{job_id}/cancel", response_class=HTMLResponse)
def cancel_assignment(
    request: Request, store: GraphDep, caller: CallerDep, job_id: JobId
) -> Response:
    """Stop an assignment that has not finished; one that has ended shows how (409)."""
    try:
        service.cancel(store, job_id)
    except Conflict:
        alert = t(request, ACCEPT_REFUSED["state"])
        return _board_page(request, store, caller, job_id, alert=alert, status_code=409)
    return RedirectResponse(f"/assignments/{job_id}?done=cancel", status_code=303)


@router.post("/assignments/{job_id}/edit", response_class=HTMLResponse)
async def edit_assignment(
    request: Request, store: GraphDep, caller: CallerDep, job_id: JobId
) -> Response:
    """Keep an expert in a role, forbid them from it, or release them, and solve again."""
    form = await request.form()
    action = str(form.get("action", ""))
    role_id, expert_id = str(form.get("role_id", ""))[:120], str(form.get("expert_id", ""))[:120]
    try:
        pair = Pair(role_id=role_id, expert_id=expert_id)
    except ValidationError as invalid:
        raise InvalidInput("a role and an expert", fields={"role_id": role_id}) from invalid
    before = service.request_of(store, job_id)
    pinned = [p for p in before.pinned if p != pair]
    forbidden = [p for p in before.forbidden if p != pair]
    if action == "pin":
        pinned.append(pair)
    elif action == "forbid":
        forbidden.append(pair)
    elif action != "release":
        raise InvalidInput("action is pin, forbid or release", fields={"action": action[:40]})
    changed = before.model_copy(update={"pinned": pinned, "forbidden": forbidden})
    found = service.start(store, celery_app, actor=caller.actor, request=changed)
    return RedirectResponse(f"/assignments/{found.id}", status_code=303)


@router.post("/assignments/{job_id}/accept", response_class=HTMLResponse)
def accept_assignment(
    request: Request, store: GraphDep, caller: CallerDep, job_id: JobId
) -> Response:
    """Record the proposals on their roles; a conflict says which roles or experts, and why."""
    try:
        service.accept(store, actor=caller.actor, job_id=job_id)
    except Conflict as refused:
        key = next((k for k in ACCEPT_REFUSED if k in refused.fields), "state")
        found = service.board(store, job_id, viewer=caller.account)
        roles = {r.role_id: r.title for r in found.result.roles} if found.result else {}
        ids = str(refused.fields.get(key, "")).split(", ")
        what = ", ".join(roles.get(i) or found.experts.get(i) or i for i in ids)
        alert = t(request, ACCEPT_REFUSED[key]) % {"what": what}
        return _board_page(request, store, caller, job_id, alert=alert, status_code=409)
    return RedirectResponse(f"/assignments/{job_id}?done=accepted", status_code=303)
