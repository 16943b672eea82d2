"""Expert finding on the expertise gold standard: is an expert's affinity comparable across experts?

The paper-ranking loss (bench/expertise.py) compares papers within one expert, so any per-expert
rescaling leaves it unchanged. Two tasks here rank experts against each other instead, each with
plain TF-IDF baselines on the same vectors (sum, max and mean of an expert's work similarities)
computed in the same run, beside the paper-ranking loss of every scorer:

1. Transposed gold standard. For each paper a participant rated with expertise >= 4, rank all
   participants of the copy by affinity to the paper: the rater should come first (MRR, top-3
   rate). No rated paper is in its rater's own archive, but a few are in a co-author's: a work
   whose id or title is the paper's is removed from every archive for that query, since an
   identical text would find its author, not an expert. Ties rank in the middle.
2. Topics. Queries are ACM CCS 2012 concepts (the concept's labels and those of the concepts
   below it, as one description text); the participants relevant to a topic are those with at
   least two works labelled with it by bench/ccs_topics.py, a phrase labeller over the curated
   labels that shares nothing with the scorers (no term weights, stemmer or similarity). Topics
   with fewer than three relevant participants or more than half of them are left out, and
   topics with the same relevant set count once (MAP, MRR). The queries reuse the labels the
   labeller matches, which favours lexical scorers; every scorer here is lexical on the same
   vectors, so the comparison is between ways of pooling an expert's works.

Held out: the evidence fit's pooling (matching/evidence.py) was chosen on copies 1-5, both
tasks; the `held out` table is copies 6-10. The copies differ only in which works were kept, so
the topics are nearly the same in both: the topic task is held out in its archives only.
"""

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from bench.ccs_topics import Topic, labelled, read_topics
from bench.expertise import Gold, evaluate, read_gold
from matching.embedding.cache import CachedEmbedder
from matching.embedding.files import pinned
from matching.embedding.onnx import OnnxEmbedder
from matching.embedding.port import Embedder
from matching.evidence import (
    PAPER_MIX,
    ROLE_MIX,
    TOPIC_MIX,
    Bools,
    EvidenceModel,
    Ints,
    Mix,
    Vector,
    grouped_affinity,
    work_text,
)

Pool = Callable[[Vector, Ints, Ints], Vector]


def _sum(sims: Vector, offsets: Ints, sizes: Ints) -> Vector:
    result: Vector = np.add.reduceat(sims, offsets)
    return result


def _max(sims: Vector, offsets: Ints, sizes: Ints) -> Vector:
    result: Vector = np.maximum.reduceat(sims, offsets)
    return result


def _mean(sims: Vector, offsets: Ints, sizes: Ints) -> Vector:
    result: Vector = np.add.reduceat(sims, offsets) / sizes
    return result


def _max_and_mean(sims: Vector, offsets: Ints, sizes: Ints) -> Vector:
    """The pooling the evidence fit used before (the issue's figures): blind to volume."""
    result: Vector = 0.5 * _max(sims, offsets, sizes) + 0.5 * _mean(sims, offsets, sizes)
    return result


@dataclass(frozen=True, slots=True)
class Scorer:
    """A pooling of each expert's work similarities, the works' words mixed with their meaning
    per task as `mixes` says (transposed, topic, paper); words alone without `mixes`."""

    pool: Pool
    mixes: tuple[Mix, Mix, Mix] | None = None


SCORERS: dict[str, Scorer] = {
    "evidence fit, words and meaning": Scorer(grouped_affinity, (ROLE_MIX, TOPIC_MIX, PAPER_MIX)),
    "meaning alone (MiniLM), evidence-fit pooling": Scorer(grouped_affinity, (Mix(1.0),) * 3),
    "evidence fit, words only": Scorer(grouped_affinity),
    "TF-IDF sum": Scorer(_sum),
    "TF-IDF max": Scorer(_max),
    "TF-IDF mean": Scorer(_mean),
    "earlier fit (0.5 max + 0.5 mean)": Scorer(_max_and_mean),
}
BASELINES = ("TF-IDF sum", "TF-IDF max", "TF-IDF mean")
MINE = "evidence fit, words and meaning"


