"""Search by topic and "experts like this one": the pages of `GET /api/v1/experts/topic` and
`GET /api/v1/experts/{expert_id}/similar`, over the same services; experts as cards with the
works that support each one."""

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import HTMLResponse

from api.auth import CallerDep
from api.deps import PRINTABLE
from api.routes.search import current_live
from api.web.i18n import N_
from api.web.render import render, t
from api.web.routes.ministry.common import naming
from matching import topics
from talent.core.errors import InvalidInput

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 20
SIMILAR = 20
ExpertId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]
TOPIC_LENGTH = N_("Type a topic of 2 to 200 characters.")
EXPIRED = N_("This page of results has expired; search again.")


def _link(q: str, cursor: str | None) -> str:
    pairs = [("q", q)] + ([("cursor", cursor)] if cursor else [])
    return "/search/topic?" + urlencode(pairs)


@router.get("/search/topic", response_class=HTMLResponse)
def topic_search(
    request: Request, caller: CallerDep, q: str = "", cursor: str | None = None
) -> Response:
    """One text box; the experts whose works speak of the topic, with those works."""
    context: dict[str, object] = {"q": q, "errors": {}, "result": None, **naming(request)}
    if q.strip() or cursor:
        live = current_live(request)
        try:
            topic = q[: topics.MAX_TEXT + 1]
            result = topics.experts_for_topic(
                live.match,
                topic,
                search=live.search,
                store=request.app.state.store,
                caller=caller.account,
                limit=PAGE_SIZE,
                cursor=cursor,
            )
        except InvalidInput as exc:
            fields = exc.fields or {}
            message = EXPIRED if "cursor" in fields and "q" not in fields else TOPIC_LENGTH
            context["errors"] = {"q": t(request, message)}
        else:
            offset = topics.decode_cursor(" ".join(topic.split()), cursor)
            context["result"] = result
            context["offset"] = offset
            context["next_url"] = _link(q, result.next_cursor) if result.next_cursor else None
            if offset:
                back = offset - PAGE_SIZE
                before = topics.encode_cursor(" ".join(topic.split()), back) if back > 0 else None
                context["previous_url"] = _link(q, before)
    status = 422 if context["errors"] else 200
    return render(request, "ministry/topic_search.html", context, status_code=status)


@router.get("/experts/{expert_id}/similar", response_class=HTMLResponse)
def similar(request: Request, caller: CallerDep, expert_id: ExpertId) -> Response:
    """The experts whose works are closest to this expert's."""
    live = current_live(request)
    result = topics.similar_experts(
        live.match,
        expert_id,
        search=live.search,
        store=request.app.state.store,
        caller=caller.account,
        limit=SIMILAR,
    )
    context = {"result": result, **naming(request)}
    return render(request, "ministry/similar.html", context)
