"""Open the graph: the Neo4j server a URL names, else the data folder's local Neo4j."""

from pathlib import Path

from graph import local
from graph.neo4j_store import CONNECT_TIMEOUT_S, RETRY_TIME_S, Neo4jStore
from graph.store import GraphStore


def open_store(
    *,
    url: str | None,
    data_dir: Path,
    user: str = "neo4j",
    password: str = "",
    database: str | None = None,
    connect_timeout: float = CONNECT_TIMEOUT_S,
    retry_time: float = RETRY_TIME_S,
) -> GraphStore:
    """Open the store; the caller owns it and closes it at shutdown. Without a URL, the data
    folder's local server: the one running for it, else one started for this process's
    lifetime (graph/local.py), ready before the store is made."""
    timeouts = {"connect_timeout": connect_timeout, "retry_time": retry_time}
    if url:
        return Neo4jStore(url, user, password, database, **timeouts)
    return Neo4jStore(local.url_for(data_dir), local.USER, local.PASSWORD, database, **timeouts)
