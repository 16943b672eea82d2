"""GraphStore on Neo4j 5 through the official driver; one driver per process."""

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import neo4j
from neo4j.exceptions import (
    ClientError,
    ConstraintError,
    DriverError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from graph.errors import GraphConflict, GraphError, GraphQueryError, GraphUnavailable
from graph.query import Mode, Query
from graph.schema import PLAIN_INDEXES_ON_KEYS, drop_index, schema_statements
from graph.store import GraphStore, Row

# What `IF NOT EXISTS` still raises when another process creates the same rule at that moment.
_RULE_EXISTS = "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists"
# What dropping a constraint's own index raises: one being created looks like a plain index.
_OWNED_INDEX = "Neo.DatabaseError.Schema.IndexDropFailed"

# Neo4j's transient errors that say the database itself is not there (starting, stopping):
# waiting inside a request does not bring it back.
_DATABASE_DOWN = {
    "Neo.TransientError.General.DatabaseUnavailable",
    "Neo.TransientError.Database.DatabaseUnavailable",
}
# A server that does not answer within this is down for the request (503); an operator on a
# slow link raises it (TALENT_GRAPH_CONNECT_TIMEOUT).
CONNECT_TIMEOUT_S = 1.0
# Waiting for one of the pool's connections while the others are busy is load, not an outage.
ACQUIRE_TIMEOUT_S = 10.0
# How long a transaction refused for a transient reason (a deadlock) is run again: the driver's.
RETRY_TIME_S = 30.0
_FIRST_DELAY_S = 1.0
_JITTER = 0.2

# Test hook: called after each statement of a transaction with the transaction's name (its
# work's qualified name, as `ExpertService.update.<locals>.work`), the statement's text and its
# index in the transaction; raising there is a crash between two statements.
Fault = Callable[[str, str, int], None]


# Values the driver returns as they are: no conversion to look for inside them.
_FLAT = frozenset({str, int, float, bool, type(None), bytes, bytearray})


def _plain(value: Any) -> Any:
    if type(value) in _FLAT:
        return value
    if type(value) is list:
        # A whole page's rows come back as one list of lists (snapshot reads): most items
        # are flat, and a call each would cost more than the driver's decoding.
        return [v if type(v) in _FLAT else _plain(v) for v in value]
    if isinstance(value, neo4j.graph.Node | neo4j.graph.Relationship):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _rows(records: Any) -> list[Row]:
    return [{k: _plain(v) for k, v in record.items()} for record in records]


def _translated(exc: ServiceUnavailable | SessionExpired | Neo4jError) -> GraphError:
    if isinstance(exc, ServiceUnavailable | SessionExpired | TransientError):
        # A transient error here was retried until the retry time ran out: overloaded.
        return GraphUnavailable(str(exc))
    if isinstance(exc, ConstraintError):
        return GraphConflict(str(exc))
    return GraphQueryError(str(exc))


@contextmanager
def _driver_errors() -> Iterator[None]:
    """The driver's errors as the store's own; the domain's pass through."""
    try:
        yield
    except (ServiceUnavailable, SessionExpired, ClientError, Neo4jError) as exc:
        raise _translated(exc) from exc


class _Attempts:
    """When to run a statement or a transaction again. A server that cannot be reached is
    tried once more at once (a connection the pool kept across a server restart fails once),
    then reported: a request answers 503 at once instead of waiting out the driver's 30 s of
    retries. A transient refusal (a deadlock) is retried with the driver's backoff."""

    def __init__(self, retry_time: float) -> None:
        self._retry_time = retry_time
        self._reconnected = False
        self._first: float | None = None
        self._delay = _FIRST_DELAY_S

    def again(self, exc: DriverError | Neo4jError) -> bool:
        """Whether to try again after `exc` (having waited what it takes)."""
        if isinstance(exc, ServiceUnavailable | SessionExpired):
            # An interrupted commit may have committed: never run again blindly.
            if isinstance(exc, IncompleteCommit) or self._reconnected:
                return False
            self._reconnected = True
            return True
        if not isinstance(exc, Neo4jError) or not exc.is_retryable():
            return False
        if exc.code in _DATABASE_DOWN:
            return False
        now = time.monotonic()
        self._first = now if self._first is None else self._first
        if now - self._first > self._retry_time:
            return False
        time.sleep(self._delay * random.uniform(1 - _JITTER, 1 + _JITTER))
        self._delay *= 2
        return True


class Transaction:
    """The store as a transaction's work sees it: statements run inside the transaction."""

    def __init__(self, store: "Neo4jStore", tx: neo4j.Transaction, name: str) -> None:
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
    work, as transactions run again after a transient failure (`_Attempts`: the driver's own
    retries would hold a request for 30 s while the server is down)."""

    def __init__(
        self,
        uri: str,
        user: str,
        password: str,
        database: str | None = None,
        *,
        connect_timeout: float = CONNECT_TIMEOUT_S,
        retry_time: float = RETRY_TIME_S,
    ) -> None:
        # The server's notifications (an index that exists already, a property no node has
        # yet) say nothing an operator acts on, and the driver logs each one.
        self._driver = neo4j.GraphDatabase.driver(
            uri,
            auth=(user, password),
            notifications_min_severity="OFF",
            connection_timeout=connect_timeout,
            connection_acquisition_timeout=max(ACQUIRE_TIMEOUT_S, connect_timeout),
        )
        self._database = database
        self._retry_time = retry_time
        self._bookmarks = neo4j.GraphDatabase.bookmark_manager()
        self.fault: Fault | None = None

    def run(self, query: Query) -> list[Row]:
        if query.mode is not Mode.READ:
            return self.write(lambda tx: tx.run(query))
        attempts = _Attempts(self._retry_time)
        while True:
            try:
                # An auto-commit read: one round trip where a transaction takes two.
                with self._session(neo4j.READ_ACCESS) as session:
                    return _rows(session.run(query.text, query.params))
            except (ServiceUnavailable, SessionExpired, Neo4jError) as exc:
                if not attempts.again(exc):
                    raise _translated(exc) from exc

    def write[T](self, work: Callable[[GraphStore], T]) -> T:
        name = getattr(work, "__qualname__", "work")
        attempts = _Attempts(self._retry_time)
        while True:
            try:
                with (
                    self._session(neo4j.WRITE_ACCESS) as session,
                    session.begin_transaction() as tx,
                ):
                    result = work(Transaction(self, tx, name))
                    tx.commit()
                    return result
            except (ServiceUnavailable, SessionExpired, Neo4jError) as exc:
                if not attempts.again(exc):
                    raise _translated(exc) from exc

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