@dataclass(frozen=True, slots=True)
class Copy:
    experts: list[str]
    work_expert: Ints  # each work's expert position; works grouped by expert
    work_keys: list[tuple[str, str]]  # (id, folded title) of each work
    works: sparse.csr_matrix  # unit TF-IDF vectors of the works
    model: EvidenceModel
    texts: list[str]  # the works' texts
    papers: dict[str, tuple[str, str]]  # id -> (folded title, text)
    embedder: Embedder

    def sims(self, queries: list[str], mix: Mix | None, keep: Bools | None = None) -> Vector:
        """queries x works similarities (of the kept works), words mixed with meaning."""
        works = self.works if keep is None else self.works[keep]
        lexical: Vector = (self.model.vectors(queries) @ works.T).toarray().astype(np.float64)
        if mix is None:
            return lexical
        meaning = self.embedder.encode(self.texts)
        meaning = meaning if keep is None else meaning[keep]
        semantic = (self.embedder.encode(queries, queries=True) @ meaning.T).astype(np.float64)
        has = np.ones(lexical.shape[1], dtype=np.bool_)
        rows = [mix.of(lex, sem, has) for lex, sem in zip(lexical, semantic, strict=True)]
        mixed: Vector = np.stack(rows)
        return mixed


def _fold(title: str) -> str:
    return " ".join(title.lower().split())


def read_copy(folder: Path, embedder: Embedder) -> Copy:
    """Archives and submissions of one copy, with TF-IDF fitted as `talent affinity` fits it."""
    experts, owner, keys, texts = [], [], [], []
    for path in sorted((folder / "archives").glob("*.jsonl")):
        experts.append(path.stem.removeprefix("~"))
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                content = record["content"]
                owner.append(len(experts) - 1)
                keys.append((record["id"], _fold(content.get("title") or "")))
                texts.append(work_text(content.get("title") or "", content.get("abstract") or ""))
    submissions = json.loads((folder / "submissions.json").read_text(encoding="utf-8"))
    papers = {
        pid: (
            _fold(item["content"].get("title") or ""),
            work_text(item["content"].get("title") or "", item["content"].get("abstract") or ""),
        )
        for pid, item in submissions.items()
    }
    model = EvidenceModel(texts + [text for _, text in papers.values()])
    work_expert = np.asarray(owner, dtype=np.int64)
    return Copy(experts, work_expert, keys, model.vectors(texts), model, texts, papers, embedder)


def _pool(pool: Pool, sims: Vector, work_expert: Ints, n: int) -> Vector:
    """Each expert's pooled score over the given works; 0 for an expert without any."""
    sizes = np.bincount(work_expert, minlength=n).astype(np.int64)
    out = np.zeros(n)
    has = sizes > 0
    if has.any():
        offsets = (np.cumsum(sizes) - sizes)[has]
        out[has] = pool(sims, offsets, sizes[has])
    return out


def _rank(scores: Vector, target: int) -> float:
    """The target's rank, ties placed in their middle."""
    higher = float(np.sum(scores > scores[target]))
    ties = float(np.sum(scores == scores[target])) - 1
    return 1 + higher + ties / 2


def transposed(copy: Copy, gold: Gold, pool: Pool, mix: Mix | None) -> tuple[float, float]:
    """MRR and top-3 rate of the rater over the papers they rated >= 4."""
    position = {e: k for k, e in enumerate(copy.experts)}
    reciprocal, top3 = [], []
    for rater, ratings in gold.items():
        for paper, expertise in ratings.items():
            if expertise < 4:
                continue
            title, text = copy.papers[paper]
            keep = np.asarray([k != paper and t != title for k, t in copy.work_keys], dtype=bool)
            sims = copy.sims([text], mix, keep)[0]
            scores = _pool(pool, sims, copy.work_expert[keep], len(position))
            rank = _rank(scores, position[rater])
            reciprocal.append(1 / rank)
            top3.append(rank <= 3)
    return float(np.mean(reciprocal)), float(np.mean(top3))


def topic_queries(
    copy: Copy, topics: list[Topic], labels: dict[str, set[int]]
) -> list[tuple[Topic, set[int]]]:
    """Topics with their relevant experts (>= 2 labelled works), as the docstring says."""
    n = len(copy.experts)
    chosen: list[tuple[Topic, set[int]]] = []
    seen: set[frozenset[int]] = set()
    candidates = [t for t in topics if t.depth >= 1 and t.phrases]
    for topic in candidates:
        hits = np.bincount(copy.work_expert[sorted(labels[topic.id])], minlength=n)
        relevant = frozenset(int(e) for e in np.flatnonzero(hits >= 2))
        if 3 <= len(relevant) <= n // 2 and relevant not in seen:
            seen.add(relevant)
            chosen.append((topic, set(relevant)))
    return chosen


def _average_precision(scores: Vector, relevant: set[int]) -> tuple[float, float]:
    order = sorted(range(len(scores)), key=lambda e: (-scores[e], e))
    found, precision = 0, 0.0
    first = 0.0
    for rank, expert in enumerate(order, 1):
        if expert in relevant:
            found += 1
            precision += found / rank
            first = first or 1 / rank
    return precision / len(relevant), first


