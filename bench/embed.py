"""The sentence model's costs: load time, texts per second, peak memory, the backfill of the
works' vectors, and what mixing vectors in costs a match at scale.

1. The model: load (files hashed, session made) and encode title+abstract texts of the demo
   works in batches, as the worker's backfill does; peak RSS of this process.
2. Backfill: `matching.vectors.service.backfill` over a fresh store of `--backfill-experts`
   demo experts (their works read, embedded, stored with their change records), timed; the
   time for 300,000 works is that rate extrapolated (embedding them all here takes hours).
3. Match latency at `--experts` demo experts (about three works each): `POST /roles/{id}/matches`
   as the service runs it (top 50 explained), with every work's vector stored and mixed in,
   against the same ranking with meaning off, in the same run. Computing 300,000 real vectors
   takes hours on 2 cores, so this step stores seeded random unit vectors through the
   production storage path: what a match costs does not depend on the vectors' values. The
   vectors' share of the index's memory is reported.
"""

import argparse
import time

import numpy as np
import psutil

from bench.common import percentiles, report, temp_store, timed
from bench.match import _role
from graph import GraphStore
from graph.query import Query
from matching.cache import IndexCache
from matching.embedding.files import pinned
from matching.embedding.onnx import OnnxEmbedder
from matching.embedding.packing import pack, to_bytes
from matching.embedding.port import Embedder, unit_rows
from matching.evidence import work_text
from matching.models import MatchRequest
from matching.service import top_candidates
from matching.vectors import service
from matching.vectors.repository import Computed, EmbeddingRepository

PAGE = 5_000


def _texts(store: GraphStore, limit: int) -> list[str]:
    rows = store.run(
        Query("MATCH (w:Work) RETURN w.title AS t, w.abstract AS a LIMIT $n", {"n": limit})
    )
    return [work_text(r["t"] or "", r["a"] or "") for r in rows]


def model_costs(store: GraphStore, texts: int) -> dict[str, object]:
    me = psutil.Process()
    before = me.memory_info().rss
    model = OnnxEmbedder(pinned())
    sample = _texts(store, texts)
    seconds, _ = timed(1, lambda: model.encode(sample))
    return {
        "model": model.model_id,
        "dimension": model.dimension,
        "load_seconds": round(model.load_seconds, 2),
        "texts": len(sample),
        "texts_per_second": round(len(sample) / seconds[0], 1),
        "mean_characters": round(float(np.mean([len(t) for t in sample])), 0),
        "rss_growth_mib": round((me.memory_info().rss - before) / 2**20),
        "peak_rss_mib": round(me.memory_info().rss / 2**20),
    }


def backfill_costs(store: GraphStore, model: Embedder) -> dict[str, object]:
    started = time.perf_counter()
    done = service.backfill(store, model, go_on=lambda *_: True)
    seconds = time.perf_counter() - started
    rate = done.embedded / seconds
    return {
        "works": done.seen,
        "embedded": done.embedded,
        "seconds": round(seconds, 1),
        "works_per_second": round(rate, 1),
        "extrapolated_hours_for_300000_works": round(300_000 / rate / 3600, 2),
    }


class _Seeded:
    """Seeded random unit vectors in the model's name: see the module's docstring."""

    def __init__(self, model: Embedder) -> None:
        self.model_id, self.dimension = model.model_id, model.dimension
        self._rng = np.random.default_rng(7)

    def encode(self, texts: list[str], *, queries: bool = False) -> np.ndarray:
        return unit_rows(self._rng.standard_normal((len(texts), self.dimension)))


def store_seeded_vectors(store: GraphStore, model: Embedder) -> tuple[int, float]:
    """Every work given a vector through the production storage path; (works, seconds)."""
    repo = EmbeddingRepository(store)
    seeded = _Seeded(model)
    started = time.perf_counter()
    after, stored = "", 0
    while page := repo.page(after, PAGE):
        packed, scales = pack(seeded.encode([w.title for w in page]))
        computed = [
            Computed(w, service.hash_of(w), to_bytes(row), float(s))
            for w, row, s in zip(page, packed, scales, strict=True)
        ]
        stored += len(repo.store_vectors(computed, model.model_id))
        after = page[-1].id
    return stored, time.perf_counter() - started


def match_costs(store: GraphStore, model: Embedder, runs: int, k: int) -> dict[str, object]:
    role_id = _role(store)
    me = psutil.Process()
    result: dict[str, object] = {}
    for label, embedder in (("meaning off", None), ("meaning on", model)):
        before = me.memory_info().rss
        cache = IndexCache(store, embedder=embedder)
        index = cache.current()
        growth = me.memory_info().rss - before
        request = MatchRequest(k=k)

        def match(cache: IndexCache = cache, request: MatchRequest = request) -> object:
            return top_candidates(store, cache, role_id, request, viewer=None)

        timed(5, match)
        samples, _ = timed(runs, match)
        result[label] = {
            "match_top_k_explained": percentiles(samples),
            "index_build_seconds": round(index.build_seconds, 1),
            "index_rss_growth_mib": round(growth / 2**20),
            "work_author_pairs": len(index.pair_work),
            "pairs_with_vectors": int((index.meaning_scale > 0).sum()),
            "vector_mib": round(
                (index.meaning.nbytes + index.added_meaning.nbytes + index.meaning_scale.nbytes)
                / 2**20,
                1,
            ),
        }
        del cache, index
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--experts", type=int, default=100_000)
    parser.add_argument("--backfill-experts", type=int, default=300)
    parser.add_argument("--texts", type=int, default=500)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--k", type=int, default=50)
    args = parser.parse_args()
    with temp_store(experts=args.backfill_experts) as small:
        costs = model_costs(small.store, args.texts)
        model = OnnxEmbedder(pinned())
        backfill = backfill_costs(small.store, model)
    print(costs, backfill, flush=True)
    with temp_store(experts=args.experts) as big:
        stored, seconds = store_seeded_vectors(big.store, model)
        matching = match_costs(big.store, model, args.runs, args.k)
    report(
        {
            "model": costs,
            "backfill": backfill,
            "experts": args.experts,
            "seed_seconds": round(big.seed_seconds, 1),
            "vectors_stored": stored,
            "vector_store_seconds": round(seconds, 1),
            "match": matching,
            "targets": {"match_p95_ms_at_100000": 50},
        }
    )


if __name__ == "__main__":
    main()
