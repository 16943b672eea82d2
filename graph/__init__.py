"""The graph store: Neo4j 5, through the official driver."""

from graph.errors import GraphError, GraphQueryError, GraphUnavailable
from graph.query import Mode, Query
from graph.store import GraphStore

__all__ = ["GraphError", "GraphQueryError", "GraphStore", "GraphUnavailable", "Mode", "Query"]
