"""Opening the configured graph store: the one call the app, the worker and the CLI share."""

from api.settings import Settings
from graph import GraphStore
from graph.factory import open_store
from talent.taxonomy.bundled import load_bundled


def open_configured_store(settings: Settings) -> GraphStore:
    return open_store(
        url=settings.graph_url,
        data_dir=settings.data_dir,
        user=settings.graph_user,
        password=settings.graph_password.get_secret_value(),
        database=settings.graph_database,
        connect_timeout=settings.graph_connect_timeout,
        retry_time=settings.graph_retry_time,
    )


def prepare(store: GraphStore) -> None:
    """Schema and the bundled taxonomy; both idempotent, so every start runs them."""
    store.ensure_schema()
    load_bundled(store)
