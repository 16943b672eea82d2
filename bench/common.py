"""What every benchmark shares: a fresh store in a temporary folder (embedded FalkorDB, or the
Neo4j test server; with demo experts when asked), timing, percentiles and the report."""

import argparse
import json
import logging
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from falkordb import FalkorDB

from graph import GraphStore
from graph.embedded import EmbeddedServer, close_server, open_server
from graph.falkor import FalkorStore
from graph.neo4j_launcher import launch
from graph.neo4j_store import Neo4jStore
from talent.demo.seeding import seed_demo

GRAPH = "bench"
BACKENDS = ("falkordb", "neo4j")
# Sized for 100,000 experts (a store of about 1 GiB): the heap for the import's batches and
# the rankings' scans, the page cache for the store itself, and the full JIT, not the tests'
# quick-start one.
NEO4J_JAVA_OPTIONS = (
    "-Xms1g",
    "-Xmx4g",
    "-XX:+UseG1GC",
    f"-Dtalentgraph.pagecache={2 * 2**30}",
)


@dataclass(frozen=True, slots=True)
class BenchStore:
    store: GraphStore
    backend: str
    server: EmbeddedServer | None  # the embedded FalkorDB; None on Neo4j (a child process)
    seed_seconds: float  # loading the demo experts; 0 without them


def add_backend_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--backend", choices=BACKENDS, default="falkordb", help="the graph engine measured"
    )


@contextmanager
def temp_store(*, experts: int = 0, backend: str = "falkordb") -> Iterator[BenchStore]:
    """A fresh store in a temporary folder with its schema and `experts` demo experts;
    stopped and removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="talentgraph-bench-") as folder:
        data_dir = Path(folder)
        if backend == "neo4j":
            # The driver logs the server's notices on every query (a relationship type or a
            # property the demo data has none of): thousands of lines that hide the report.
            logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
            with launch(data_dir / "neo4j.log", NEO4J_JAVA_OPTIONS) as neo4j:
                store = Neo4jStore(neo4j.url, neo4j.user, neo4j.password)
                try:
                    store.drop_all()
                    store.ensure_schema()
                    yield _seeded(store, backend, None, experts)
                finally:
                    store.close()
            return
        server = open_server(data_dir)
        try:
            falkor = FalkorStore(server.db, GRAPH)
            falkor.ensure_schema()
            yield _seeded(falkor, backend, server, experts)
        finally:
            close_server(data_dir)


def _seeded(
    store: GraphStore, backend: str, server: EmbeddedServer | None, experts: int
) -> BenchStore:
    started = time.perf_counter()
    if experts:
        seed_demo(store, experts)
    return BenchStore(store, backend, server, time.perf_counter() - started if experts else 0.0)


@contextmanager
def patient_store(bench: BenchStore) -> Iterator[GraphStore]:
    """The store on a connection without a socket timeout, for Cypher peers that run for
    minutes at 100,000 experts: its own connection on FalkorDB, the store itself on Neo4j."""
    if bench.server is None:
        yield bench.store
        return
    db = FalkorDB(unix_socket_path=bench.server.socket_path)
    try:
        yield FalkorStore(db, GRAPH)
    finally:
        db.close()


def timed[T](runs: int, work: Callable[[], T]) -> tuple[list[float], T]:
    """Seconds of each of `runs` (at least one) calls, and the last call's result."""
    samples = []
    for _ in range(max(1, runs)):
        started = time.perf_counter()
        result = work()
        samples.append(time.perf_counter() - started)
    return samples, result


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50, p95 and max in milliseconds, and how many samples."""
    ordered = sorted(samples)
    cut = statistics.quantiles(ordered, n=100, method="inclusive")
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(cut[94] * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
        "runs": len(ordered),
    }


def report(values: dict[str, object]) -> None:
    print(json.dumps(values, indent=2))
