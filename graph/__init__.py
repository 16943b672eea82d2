"""The graph store: a port with an embedded FalkorDB backend and a Neo4j backend."""

from graph.errors import GraphError, GraphQueryError, GraphUnavailable
from graph.query import Mode, Query
from graph.store import GraphStore

__all__ = ["GraphError", "GraphQueryError", "GraphStore", "GraphUnavailable", "Mode", "Query"]
