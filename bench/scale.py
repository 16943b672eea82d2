"""One machine at scale: import, every in-memory index, ranking and name search, in one process.

Loads `--experts` demo experts into a fresh store (import time and experts a second),
reads the snapshot a process starts from and builds the matching, search and duplicate indexes
from it (seconds of the read and of each build; memory by tracemalloc, in a second, traced read
and build: what each step left allocated and what the indexes hold once the rows are let go;
beside it the process's resident-size growth over the first, which counts what the allocator
keeps), then times a chief-engineer match, top 50 explained (bench/match.py's role and call),
and fuzzy name searches typed the ways ministries type them (bench/search.py's).

With `--processes N` (2 by default) the live follower's own full build writes a checkpoint
(seconds, size), and N processes then start from it (bench/restore.py: seconds to serve, the
memory of each and of all together, their mapped arrays counted once). The peak resident size
of this process, before the traced build, closes the report; the Neo4j server's JVM, a process
of its own, is reported beside it.

Targets (design, one million experts): match p95 <= 50 ms, name search p95 <= 20 ms, indexes
<= 3 GiB together, import <= 20 min; at 100,000: indexes built in <= 20 s, <= 300 MiB.
"""

import argparse
import gc
import random
import resource
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import psutil

from bench import restore
from bench.common import BenchStore, percentiles, report, temp_store, timed
from bench.match import _role
from bench.search import _name_queries, _name_searches
from graph import GraphStore
from matching.build import build_index as build_match_index
from matching.cache import Fixed, IndexCache
from matching.index import MatchIndex
from matching.live import live_indexes
from matching.models import MatchRequest
from matching.service import top_candidates
from talent.duplicates.checker import build_duplicates
from talent.search.index import SearchIndex, Shared
from talent.search.index import build_index as build_search_index
from talent.snapshot.checkpoint import Checkpoints
from talent.snapshot.repository import SnapshotRepository
from talent.snapshot.rows import Rows, Taxonomy

MIB = 2**20
REVISION = "bench"
Step = Callable[[Taxonomy, Rows, dict[str, object]], object]


def _search(taxonomy: Taxonomy, rows: Rows, built: dict[str, object]) -> SearchIndex:
    """The search index on the matching index's order of experts and skill levels, as a
    process's live indexes share them."""
    match = built["matching"]
    assert isinstance(match, MatchIndex)
    shared = Shared(match.ids, match.position, match.skills)
    return build_search_index(taxonomy, rows, shared, REVISION)


# Each view of one snapshot read, in the order a process builds them.
STEPS: dict[str, Step] = {
    "matching": lambda taxonomy, rows, _: build_match_index(taxonomy, rows, REVISION),
    "search": _search,
    "duplicates": lambda _, rows, __: build_duplicates(rows),
}


def _read(store: GraphStore) -> tuple[Taxonomy, Rows]:
    repo = SnapshotRepository(store)
    return repo.taxonomy(), repo.rows()


def _build_indexes(store: GraphStore) -> dict[str, object]:
    """Every in-memory index of a process, from one read of the store, and the seconds of the
    read and of each build."""
    started = time.perf_counter()
    taxonomy, rows = _read(store)
    seconds = {"read": round(time.perf_counter() - started, 2)}
    built: dict[str, object] = {}
    for name, step in STEPS.items():
        started = time.perf_counter()
        built[name] = step(taxonomy, rows, built)
        seconds[name] = round(time.perf_counter() - started, 2)
    return built | {"seconds": seconds}


def _traced_mib(store: GraphStore) -> dict[str, dict[str, float]]:
    """By tracemalloc, in a second read and build (traced, it runs slower: its seconds are not
    reported): per step, the MiB it left allocated and the most it added at its peak; and
    what the indexes hold together once the read's rows are let go."""
    gc.collect()
    tracemalloc.start()
    try:
        taxonomy, rows = _read(store)
        held, peak = tracemalloc.get_traced_memory()
        traced = {"read": {"held_mib": round(held / MIB, 1), "peak_mib": round(peak / MIB, 1)}}
        built: dict[str, object] = {}
        for name, step in STEPS.items():
            before = tracemalloc.get_traced_memory()[0]
            tracemalloc.reset_peak()
            built[name] = step(taxonomy, rows, built)
            held, peak = tracemalloc.get_traced_memory()
            traced[name] = {
                "held_mib": round((held - before) / MIB, 1),
                "peak_mib": round((peak - before) / MIB, 1),
            }
        del taxonomy, rows
        gc.collect()
        together = tracemalloc.get_traced_memory()[0]
        traced["indexes_without_rows"] = {"held_mib": round(together / MIB, 1)}
        del built
    finally:
        tracemalloc.stop()
    return traced


