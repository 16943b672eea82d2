"""Choose the backend: Neo4j when a URL is given, else the embedded FalkorDB of a data folder."""

from pathlib import Path

from graph.embedded import open_server
from graph.falkor import FalkorStore
from graph.neo4j_store import Neo4jStore
from graph.store import GraphStore


def open_store(
    *,
    url: str | None,
    data_dir: Path,
    graph_name: str = "talent",
    user: str = "neo4j",
    password: str = "",
    database: str | None = None,
) -> GraphStore:
    """Open the configured backend; the caller owns the store and closes it at shutdown."""
    if url:
        return Neo4jStore(url, user, password, database)
    server = open_server(data_dir)
    return FalkorStore(server.db, graph_name)
