"""GraphStore on Neo4j 5 through the official driver; one driver per process."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import neo4j
from neo4j.exceptions import (
    ClientError,
    ConstraintError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from graph.errors import GraphConflict, GraphQueryError, GraphUnavailable
from graph.query import Mode, Query
from graph.schema import PLAIN_INDEXES_ON_KEYS, drop_index, schema_statements
from graph.store import GraphStore, Row

# What `IF NOT EXISTS` still raises when another process creates the same rule at that moment.
_RULE_EXISTS = "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists"
# What dropping a constraint's own index raises: one being created looks like a plain index.
_OWNED_INDEX = "Neo.DatabaseError.Schema.IndexDropFailed"

# Test hook: called after each statement of a transaction with the transaction's name (its
# work's qualified name, as `ExpertService.update.<locals>.work`), the statement's text and its
# index in the transaction; raising there is a crash between two statements.
Fault = Callable[[str, str, int], None]


def _plain(value: Any) -> Any:
    if isinstance(value, neo4j.graph.Node | neo4j.graph.Relationship):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _rows(records: Any) -> list[Row]:
    return [{k: _plain(v) for k, v in record.items()} for record in records]


@contextmanager
def _driver_errors() -> Iterator[None]:
    """The driver's errors as the store's own; the domain's pass through."""
    try:
        yield
    except (ServiceUnavailable, SessionExpired) as exc:
        raise GraphUnavailable(str(exc)) from exc
    except TransientError as exc:
        # Retried by the driver until its retry time ran out: the server is overloaded.
        raise GraphUnavailable(str(exc)) from exc
    except ConstraintError as exc:
        raise GraphConflict(str(exc)) from exc
    except (ClientError, Neo4jError) as exc:
        raise GraphQueryError(str(exc)) from exc


class Transaction:
    """The store as a transaction's work sees it: statements run inside the transaction."""

    def __init__(self, store: "Neo4jStore", tx: neo4j.ManagedTransaction, name: str) -> None:
        self._store = store
        self._tx = tx
        self.name = name
        self._statements = 0

    def run(self, query: Query) -> list[Row]:
        rows = _rows(self._tx.run(query.text, query.params))
        fault = self._store.fault
        if fault is not None:
            fault(self.name, query.text, self._statements)
        self._statements += 1
        return rows

    def write[T](self, work: Callable[[GraphStore], T]) -> T:
        return work(self)

    def ensure_schema(self) -> None:
        raise TypeError("the schema is not changed inside a transaction")

    def ping(self) -> None:
        self._store.ping()

    def drop_all(self) -> None:
        raise TypeError("a transaction does not drop the graph")

    def close(self) -> None:
        """The store belongs to whoever opened it."""


class Neo4jStore:
    """Reads as auto-commit statements (routed to readers in a cluster); writes, and units of
    work, as managed transactions that the driver runs again after a transient failure."""

    def __init__(self, uri: str, user: str, password: str, database: str | None = None) -> None:
        # The server's notifications (an index that exists already, a property no node has
        # yet) say nothing an operator acts on, and the driver logs each one.
        self._driver = neo4j.GraphDatabase.driver(
            uri, auth=(user, password), notifications_min_severity="OFF"
        )
        self._database = database
        self._bookmarks = neo4j.GraphDatabase.bookmark_manager()
        self.fault: Fault | None = None

    def run(self, query: Query) -> list[Row]:
        if query.mode is Mode.READ:
            # An auto-commit read: one round trip where a managed transaction takes two.
            with _driver_errors(), self._session(neo4j.READ_ACCESS) as session:
                return _rows(session.run(query.text, query.params))
        return self.write(lambda tx: tx.run(query))

    def write[T](self, work: Callable[[GraphStore], T]) -> T:
        name = getattr(work, "__qualname__", "work")

        def body(tx: neo4j.ManagedTransaction) -> T:
            return work(Transaction(self, tx, name))

        with _driver_errors(), self._session(neo4j.WRITE_ACCESS) as session:
            return session.execute_write(body)

    def _session(self, access: str) -> neo4j.Session:
        # One bookmark manager for the process: a read sees every write this process made
        # before it, on a cluster's readers too.
        return self._driver.session(
            database=self._database,
            default_access_mode=access,
            bookmark_manager=self._bookmarks,
        )

    def ensure_schema(self) -> None:
        # The API's processes and its workers start at once and each ensures the schema: on a
        # new database another may be creating the same rules meanwhile.
        for row in self.run(Query(PLAIN_INDEXES_ON_KEYS)):
            self._schema(drop_index(row["name"]), tolerate=_OWNED_INDEX)
        for statement in schema_statements():
            self._schema(statement, tolerate=_RULE_EXISTS)

    def _schema(self, statement: str, *, tolerate: str) -> None:
        try:
            self.run(Query(statement, mode=Mode.WRITE))
        except GraphQueryError as exc:
            cause = exc.__cause__
            if not (isinstance(cause, Neo4jError) and cause.code == tolerate):
                raise

    def ping(self) -> None:
        try:
            self._driver.verify_connectivity()
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise GraphUnavailable(str(exc)) from exc

    def drop_all(self) -> None:
        """Delete every node, in batches so that a large graph fits the transaction memory."""
        # CALL { } IN TRANSACTIONS runs only in an auto-commit transaction: session.run.
        statement = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        with _driver_errors(), self._driver.session(database=self._database) as session:
            session.run(statement).consume()

    def close(self) -> None:
        self._driver.close()
