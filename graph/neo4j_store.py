"""GraphStore on Neo4j 5 through the official driver; one driver per process."""

from typing import Any

import neo4j
from neo4j.exceptions import ClientError, Neo4jError, ServiceUnavailable, SessionExpired

from graph.dialect import NEO4J, Dialect, drop_index
from graph.errors import GraphQueryError, GraphUnavailable
from graph.intents import Fault
from graph.query import Mode, Query
from graph.store import Row
from graph.unit import UnitOfWork, UnitRefused

_LOCK = "MERGE (l:UnitLock {id: $id}) SET l.at = timestamp()"
# What `IF NOT EXISTS` still raises when another process creates the same rule at that moment.
_RULE_EXISTS = "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists"
# What dropping a constraint's own index raises: one being created looks like a plain index.
_OWNED_INDEX = "Neo.DatabaseError.Schema.IndexDropFailed"


def _plain(value: Any) -> Any:
    if isinstance(value, neo4j.graph.Node | neo4j.graph.Relationship):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class Neo4jStore:
    """Runs queries with `execute_query`, reads routed to readers in a cluster."""

    dialect: Dialect = NEO4J

    def __init__(self, uri: str, user: str, password: str, database: str | None = None) -> None:
        self._driver = neo4j.GraphDatabase.driver(uri, auth=(user, password))
        self._database = database
        self.fault: Fault | None = None

    def run(self, query: Query) -> list[Row]:
        routing = (
            neo4j.RoutingControl.READ if query.mode is Mode.READ else neo4j.RoutingControl.WRITE
        )
        try:
            records, _, _ = self._driver.execute_query(
                query.text,
                query.params,
                routing_=routing,
                database_=self._database,
            )
        except (ServiceUnavailable, SessionExpired) as exc:
            raise GraphUnavailable(str(exc)) from exc
        except (ClientError, Neo4jError) as exc:
            raise GraphQueryError(str(exc)) from exc
        return [{k: _plain(v) for k, v in record.items()} for record in records]  # type: ignore[no-untyped-call]

    def commit(self, unit: UnitOfWork) -> None:
        """One explicit transaction; a refused required step or any error rolls it back."""

        def work(tx: neo4j.ManagedTransaction) -> None:
            # Units sharing a key queue on its lock node instead of interleaving.
            for key in unit.keys:
                tx.run(_LOCK, {"id": key}).consume()
            for index, step in enumerate(unit.steps):
                rows = list(tx.run(step.query.text, step.query.params))
                if step.required and not rows:
                    raise UnitRefused(unit.name, index)
                if self.fault is not None:
                    self.fault(unit, index)

        try:
            with self._driver.session(database=self._database) as session:
                session.execute_write(work)
        except (ServiceUnavailable, SessionExpired) as exc:
            raise GraphUnavailable(str(exc)) from exc
        except (ClientError, Neo4jError) as exc:
            raise GraphQueryError(str(exc)) from exc

    def recover(self) -> int:
        """A transaction that did not commit left nothing to finish."""
        return 0

    def ensure_schema(self) -> None:
        # The API's processes and its workers start at once and each ensures the schema: on a
        # new database another may be creating the same rules meanwhile.
        if self.dialect.plain_indexes_on_keys is not None:
            for row in self.run(Query(self.dialect.plain_indexes_on_keys)):
                self._schema(drop_index(row["name"]), tolerate=_OWNED_INDEX)
        for statement in self.dialect.schema_statements():
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
        """Delete every node (tests only: Neo4j has no per-graph drop inside one database)."""
        self.run(Query("MATCH (n) DETACH DELETE n", mode=Mode.WRITE))

    def close(self) -> None:
        self._driver.close()
