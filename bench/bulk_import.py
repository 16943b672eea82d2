"""Bulk import of demo experts into a fresh store: wall time and peak memory.

Target (design): 100,000 experts with skills, affiliations and works into the store in
<= 120 s and <= 2 GiB. Peak memory counts this process, its helper processes and the server
(the Neo4j test server's JVM, a child process).
"""

import argparse
import contextlib
import threading
import time

import psutil

from bench.common import report, temp_store
from graph.queries import entities, meta
from talent.demo.seeding import seed_demo


class PeakMemory:
    """Samples the summed resident memory of this process, its children and the server.

    Every 200 ms: walking the process tree more often took measurable CPU from the import.
    """

    def __init__(self, server_pid: int | None) -> None:
        self.me = psutil.Process()
        self.server = self.me if server_pid is None else psutil.Process(server_pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            processes = {self.me, self.server, *self.me.children(recursive=True)}
            total = 0
            for process in processes:
                with contextlib.suppress(psutil.Error):  # a helper may exit between samples
                    total += process.memory_info().rss
            self.peak = max(self.peak, total)
            time.sleep(0.2)

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
    with temp_store() as bench:
        store = bench.store
        with PeakMemory(bench.server.pid) as memory:
            started = time.perf_counter()
            result = seed_demo(store, args.experts, batch=args.batch)
            seconds = time.perf_counter() - started
        counts = {row["label"]: row["n"] for row in store.run(meta.counts())}
        distinct = {
            label: store.run(entities.distinct_ids(label))[0]["n"] for label in ("Expert", "Work")
        }
    report(
        {
            "backend": bench.backend,
            "experts": result["experts"],
            "works": result["works"],
            "nodes": counts,
            "distinct_ids": distinct,
            "counts_agree": distinct == {"Expert": result["experts"], "Work": result["works"]}
            and counts["Expert"] == result["experts"]
            and counts["Work"] == result["works"],
            "seconds": round(seconds, 1),
            "experts_per_second": round(result["experts"] / seconds),
            "peak_rss_mib": round(memory.peak / 2**20),
            "targets": {"seconds": 120, "peak_rss_mib": 2048},
        }
    )


if __name__ == "__main__":
    main()
