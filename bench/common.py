"""What every benchmark shares: a fresh embedded store in a temporary folder (with demo experts
when asked), timing, percentiles and the report."""

import json
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from graph.embedded import EmbeddedServer, close_server, open_server
from graph.falkor import FalkorStore
from talent.demo.seeding import seed_demo

GRAPH = "bench"


@dataclass(frozen=True, slots=True)
class BenchStore:
    store: FalkorStore
    server: EmbeddedServer
    seed_seconds: float  # loading the demo experts; 0 without them


@contextmanager
def temp_store(*, experts: int = 0) -> Iterator[BenchStore]:
    """An embedded server in a temporary folder with its schema and `experts` demo experts;
    stopped and removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="talentgraph-bench-") as folder:
        data_dir = Path(folder)
        server = open_server(data_dir)
        try:
            store = FalkorStore(server.db, GRAPH)
            store.ensure_schema()
            started = time.perf_counter()
            if experts:
                seed_demo(store, experts)
            yield BenchStore(store, server, time.perf_counter() - started if experts else 0.0)
        finally:
            close_server(data_dir)


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
