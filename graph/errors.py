"""Errors raised by every backend, so callers never see a driver's own exceptions."""


class GraphError(Exception):
    """Root of the graph store's errors."""


class GraphUnavailable(GraphError):
    """The graph server cannot be reached; the caller may retry later."""


class GraphQueryError(GraphError):
    """The server refused a statement (syntax, semantics or a constraint)."""


class GraphConflict(GraphQueryError):
    """A uniqueness constraint refused the write: another transaction stored the same key."""
