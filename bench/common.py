"""What every benchmark shares: a fresh store on a throwaway Neo4j 5 server (the one the tests
use, sized for the benchmarks; with demo experts when asked), timing, percentiles and the
report."""

import json
import logging
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from graph import GraphStore
from graph.neo4j_launcher import Neo4jServer, launch
from graph.neo4j_store import Neo4jStore
from talent.demo.seeding import seed_demo

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
    backend: str  # the graph engine measured, for the report: always "neo4j" now
    server: Neo4jServer  # its pid is the JVM's, a child process
    seed_seconds: float  # loading the demo experts; 0 without them


@contextmanager
def temp_store(*, experts: int = 0) -> Iterator[BenchStore]:
    """A fresh store on a throwaway server with its schema and `experts` demo experts;
    stopped and removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="talentgraph-bench-") as folder:
        # The driver logs the server's notices on every query (a relationship type or a
        # property the demo data has none of): thousands of lines that hide the report.
        logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
        with launch(Path(folder) / "neo4j.log", NEO4J_JAVA_OPTIONS) as neo4j:
            store = Neo4jStore(neo4j.url, neo4j.user, neo4j.password)
            try:
                store.ensure_schema()
                started = time.perf_counter()
                if experts:
                    seed_demo(store, experts)
                seconds = time.perf_counter() - started if experts else 0.0
                yield BenchStore(store, "neo4j", neo4j, seconds)
            finally:
                store.close()


@contextmanager
def patient_store(bench: BenchStore) -> Iterator[GraphStore]:
    """The store for Cypher peers that run for minutes at 100,000 experts: the driver sets no
    socket timeout on a running query, so the store itself."""
    yield bench.store


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
