"""The freshness-reminder job for admins: what it does (from talent.experts.freshness's rules),
how many profiles are stale and how many owners it would mail now, its latest run, and a start
after a confirmation step, through talent.jobs.service as the API's
POST /api/v1/jobs/freshness-reminders. A run already queued or running is not started twice."""

from typing import Annotated

from fastapi import Form, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from api.auth import CallerDep
from api.deps import GraphDep
from api.web.i18n import N_
from api.web.render import render, t
from api.web.routes.admin.common import router
from api.worker import celery_app
from talent.core.errors import Conflict
from talent.core.ids import now_ms
from talent.experts import freshness
from talent.experts.repository import ExpertRepository
from talent.jobs import service
from talent.jobs.model import FINISHED, JobRecord
from talent.jobs.repository import JobRepository

PAGE = "admin/reminders.html"
# The kind talent.jobs.service.start_reminders (and the daily run) records.
KIND = service.REMINDERS
CONFIRMED = "yes"
DONE = {"started": N_("The reminder run is started: its progress shows below.")}
BUSY = N_(
    "A reminder run is already queued or running: wait until it has finished before "
    "starting another."
)
_DAY_MS = 24 * 3600 * 1000
# Days in an average month, to say the rule's period in months as people do.
_MONTH_DAYS = 30.44


def _rules() -> dict[str, int]:
    """The job's rules in whole days and months, read from talent.experts.freshness."""
    stale_days = freshness.STALE_AFTER.days
    return {
        "stale_days": stale_days,
        "stale_months": round(stale_days / _MONTH_DAYS),
        "remind_days": freshness.REMIND_EVERY.days,
    }


def _live(job: JobRecord | None) -> bool:
    return job is not None and job.state not in FINISHED


def _page(
    request: Request,
    store: GraphDep,
    *,
    notice: str = "",
    problem: str = "",
    confirming: bool = False,
    status_code: int = 200,
) -> Response:
    now = now_ms()
    stale, due = ExpertRepository(store).freshness_counts(
        stale_before=freshness.stale_before(now), remind_before=freshness.remind_before(now)
    )
    latest = JobRepository(store).latest(KIND)
    context = {
        "rules": _rules(),
        "stale": stale,
        "due": due,
        "latest": latest,
        "live": _live(latest),
        "notice": notice,
        "problem": problem,
        "confirming": confirming,
    }
    return render(request, PAGE, context, status_code=status_code)


@router.get("/reminders", response_class=HTMLResponse)
def reminders_page(
    request: Request,
    store: GraphDep,
    _: CallerDep,
    done: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    """What the reminder job does, how many owners it would mail now, and its latest run."""
    notice = t(request, DONE[done]) if done in DONE else ""
    return _page(request, store, notice=notice)


@router.post("/reminders", response_class=HTMLResponse)
def start_reminders(
    request: Request,
    store: GraphDep,
    _: CallerDep,
    confirm: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Without `confirm`, the confirmation step; with it, the run queued (never a second one
    while one is queued or running) and the page again."""
    if confirm != CONFIRMED:
        return _page(request, store, confirming=True)
    try:
        service.start_reminders(store, celery_app)
    except Conflict:
        return _page(request, store, problem=t(request, BUSY), status_code=409)
    return RedirectResponse("/admin/reminders?done=started", status_code=303)
