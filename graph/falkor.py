"""GraphStore on FalkorDB (the embedded server, or any FalkorDB reached through redis)."""

import contextlib
from collections.abc import Mapping
from typing import Any

import redis
from falkordb.edge import Edge
from falkordb.node import Node
from falkordb.path import Path as GraphPath

from graph import intents
from graph.dialect import FALKOR, Dialect
from graph.errors import GraphQueryError, GraphUnavailable
from graph.query import Mode, Query
from graph.store import Row
from graph.unit import UnitOfWork


def _plain(value: Any) -> Any:
    """FalkorDB values as plain Python: nodes and edges become their property maps."""
    if isinstance(value, Node | Edge):
        return {k: _plain(v) for k, v in value.properties.items()}
    if isinstance(value, GraphPath):
        return [_plain(n) for n in value.nodes()]
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class FalkorStore:
    """Runs queries on one named graph of a FalkorDB server."""

    dialect: Dialect = FALKOR

    def __init__(self, db: Any, graph_name: str) -> None:
        self._db = db
        self._graph = db.select_graph(graph_name)
        self.graph_name = graph_name
        # Tests set it to stop a unit of work after a given step, as a crash would.
        self.fault: intents.Fault | None = None

    def run(self, query: Query) -> list[Row]:
        try:
            if query.mode is Mode.READ:
                result = self._graph.ro_query(query.text, query.params)
            else:
                result = self._graph.query(query.text, query.params)
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise GraphUnavailable(str(exc)) from exc
        except redis.ResponseError as exc:
            raise GraphQueryError(str(exc)) from exc
        names = [column[1] for column in result.header]
        return [dict(zip(names, map(_plain, row), strict=True)) for row in result.result_set]

    def commit(self, unit: UnitOfWork) -> None:
        intents.commit(self.run, unit, self.fault)

    def recover(self) -> int:
        return intents.recover(self.run)

    def ensure_schema(self) -> None:
        for statement in self.dialect.type_statements():
            self.run(Query(statement, mode=Mode.WRITE))
        for statement in self.dialect.schema_statements():
            try:
                self._graph.query(statement)
            except redis.ResponseError as exc:
                marker = self.dialect.index_exists_error
                if marker is None or marker not in str(exc):
                    raise GraphQueryError(str(exc)) from exc
            except redis.ConnectionError as exc:
                raise GraphUnavailable(str(exc)) from exc

    def ping(self) -> None:
        try:
            self._graph.ro_query("RETURN 1 AS ok")
        except redis.RedisError as exc:
            raise GraphUnavailable(str(exc)) from exc

    def drop_all(self) -> None:
        """Delete this graph (tests and `seed --fresh`); other graphs and Celery's db stay."""
        # Deleting a graph that was never written is not an error.
        with contextlib.suppress(redis.ResponseError):
            self._graph.delete()

    def close(self) -> None:
        """The embedded server's connection belongs to the process; nothing to release here."""
