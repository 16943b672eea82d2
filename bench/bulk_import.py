"""Bulk import of demo experts into a fresh embedded store: wall time and peak memory.

Target (design): 100,000 experts with skills, affiliations and works in <= 120 s and <= 2 GiB.
Peak memory counts this process and the embedded redis-server.
"""

import argparse
import json
import tempfile
import threading
import time
from pathlib import Path

import psutil

from graph.embedded import close_server, open_server
from graph.falkor import FalkorStore
from graph.queries import meta
from talent.seeding import seed_demo


class PeakMemory:
    """Samples the resident memory of this process and the server every 50 ms."""

    def __init__(self, pids: list[int]) -> None:
        self.processes = [psutil.Process(pid) for pid in pids]
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(p.memory_info().rss for p in self.processes))
            time.sleep(0.05)

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--experts", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="talentgraph-bench-") as folder:
        data_dir = Path(folder)
        server = open_server(data_dir)
        store = FalkorStore(server.db, "bench")
        store.ensure_schema()
        with PeakMemory([psutil.Process().pid, server.pid]) as memory:
            started = time.perf_counter()
            result = seed_demo(store, args.experts, batch=args.batch)
            seconds = time.perf_counter() - started
        counts = {row["label"]: row["n"] for row in store.run(meta.counts())}
        close_server(data_dir)
    report = {
        "experts": result["experts"],
        "works": result["works"],
        "nodes": counts,
        "seconds": round(seconds, 1),
        "experts_per_second": round(result["experts"] / seconds),
        "peak_rss_mib": round(memory.peak / 2**20),
        "targets": {"seconds": 120, "peak_rss_mib": 2048},
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
