"""My works on my profile page: listed, added and edited through the works service, which
keeps an expert's work listing them and self-declared."""

from collections.abc import Callable

from fastapi import Request, Response
from fastapi.responses import RedirectResponse
from pydantic import JsonValue, ValidationError

from api.auth import Principal
from api.versions import form_version
from api.web import i18n, stale
from api.web.render import render
from api.web.routes.experts import errors as form_errors
from api.web.routes.experts import summary
from api.web.routes.experts.common import store_of, translated
from api.web.routes.experts.forms import Values, text
from graph import GraphStore
from talent.core.errors import PreconditionFailed, TalentError
from talent.experts.models import ExpertRead
from talent.experts.service import ExpertService
from talent.resources import service
from talent.resources.catalog import WORK
from talent.resources.models import WorkCreate, WorkRead, WorkUpdate
from talent.resources.repository import ResourceRepository
from talent.resources.works import create_work, update_work

MAX_SHOWN = 200
FIELDS = ("title", "kind", "year", "venue", "doi")
Shown = Callable[[Request, ExpertRead, str], dict[str, object]]


def of(store: GraphStore, expert_id: str) -> list[WorkRead]:
    """The works that list the expert among their authors."""
    repo = ResourceRepository(store, WORK)
    return service.page(repo=repo, after="", limit=MAX_SHOWN, owner_id=expert_id).items


def _body(values: Values) -> dict[str, JsonValue]:
    body: dict[str, JsonValue] = {name: text(values, name) for name in FIELDS}
    for optional in ("year", "doi"):
        if not body[optional]:
            body[optional] = None
    return body


def save(
    request: Request,
    principal: Principal,
    expert_id: str,
    values: Values,
    work_id: str | None,
    shown: Shown,
) -> Response:
    """A new work (listing its author) or a changed one; errors beside the work's fields, or,
    saved from a stale copy, the work as stored now beside them."""
    store = store_of(request)
    body = _body(values)
    found: stale.Conflict | None = None
    try:
        if work_id is None:
            item = WorkCreate.model_validate({**body, "author_ids": [expert_id]})
            create_work(store=store, caller=principal.account, item=item)
        else:
            patch = WorkUpdate.model_validate(body)
            update_work(
                store=store,
                caller=principal.account,
                resource_id=work_id,
                patch=patch,
                expected=form_version(values.get("version")),
            )
    except ValidationError as exc:
        errors = form_errors.of_validation(exc, {})
    except PreconditionFailed:
        current = ResourceRepository(store, WORK).get(str(work_id))
        found = stale.conflict(values, _values(current), version=current.version)
        values, errors = {**values, "version": str(current.version)}, {}
    except TalentError as exc:
        if exc.status_code != 422:
            raise
        errors = form_errors.of_fields(exc.fields, {})
    else:
        return RedirectResponse("/me?saved=work#works", status_code=303)
    expert = ExpertService(store).read(principal.account, expert_id)
    page = shown(request, expert, "me")
    beside = translated(request, _beside(errors))
    key = _key(page.get("works"), work_id)
    context = {
        **page,
        "work_form": {"id": work_id or "new", "values": values},
        "work_errors": beside,
        "work_conflict": found,
        "summary": summary.items(
            beside, i18n.negotiate(request), ids={f"w_{n}": f"{key}-{n}" for n in FIELDS}
        ),
    }
    status = 422 if found is None else stale.STATUS
    return render(request, "experts/me.html", context, status_code=status)


def _key(listed: object, work_id: str | None) -> str:
    """The prefix of the ids of a work form's controls on the page (see me.html)."""
    ids = [w.id for w in listed if isinstance(w, WorkRead)] if isinstance(listed, list) else []
    return f"w{ids.index(work_id) + 1}" if work_id in ids else "wnew"


def _values(work: WorkRead) -> Values:
    """The work's form filled in as the work is stored."""
    return {
        "title": work.title,
        "kind": work.kind.value,
        "year": str(work.year or ""),
        "venue": work.venue,
        "doi": work.doi or "",
    }


def _beside(errors: dict[str, str]) -> dict[str, str]:
    """The errors under the work form's field names, a year's or a DOI's in their words."""
    found = {}
    for name, message in errors.items():
        field = f"w_{name}"
        found[field] = form_errors.message(field, "", "") if name in ("year", "doi") else message
    return found
