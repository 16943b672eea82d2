"""Cold starts from one checkpoint: N API processes each start their indexes from the newest
checkpoint in a folder, as `talent serve` processes do, and report how long that took and the
memory each holds; all N are alive at once when they are measured, so the pages they share
(the checkpoint's mapped arrays) are counted once in the sum of their proportional sizes (PSS).

Run by bench/scale.py; as a child: `python -m bench.restore --child FOLDER URL USER PASSWORD`
prints one JSON line once its indexes serve, then waits for its standard input to close.
"""

import json
import logging
import subprocess
import sys
import time
from pathlib import Path

import psutil

MIB = 2**20


def child(folder: Path, url: str, user: str, password: str) -> None:
    from graph.neo4j_store import Neo4jStore
    from matching.live import live_indexes
    from talent.snapshot.checkpoint import Checkpoints

    logging.basicConfig(level=logging.INFO, format="restore %(process)d: %(message)s")
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    imported = time.time() - psutil.Process().create_time()
    store = Neo4jStore(url, user, password)
    started = time.perf_counter()
    indexes = live_indexes(store, wait_for_rebuild_s=1000, checkpoints=Checkpoints(folder))
    live = indexes.follower.current()
    seconds = time.perf_counter() - started
    memory = psutil.Process().memory_full_info()
    stats = indexes.follower.stats()
    print(
        json.dumps(
            {
                "experts": len(live.match),
                "restored": stats.restored,
                "rebuilds": stats.rebuilds,
                "imports_s": round(imported, 2),
                "start_s": round(seconds, 2),
                "rss_mib": round(memory.rss / MIB),
                "uss_mib": round(memory.uss / MIB),
                "pss_mib": round(memory.pss / MIB),
            }
        ),
        flush=True,
    )
    sys.stdin.read()
    store.close()


def processes(folder: Path, url: str, user: str, password: str, n: int) -> dict[str, object]:
    """Start `n` processes one after another from the checkpoint in `folder`; once all serve,
    their figures, the wall time from spawn to serving, and their memory together."""
    started: list[tuple[subprocess.Popen[str], float]] = []
    reports: list[dict[str, float]] = []
    try:
        for _ in range(n):
            at = time.perf_counter()
            command = [sys.executable, "-m", "bench.restore", "--child", str(folder)]
            process = subprocess.Popen(
                [*command, url, user, password],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            assert process.stdout is not None
            line = process.stdout.readline()
            if not line:
                raise RuntimeError("a restoring process ended before it served")
            reports.append(json.loads(line) | {"wall_s": round(time.perf_counter() - at, 2)})
            started.append((process, at))
        # Measured again with every process alive: the shared pages are split among them.
        pss = [psutil.Process(p.pid).memory_full_info().pss for p, _ in started]
    finally:
        for process, _ in started:
            if process.stdin is not None:
                process.stdin.close()
            process.wait(timeout=60)
    return {
        "processes": reports,
        "pss_together_mib": round(sum(pss) / MIB),
        "rss_together_mib": sum(int(r["rss_mib"]) for r in reports),
    }


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]), *sys.argv[3:6])
    else:
        raise SystemExit(__doc__)
