"""The FastAPI application and its lifespan: one graph store per process."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

from api import access, errors
from api.bodysize import UPLOAD_OVERHEAD, BodySizeLimit
from api.embedder import configured_checkpoints, configured_embedder
from api.headers import SecurityHeaders
from api.mailer import mailer_for
from api.ratelimit import RateLimiter
from api.routes import (
    accounts,
    alerts,
    assignments,
    audit,
    evidence_sources,
    expert_lists,
    experts,
    health,
    insights,
    jobs,
    matching,
    pipeline,
    registration,
    resources,
    reviews,
    ror,
    saved_searches,
    search,
    taxonomy,
    teams,
    work_imports,
)
from api.settings import Settings, get_settings
from api.store import open_configured_store, prepare
from api.web import pages
from api.worker import release_connections
from graph import GraphStore
from matching.cache import IndexCache
from matching.live import Indexes, live_indexes
from talent.organizations.index import OrganizationIndex


def _live_indexes(store: GraphStore, settings: Settings) -> Indexes:
    embedder = configured_embedder(settings)
    checkpoints = configured_checkpoints(settings)
    return live_indexes(
        store,
        wait_for_rebuild_s=settings.index_wait,
        embedder=embedder,
        checkpoints=checkpoints,
        checkpoint_every_s=settings.checkpoint_interval,
    )


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """Build the app; a given store is prepared by its owner, used as is and left open."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        if store is None:
            app.state.store = open_configured_store(settings)
            prepare(app.state.store)
        else:
            app.state.store = store
        app.state.settings = settings
        indexes = _live_indexes(app.state.store, settings)
        app.state.indexes = indexes
        app.state.match_cache = IndexCache(
            app.state.store, source=indexes.match, search=indexes.search
        )
        app.state.duplicates = indexes.duplicates
        app.state.search_cache = indexes.search
        app.state.rate_limiter = RateLimiter(settings, namespace=settings.rate_limit_namespace)
        app.state.organizations = OrganizationIndex(app.state.store)
        app.state.mailer = mailer_for(settings)
        try:
            yield
        finally:
            app.state.rate_limiter.close()
            if owned:
                # The process ends with its app. An app given its store (tests serve one per
                # engine in one process) leaves the shared broker connections to the next.
                release_connections()
                app.state.store.close()

    app = FastAPI(
        title="talentgraph",
        version="0.1.0",
        description="Expert database and matching for strategic-technology programmes.",
        lifespan=lifespan,
    )
    errors.install(app)
    errors.document(app)
    # Expert lists are uploaded whole: their own limit, and room for the form around the file.
    upload = settings.import_max_bytes + UPLOAD_OVERHEAD
    uploads = {
        ("POST", "/api/v1/expert-lists"): upload,
        ("POST", "/expert-lists"): upload,
        ("POST", "/api/v1/experts/{expert_id}/imports/file"): upload,
        ("POST", "/me/imports/file"): upload,
        # A ROR dump is streamed to a file for a job: its own, larger limit.
        ("POST", "/api/v1/ror/dumps"): settings.ror_max_bytes + UPLOAD_OVERHEAD,
        ("POST", "/admin/directory/ror"): settings.ror_max_bytes + UPLOAD_OVERHEAD,
    }
    app.add_middleware(
        BodySizeLimit, max_bytes=settings.max_body_bytes, larger=uploads, page=pages.too_large
    )
    app.add_middleware(SecurityHeaders)
    app.add_middleware(errors.RequestIds)  # outermost: a 413 has an id too
    _include_api(app)
    pages.install(app)
    return access.install(app)  # refuses routes and a policy that disagree


def _include_api(app: FastAPI) -> None:
    """The JSON API under /api/v1, and /health, each behind the access policy."""
    v1 = APIRouter(prefix="/api/v1")
    v1.include_router(accounts.router)
    # Before the experts' routes, whose `/experts/{id}` would take "search" for an id.
    v1.include_router(search.router)
    v1.include_router(experts.router)
    v1.include_router(expert_lists.router)
    v1.include_router(work_imports.router)
    v1.include_router(registration.router)
    v1.include_router(reviews.router)
    v1.include_router(insights.router)
    v1.include_router(evidence_sources.router)
    v1.include_router(ror.router)
    v1.include_router(pipeline.router)
    v1.include_router(audit.router)
    for router in resources.ROUTERS:
        v1.include_router(router)
    v1.include_router(taxonomy.router)
    v1.include_router(matching.router)
    v1.include_router(assignments.router)
    v1.include_router(teams.router)
    v1.include_router(alerts.router)
    v1.include_router(saved_searches.router)
    v1.include_router(jobs.router)
    v1.include_router(health.router)
    app.include_router(v1, dependencies=access.ENFORCED)
    app.include_router(health.router, dependencies=access.ENFORCED)
