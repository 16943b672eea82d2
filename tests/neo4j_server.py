"""A Neo4j 5 server for the tests: the one TALENT_TEST_NEO4J_URL names, else the launcher that
`make install` builds under tools/neo4j-test-server, started once for the run."""

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from graph.neo4j_launcher import Neo4jServer, Neo4jServerError, launch, launch_problem

__all__ = ["Neo4jServer", "Neo4jServerError", "neo4j_server", "unavailable_reason"]

# Test data is small; the page cache keeps the launcher's 64 MiB.
JAVA_OPTIONS = ("-Xms256m", "-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
_ENV = ("TALENT_TEST_NEO4J_URL", "TALENT_TEST_NEO4J_USER", "TALENT_TEST_NEO4J_PASSWORD")


def unavailable_reason() -> str | None:
    """Why no server can be had for this run, or None when one can."""
    if os.environ.get("TALENT_TEST_NEO4J_URL"):
        return None
    problem = launch_problem()
    return None if problem is None else f"no TALENT_TEST_NEO4J_URL and {problem}"


@contextlib.contextmanager
def neo4j_server(log: Path) -> Iterator[Neo4jServer]:
    """The configured server, or a launched one whose stderr goes to `log`, stopped on exit.

    A launched server's address goes into TALENT_TEST_NEO4J_URL (and _USER, _PASSWORD) for the
    run, so processes the tests start reach it too.
    """
    url = os.environ.get("TALENT_TEST_NEO4J_URL")
    if url:
        yield Neo4jServer(
            url,
            os.environ.get("TALENT_TEST_NEO4J_USER", "neo4j"),
            os.environ.get("TALENT_TEST_NEO4J_PASSWORD", ""),
        )
        return
    with launch(log, JAVA_OPTIONS) as server:
        saved = {k: os.environ.get(k) for k in _ENV}
        os.environ.update(zip(_ENV, (server.url, server.user, server.password), strict=True))
        try:
            yield server
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
