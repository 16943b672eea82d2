"""The GraphStore port: statements one at a time, or a function run in one transaction."""

from collections.abc import Callable
from typing import Any, Protocol

from graph.query import Query

Row = dict[str, Any]


class GraphStore(Protocol):
    """Runs Cypher and returns rows as plain dicts (nodes as property maps).

    Inside `write`, the store the work receives is the transaction itself: repositories built
    on it read what it wrote, and everything lands at its end or not at all.
    """

    def run(self, query: Query) -> list[Row]:
        """Run one statement and return all its rows (in a transaction: inside it)."""
        ...

    def write[T](self, work: Callable[["GraphStore"], T]) -> T:
        """Run `work` in one write transaction and return its result; an exception from it
        rolls everything back. The work may be run again after a transient failure (a
        deadlock, a leader switch), so it must not act outside the graph. Inside a
        transaction, the work joins it."""
        ...

    def ensure_schema(self) -> None:
        """Create the constraints and indexes (idempotent)."""
        ...

    def ping(self) -> None:
        """Raise GraphUnavailable unless the server answers."""
        ...

    def drop_all(self) -> None:
        """Delete every node (tests and fresh demo seeding)."""
        ...

    def close(self) -> None:
        """Release the driver."""
        ...