def topic_task(
    copy: Copy, queries: list[tuple[Topic, set[int]]], pool: Pool, mix: Mix | None
) -> tuple[float, float]:
    """MAP and MRR over the topic queries."""
    if not queries:
        return 0.0, 0.0
    sims_all = copy.sims([t.description for t, _ in queries], mix)
    results = [
        _average_precision(_pool(pool, sims, copy.work_expert, len(copy.experts)), relevant)
        for sims, (_, relevant) in zip(sims_all, queries, strict=True)
    ]
    return float(np.mean([r[0] for r in results])), float(np.mean([r[1] for r in results]))


def paper_loss(copy: Copy, gold: Gold, pool: Pool, mix: Mix | None) -> float:
    """The paper-ranking loss of bench/expertise.py with this pooling."""
    ids = list(copy.papers)
    sims_all = copy.sims([copy.papers[p][1] for p in ids], mix)
    scores = np.stack([_pool(pool, s, copy.work_expert, len(copy.experts)) for s in sims_all])
    predicted = {
        e: {p: float(scores[i, k]) for i, p in enumerate(ids)} for k, e in enumerate(copy.experts)
    }
    return evaluate(predicted, gold).loss


def _table(title: str, columns: list[str], rows: dict[str, list[float]]) -> None:
    print(f"\n{title}\n| scorer | {' | '.join(columns)} |\n|---|{'---|' * len(columns)}")
    for name, values in rows.items():
        print(f"| {name} | {' | '.join(f'{v:.3f}' for v in values)} |")


def run(
    data: Path, taxonomy: Path, embedder: Embedder, scorers: dict[str, Scorer]
) -> dict[str, dict[int, list[float]]]:
    """Per scorer, per copy: transposed MRR, top-3 rate, topic MAP, MRR, paper-ranking loss."""
    gold = read_gold(data / "evaluations.csv")
    topics = read_topics(taxonomy)
    table: dict[str, dict[int, list[float]]] = {name: {} for name in scorers}
    for n in range(1, 11):
        copy = read_copy(data / f"d_20_{n}", embedder)
        queries = topic_queries(copy, topics, labelled(copy.texts, topics))
        for name, scorer in scorers.items():
            role, topic, paper = scorer.mixes or (None, None, None)
            row = [*transposed(copy, gold, scorer.pool, role)]
            row += [*topic_task(copy, queries, scorer.pool, topic)]
            table[name][n] = [*row, paper_loss(copy, gold, scorer.pool, paper)]
        print(f"copy {n:2}: {len(queries)} topics", file=sys.stderr)
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", type=Path, help="the expertise gold standard folder")
    parser.add_argument("taxonomy", type=Path, help="the ACM CCS 2012 SKOS XML file")
    parser.add_argument(
        "--vector-cache", type=Path, help="an .npz file keeping the texts' vectors between runs"
    )
    parser.add_argument(
        "--shares",
        type=lambda text: [Mix(*(float(v) for v in x.split(":"))) for x in text.split(",")],
        default=[],
        help="also score with these mixes in every task, share[:floor] (tuning: 0.2,0.3:0.2)",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    model = OnnxEmbedder(pinned())
    embedder = CachedEmbedder(model, args.vector_cache) if args.vector_cache else model
    scorers = dict(SCORERS)
    for mix in args.shares:
        name = f"words and meaning, share {mix.semantic}, floor {mix.floor}"
        scorers[name] = Scorer(grouped_affinity, (mix,) * 3)
    try:
        table = run(args.data, args.taxonomy, embedder, scorers)
    finally:
        if isinstance(embedder, CachedEmbedder):
            embedder.save()
    columns = ["transposed MRR", "top-3", "topic MAP", "topic MRR", "paper loss"]
    for label, copies in (
        ("tuning", range(1, 6)),
        ("held out", range(6, 11)),
        ("all", range(1, 11)),
    ):
        rows = {
            name: list(np.asarray([per_copy[n] for n in copies]).mean(axis=0))
            for name, per_copy in table.items()
        }
        _table(f"{label}: copies {copies.start}-{copies.stop - 1}", columns, rows)
        mine, best = rows[MINE][0], max(rows[b][0] for b in BASELINES)
        print(f"transposed MRR: {mine / best:.2f}x the best TF-IDF baseline")
        print(f"topic MAP: {rows[MINE][2] / rows['TF-IDF sum'][2]:.2f}x TF-IDF sum")
    print(f"\n10 copies in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
