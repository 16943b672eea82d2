"""Expert search and skill resolution for ministries and programme staff."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import StringConstraints

from api.auth import CallerDep
from api.deps import PRINTABLE, Cursor, GraphDep, Limit
from matching import topics
from matching.live import Live
from matching.topic_models import SimilarResult, TopicResult
from talent.core.types import EngagementMode, Residency
from talent.search import service
from talent.search.index import SearchIndex
from talent.search.models import ResolveResult, SearchRequest, SearchResult
from talent.snapshot.follower import Current

router = APIRouter(tags=["search"])
Terms = Annotated[list[Annotated[str, StringConstraints(max_length=120)]], Query(max_length=30)]


def get_search_cache(request: Request) -> Current[SearchIndex]:
    cache: Current[SearchIndex] = request.app.state.search_cache
    return cache


SearchCacheDep = Annotated[Current[SearchIndex], Depends(get_search_cache)]


def current_live(request: Request) -> Live:
    """The matching and search indexes of one snapshot: their positions agree."""
    live: Live = request.app.state.indexes.follower.current()
    return live


LiveDep = Annotated[Live, Depends(current_live)]
Topic = Annotated[
    str,
    Query(
        min_length=topics.MIN_TEXT,
        max_length=topics.MAX_TEXT,
        description="a topic in English or Vietnamese, e.g. LiDAR SLAM for autonomous vehicles",
    ),
]
ExpertId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]


@router.get("/experts/search", response_model=SearchResult)
def search_experts(
    cache: SearchCacheDep,
    store: GraphDep,
    caller: CallerDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    skills: Terms = [],  # noqa: B006 - FastAPI copies defaults per request
    group: Terms = [],  # noqa: B006
    country: Terms = [],  # noqa: B006
    residency: Residency = Residency.ANY,
    mode: Annotated[list[EngagementMode], Query(max_length=5)] = [],  # noqa: B006
    language: Terms = [],  # noqa: B006
    min_level: Annotated[int, Query(ge=1, le=5)] = 1,
    verified: bool = False,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> SearchResult:
    """Active, consenting experts by name (any order, with or without diacritics, typos),
    skills in free text, technology group, country, residency, engagement mode, languages,
    minimum level and verification. Relevance order; facet counts cover the whole result.
    Contact e-mails appear only where the expert lets the caller see them."""
    request = SearchRequest(
        q=q,
        skills=skills,
        group=group,
        country=country,
        residency=residency,
        mode=mode,
        language=language,
        min_level=min_level,
        verified=verified,
    )
    return service.find_experts(
        store=store,
        index=cache.current(),
        request=request,
        limit=limit,
        cursor=cursor,
        caller=caller.account,
    )


@router.get("/experts/topic", response_model=TopicResult)
def experts_by_topic(
    live: LiveDep,
    store: GraphDep,
    caller: CallerDep,
    q: Topic,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> TopicResult:
    """Experts ranked by how closely their works speak of a topic typed in English or
    Vietnamese, each with their three closest works (title, year, similarity); experts with
    no such work are not listed. The same experts as `/experts/search` may show, and the
    same contact e-mails."""
    return topics.experts_for_topic(
        live.match,
        q,
        search=live.search,
        store=store,
        caller=caller.account,
        limit=limit,
        cursor=cursor,
    )


@router.get("/experts/{expert_id}/similar", response_model=SimilarResult)
def similar_experts(
    live: LiveDep,
    store: GraphDep,
    caller: CallerDep,
    expert_id: ExpertId,
    limit: Limit = 10,
) -> SimilarResult:
    """Experts whose works are closest to this expert's (their 20 most recent works' titles),
    the expert left out, each with the works that make them close. An expert with no works
    has none (`reason`: `no_works`); an expert the caller may not see is a 404, as on
    `GET /experts/{expert_id}`."""
    return topics.similar_experts(
        live.match,
        expert_id,
        search=live.search,
        store=store,
        caller=caller.account,
        limit=limit,
    )


@router.get("/skills/resolve", response_model=ResolveResult)
def resolve_skill(
    cache: SearchCacheDep,
    text: Annotated[str, Query(min_length=1, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=20)] = 5,
) -> ResolveResult:
    """Free text in English or Vietnamese to taxonomy concepts with scores; near misses come
    back as suggestions ("did you mean")."""
    return service.resolve_text(cache.current(), text, limit=limit)
