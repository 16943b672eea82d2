"""The GraphStore port that both backends implement."""

from typing import Any, Protocol

from graph.dialect import Dialect
from graph.query import Query
from graph.unit import UnitOfWork

Row = dict[str, Any]


class GraphStore(Protocol):
    """Runs portable Cypher and returns rows as plain dicts (nodes as property maps)."""

    dialect: Dialect

    def run(self, query: Query) -> list[Row]:
        """Run one statement and return all its rows."""
        ...

    def commit(self, unit: UnitOfWork) -> None:
        """Apply every step of the unit, or none (UnitRefused, UnitBusy)."""
        ...

    def recover(self) -> int:
        """Finish the units a dead process left part-way; how many (start-up and retries)."""
        ...

    def ensure_schema(self) -> None:
        """Create the indexes and uniqueness rules of this backend's dialect (idempotent)."""
        ...

    def ping(self) -> None:
        """Raise GraphUnavailable unless the server answers."""
        ...

    def drop_all(self) -> None:
        """Delete every node of this store's graph (tests and fresh demo seeding)."""
        ...

    def close(self) -> None:
        """Release the driver or the embedded server connection."""
        ...
