"""The review queue, a review's side-by-side comparison with its decision (merge, keep apart,
approve or reject a claim), and a merge's page with its undo: talent.reviews, as the API."""

from typing import Annotated
from urllib.parse import quote

from fastapi import Form, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from api.auth import CallerDep
from api.deps import GraphDep, NoticesDep
from api.web.i18n import N_
from api.web.render import render, t
from api.web.routes.admin.common import (
    PAGE_SIZE,
    cursor,
    ident,
    invalid_fields,
    router,
    sentence,
)
from talent.core.errors import TalentError
from talent.reviews.comparison import COMPARED, compare, merge_summary, owners, people
from talent.reviews.decisions import decide_review
from talent.reviews.merges import Merges
from talent.reviews.models import ReviewDecision, ReviewKind, ReviewState
from talent.reviews.queue import ReviewQueue

INVALID = {
    "decision": N_("Choose what to do with this review."),
    "survivor_id": N_("Choose which profile stays."),
}
# A merge refused because each profile has its owner account: what to do, with the accounts.
BOTH_OWNED = "both profiles have an owner account; deactivate the one that should go first"
OWNED = N_(
    "Both profiles have an owner account, and a profile keeps only one owner. Deactivate "
    "the account that should go, then merge again."
)
DONE = {
    "decided": N_("The review was decided."),
    "merged": N_("The profiles were merged. You can undo the merge below."),
    "undone": N_("The merge was undone: both profiles are as they were before it."),
}


def _choice[E: (ReviewState, ReviewKind)](kind: type[E], value: str | None) -> E | None:
    """A filter's value, or None for "all" and for anything not on offer."""
    try:
        return kind(value) if value else None
    except ValueError:
        return None


@router.get("/reviews", response_class=HTMLResponse)
def reviews_page(
    request: Request,
    store: GraphDep,
    _: CallerDep,
    state: Annotated[str | None, Query()] = "open",
    kind: Annotated[str | None, Query()] = None,
    page: Annotated[str | None, Query()] = None,
) -> Response:
    chosen_state, chosen_kind = _choice(ReviewState, state), _choice(ReviewKind, kind)
    reviews = ReviewQueue(store).page(
        state=chosen_state, kind=chosen_kind, after=cursor(page), limit=PAGE_SIZE
    )
    context = {
        "reviews": reviews,
        "people": people(store, reviews.items),
        "state": chosen_state.value if chosen_state else "",
        "kind": chosen_kind.value if chosen_kind else "",
    }
    return render(request, "admin/reviews.html", context)


def _review(
    request: Request,
    store: GraphDep,
    admin: CallerDep,
    review_id: str,
    *,
    errors: dict[str, str],
    notice: str = "",
    status_code: int = 200,
    blocking: bool = False,
) -> Response:
    comparison = compare(store, admin.account, ident(review_id, "review"))
    context = {
        "comparison": comparison,
        "compared": COMPARED,
        "errors": errors,
        "notice": notice,
        "owners": owners(store, review_id) if blocking else [],
    }
    return render(request, "admin/review.html", context, status_code=status_code)


@router.get("/reviews/{review_id}", response_class=HTMLResponse)
def review_page(
    request: Request,
    store: GraphDep,
    admin: CallerDep,
    review_id: str,
    done: Annotated[str | None, Query()] = None,
) -> Response:
    notice = t(request, DONE[done]) if done in DONE else ""
    return _review(request, store, admin, review_id, errors={}, notice=notice)


@router.post("/reviews/{review_id}/decision", response_class=HTMLResponse)
def decide(
    request: Request,
    store: GraphDep,
    notices: NoticesDep,
    admin: CallerDep,
    review_id: str,
    decision: Annotated[str, Form()] = "",
    survivor_id: Annotated[str, Form()] = "",
) -> Response:
    ident(review_id, "review")
    try:
        body = ReviewDecision.model_validate(
            {"decision": decision, "survivor_id": survivor_id or None}
        )
        outcome = decide_review(
            store=store, notices=notices, admin=admin.account, review_id=review_id, body=body
        )
    except ValidationError as exc:
        errors = invalid_fields(request, exc, INVALID)
        return _review(request, store, admin, review_id, errors=errors, status_code=422)
    except TalentError as exc:
        if exc.status_code == 404:
            raise
        blocking = exc.detail == BOTH_OWNED
        errors = {"": t(request, OWNED) if blocking else sentence(t(request, exc.detail))}
        return _review(
            request,
            store,
            admin,
            review_id,
            errors=errors,
            status_code=exc.status_code,
            blocking=blocking,
        )
    if outcome.merge is not None:
        return RedirectResponse(
            f"/admin/merges/{quote(outcome.merge.id)}?done=merged", status_code=303
        )
    return RedirectResponse(f"/admin/reviews/{quote(review_id)}?done=decided", status_code=303)


def _merge(
    request: Request,
    store: GraphDep,
    admin: CallerDep,
    merge_id: str,
    *,
    notice: str = "",
    problem: str = "",
    status_code: int = 200,
) -> Response:
    summary = merge_summary(store, admin.account, ident(merge_id, "merge"))
    context = {"summary": summary, "notice": notice, "errors": {"": problem} if problem else {}}
    return render(request, "admin/merge.html", context, status_code=status_code)


@router.get("/merges/{merge_id}", response_class=HTMLResponse)
def merge_page(
    request: Request,
    store: GraphDep,
    admin: CallerDep,
    merge_id: str,
    done: Annotated[str | None, Query()] = None,
) -> Response:
    notice = t(request, DONE[done]) if done in DONE else ""
    return _merge(request, store, admin, merge_id, notice=notice)


@router.post("/merges/{merge_id}/undo", response_class=HTMLResponse)
def undo_merge(request: Request, store: GraphDep, admin: CallerDep, merge_id: str) -> Response:
    try:
        Merges(store).undo(admin.account, ident(merge_id, "merge"))
    except TalentError as exc:
        if exc.status_code == 404:
            raise
        problem = sentence(t(request, exc.detail))
        return _merge(request, store, admin, merge_id, problem=problem, status_code=exc.status_code)
    return RedirectResponse(f"/admin/merges/{quote(merge_id)}?done=undone", status_code=303)