def _match_latency(
    store: GraphStore, index: MatchIndex, role_id: str, k: int, runs: int
) -> dict[str, float]:
    """`POST /roles/{id}/matches` as the service runs it, on the index built above."""
    cache = IndexCache(store, source=Fixed(index))
    request = MatchRequest(k=k)
    timed(5, lambda: top_candidates(store, cache, role_id, request, viewer=None))  # warm-up
    samples, _ = timed(runs, lambda: top_candidates(store, cache, role_id, request, viewer=None))
    return percentiles(samples)


def _checkpoint(bench: BenchStore, args: argparse.Namespace) -> dict[str, object]:
    """A full build by the live follower, its checkpoint written (seconds, size on disk), then
    `--processes` cold starts from it, each a process of its own."""
    with tempfile.TemporaryDirectory(prefix="talentgraph-checkpoints-") as folder:
        indexes = live_indexes(
            bench.store, wait_for_rebuild_s=1000, checkpoints=Checkpoints(Path(folder))
        )
        started = time.perf_counter()
        indexes.follower.current()
        built = time.perf_counter() - started
        saves = indexes.follower.saves
        assert saves is not None
        started = time.perf_counter()
        saves.wait()
        [written] = Checkpoints(Path(folder)).folders()
        size = sum(f.stat().st_size for f in written.iterdir())
        figures: dict[str, object] = {
            "full_build_s": round(built, 2),
            "write_s_after_build": round(time.perf_counter() - started, 2),
            "size_mib": round(size / MIB),
            "arrays_mib": round((written / "arrays.bin").stat().st_size / MIB),
        }
        del indexes, saves
        gc.collect()
        server = bench.server
        figures |= restore.processes(
            Path(folder), server.url, server.user, server.password, args.processes
        )
    return figures


def _measure(bench: BenchStore, args: argparse.Namespace) -> dict[str, object]:
    store = bench.store
    role_id = _role(store)  # before the build: the indexes see the graph as timed
    checkpoint = _checkpoint(bench, args) if args.processes else None
    me = psutil.Process()
    gc.collect()
    rss_before = me.memory_info().rss
    built = _build_indexes(store)
    rss_growth = me.memory_info().rss - rss_before
    match_index, search_index, seconds = built["matching"], built["search"], built["seconds"]
    assert isinstance(match_index, MatchIndex)
    assert isinstance(search_index, SearchIndex)
    assert isinstance(seconds, dict)
    experts = len(match_index)
    match = _match_latency(store, match_index, role_id, args.k, args.runs)
    queries = _name_queries(search_index, args.runs, random.Random(args.seed))
    name_samples, recall = _name_searches(search_index, queries)
    # Before the traced builds, which hold a second copy of every index for a while.
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    del built, match_index, search_index
    traced = None if args.no_trace else _traced_mib(store)
    server_rss = psutil.Process(bench.server.pid).memory_info().rss if bench.server.pid else 0
    return {
        "experts": experts,
        "seed_seconds": round(bench.seed_seconds, 1),
        "seed_experts_per_s": round(args.experts / max(bench.seed_seconds, 1e-9)),
        "index_build_seconds": seconds | {"total": round(sum(seconds.values()), 2)},
        "checkpoint": checkpoint,
        "index_rss_growth_mib": round(rss_growth / MIB),
        "index_memory_tracemalloc": traced,
        "match_top_k_explained": match,
        "name_search": percentiles(name_samples),
        **recall,
        "peak_rss_mib": round(peak_rss / MIB),
        "graph_server_rss_mib": round(server_rss / MIB),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--experts", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=200, help="timed matches and name searches")
    parser.add_argument("--k", type=int, default=50)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument(
        "--no-trace", action="store_true", help="skip the traced builds (memory by RSS only)"
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=2,
        help="processes started from the checkpoint at once (0: no checkpoint)",
    )
    args = parser.parse_args()
    with temp_store(experts=args.experts) as bench:
        figures = _measure(bench, args)
    targets = {"match_p95_ms": 50, "name_p95_ms": 20, "indexes_mib": 3072}
    report(figures | {"targets": targets})


if __name__ == "__main__":
    main()
