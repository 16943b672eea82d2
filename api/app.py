"""The FastAPI application and its lifespan: one graph store per process."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

from api import errors
from api.routes import health, jobs, resources, taxonomy
from api.settings import Settings, get_settings
from graph import GraphStore
from graph.factory import open_store
from talent.taxonomy.bundled import load_bundled


def open_configured_store(settings: Settings) -> GraphStore:
    return open_store(
        url=settings.graph_url,
        data_dir=settings.data_dir,
        graph_name=settings.graph_name,
        user=settings.graph_user,
        password=settings.graph_password.get_secret_value(),
        database=settings.graph_database,
    )


def prepare(store: GraphStore) -> None:
    """Schema and the bundled taxonomy; both idempotent, so every start runs them."""
    store.ensure_schema()
    load_bundled(store)


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """Build the app; a given store is used as is and left open (tests share one)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        app.state.store = store or open_configured_store(settings)
        app.state.settings = settings
        prepare(app.state.store)
        try:
            yield
        finally:
            if owned:
                app.state.store.close()

    app = FastAPI(
        title="talentgraph",
        version="0.1.0",
        description="Expert database and matching for strategic-technology programmes.",
        lifespan=lifespan,
    )
    errors.install(app)
    v1 = APIRouter(prefix="/api/v1")
    for router in resources.ROUTERS:
        v1.include_router(router)
    v1.include_router(taxonomy.router)
    v1.include_router(jobs.router)
    v1.include_router(health.router)
    app.include_router(v1)
    app.include_router(health.router)
    return app
