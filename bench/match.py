"""Ranking latency at scale: the in-memory index against the same ranking as one Cypher query.

Loads demo experts into a fresh store (a throwaway Neo4j 5 server),
describes a chief-engineer role, then times (1) `POST /roles/{id}/matches` as the service runs
it, top 50 with explanations and the graph round trips for names, (2) the single-query
reference ranking on the same store, and (3) what a developer would write instead of an
index: a Cypher prefilter on the must-have skills and the other hard constraints, with the
scoring in Python (bench/prefilter.py; the taxonomy's links kept between requests). Both
peers leave out the text evidence and so do less work; all three rankings are compared
without it: their top 50 must be the same.

Targets (design): p50 <= 20 ms, p95 <= 50 ms at 100,000 experts, >= 20x faster than each peer.
"""

import argparse
import json
from datetime import date

import psutil

from bench import prefilter
from bench.baselines import reference_query
from bench.common import (
    BenchStore,
    patient_store,
    percentiles,
    report,
    temp_store,
    timed,
)
from graph import GraphStore
from matching.cache import IndexCache
from matching.models import MatchRequest
from matching.profiles import WeightOverride, profile_for
from matching.service import load_role, run_ranking, top_candidates
from talent.audit.log import Actor
from talent.resources import service
from talent.resources.catalog import ORGANIZATION, PROGRAMME, ROLE
from talent.resources.models import ProgrammeCreate, Requirement, RoleConstraints, RoleCreate
from talent.resources.repository import ResourceRepository

DESCRIPTION = (
    "Lead the architecture and delivery of the national deep learning platform: training "
    "large neural networks for Vietnamese speech recognition and computer vision, "
    "federated learning across hospitals, and efficient inference on edge AI chips."
)

# Who the audit trail names for the benchmark's own writes.
BENCH = Actor(id="bench", role="system")


def _role(store: GraphStore) -> str:
    orgs = ResourceRepository(store, ORGANIZATION).page(after="", limit=4)
    programme = service.create(
        repo=ResourceRepository(store, PROGRAMME),
        item=ProgrammeCreate(name="Nền tảng AI quốc gia", contractor_ids=[orgs[0].id, orgs[1].id]),
        actor=BENCH,
    )
    requirements = [
        Requirement(skill_id="machine-learning", weight=1, min_level=3, must=True),
        Requirement(skill_id="deep-learning", weight=0.8, min_level=2),
        Requirement(skill_id="computer-vision", weight=0.5, min_level=2),
        Requirement(skill_id="speech-recognition", weight=0.5, min_level=2),
    ]
    role = service.create(
        repo=ResourceRepository(store, ROLE),
        item=RoleCreate(
            programme_id=programme.id,
            kind="chief_engineer",
            title="Chief engineer, national AI platform",
            description=DESCRIPTION,
            requirements=requirements,
            constraints=RoleConstraints(languages=["vi"], min_years=5),
        ),
        actor=BENCH,
    )
    return str(role.id)


def _reference(
    bench: BenchStore, cache: IndexCache, role_id: str, k: int, runs: int
) -> tuple[list[float], bool]:
    """Timings of the single-query ranking, and whether its top k is the index's without the
    text evidence."""
    no_text = WeightOverride(evidence=0)
    spec, context = load_role(bench.store, cache.current(), role_id)
    query = reference_query(spec, context, profile_for(spec.kind, no_text), today=date.today(), k=k)
    # One run takes minutes at 100,000: no socket timeout.
    with patient_store(bench) as patient:
        samples, reference = timed(runs, lambda: patient.run(query))
    ours = top_candidates(
        bench.store, cache, role_id, MatchRequest(k=k, weights=no_text), viewer=None
    )
    return samples, [i.expert_id for i in ours.items] == [row["id"] for row in reference]


def _prefilter(
    bench: BenchStore, cache: IndexCache, role_id: str, k: int, runs: int
) -> tuple[list[float], bool]:
    """Timings of the prefilter-and-Python peer, and whether its top k is the index's without
    the text evidence."""
    no_text = WeightOverride(evidence=0)
    index = cache.current()
    spec, context = load_role(bench.store, index, role_id)
    profile = profile_for(spec.kind, no_text)
    peer = prefilter.Peer(skills=index.skill_graph)
    today = date.today()
    with patient_store(bench) as patient:
        samples, found = timed(
            runs, lambda: prefilter.rank(patient, peer, spec, context, profile, today=today, k=k)
        )
    ours = top_candidates(
        bench.store, cache, role_id, MatchRequest(k=k, weights=no_text), viewer=None
    )
    return samples, [i.expert_id for i in ours.items] == found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--experts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200, help="timed index rankings")
    parser.add_argument("--baseline-runs", type=int, default=5, help="timed Cypher rankings")
    parser.add_argument("--k", type=int, default=50)
    args = parser.parse_args()
    me = psutil.Process()
    with temp_store(experts=args.experts) as bench:
        store = bench.store
        role_id = _role(store)
        cache = IndexCache(store)
        rss_before = me.memory_info().rss
        index = cache.current()
        index_rss = me.memory_info().rss - rss_before
        request = MatchRequest(k=args.k)
        timed(5, lambda: top_candidates(store, cache, role_id, request, viewer=None))  # warm-up
        samples, result = timed(
            args.runs, lambda: top_candidates(store, cache, role_id, request, viewer=None)
        )
        rank_only, _ = timed(
            args.runs, lambda: run_ranking(store, cache, role_id, None).ranking.top(args.k)
        )
        print(json.dumps({"index": percentiles(samples)}), flush=True)
        baseline, same_top_k = _reference(bench, cache, role_id, args.k, args.baseline_runs)
        peer, peer_same = _prefilter(bench, cache, role_id, args.k, args.baseline_runs)
    index_stats = percentiles(samples)
    baseline_stats = percentiles(baseline)
    report(
        {
            "backend": bench.backend,
            "experts": len(index),
            "work_authors": len(index.pair_work),
            "seed_seconds": round(bench.seed_seconds, 1),
            "index_build_seconds": round(index.build_seconds, 1),
            "index_rss_mib": round(index_rss / 2**20),
            "candidates": result.candidates,
            "excluded": result.excluded.model_dump(),
            "index_match_top_k_explained": index_stats,
            "index_rank_only": percentiles(rank_only),
            "single_cypher_query": baseline_stats,
            "speed_ratio_p50": round(baseline_stats["p50_ms"] / index_stats["p50_ms"], 1),
            "same_top_k_without_text": same_top_k,
            "cypher_prefilter_python_scoring": percentiles(peer),
            "prefilter_speed_ratio_p50": round(
                percentiles(peer)["p50_ms"] / index_stats["p50_ms"], 1
            ),
            "prefilter_same_top_k_without_text": peer_same,
            "targets": {"p50_ms": 20, "p95_ms": 50, "speed_ratio": 20},
        }
    )


if __name__ == "__main__":
    main()
