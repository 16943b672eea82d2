"""Roles written in English and in Vietnamese against real English publications.

The set (`bench/data/bilingual_roles.json`) holds forty roles, each written twice as a
programme lead would write it, once in English and once in Vietnamese, without the taxonomy's
labels in view. Each role targets one topic of the ACM CCS 2012, and its relevant experts are
the expertise gold standard's participants with at least two works that the phrase labeller of
bench/ccs_topics.py labels with that topic in copy 1 (`relevance`, below): a rule that shares
nothing with the scorers. The file keeps only the topic's id, the participants' ids and the
role texts; the publications are read from the gold standard at run time, never copied.

Each role ranks every participant of a copy by the affinity of their works to the role's text,
pooled as matching pools it (`grouped_affinity`), with:
  words: TF-IDF over the works, as the matching index fits it;
  words+concepts: the same with the bundled taxonomy's concept terms;
  +meaning: words+concepts mixed per work with the sentence model's cosine (`ROLE_MIX`);
  +crossing: the same with the role text passed through the cross-language glossary first
    (both languages; the row is left out where the glossary is not there);
  meaning only: the sentence model alone, for reference;
  random order: what chance gives with these relevant sets, for reference.
Reported over the copies asked for: MAP and MRR of the relevant experts in English and in
Vietnamese, their ratio, and how many roles keep at least 0.9 of their English average
precision in Vietnamese. Experts tied with a relevant one rank above it (a tie counts against
the role), so a scorer that sees nothing in a text scores low, not at chance.

    python -m bench.bilingual_roles [--data ../shared/data/expertise-goldstandard]
        [--vector-cache build/bench-vectors.npz] [--copies 1 2 ...] [--per-role]
"""

import argparse
import importlib
import json
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict, cast

import numpy as np
from scipy import sparse

from bench.bilingual import tagger
from bench.ccs_topics import labelled, read_topics
from matching.affinity import read_archives
from matching.build import MAX_DOCUMENT_FREQUENCY
from matching.embedding.port import Embedder
from matching.evidence import ROLE_MIX, EvidenceModel, Ints, Mix, Vector, grouped_affinity

DATA = Path(__file__).parent / "data" / "bilingual_roles.json"
GOLD = Path("../shared/data/expertise-goldstandard")  # relative to the repository's root
VECTOR_CACHE = Path("build/bench-vectors.npz")
LANGUAGES = ("en", "vi")
RELEVANCE_COPY = "d_20_1"
MIN_LABELLED_WORKS = 2
KEPT = 0.9  # the bar: a Vietnamese role keeps 0.9 of its English MAP
RUN = 12  # words in a row that count as copied text

Crossing = Callable[[str], str]


class Role(TypedDict):
    id: str
    topic: str  # an ACM CCS 2012 concept id
    relevant: list[str]  # gold-standard participant ids
    en: str
    vi: str


def read_roles(path: Path = DATA) -> list[Role]:
    roles: list[Role] = json.loads(path.read_text(encoding="utf-8"))["roles"]
    return roles


@dataclass(frozen=True, slots=True)
class Copy:
    """One copy of the gold standard's archives, works grouped by participant."""

    experts: list[str]
    texts: list[str]
    work_expert: Ints  # each work's participant position


def read_copy(folder: Path) -> Copy:
    archives = read_archives(folder / "archives")
    experts = list(archives)
    owner = [k for k, e in enumerate(experts) for _ in archives[e]]
    texts = [text for e in experts for text in archives[e]]
    return Copy(experts, texts, np.asarray(owner, dtype=np.int64))


# ---- relevance and metrics


def relevance(gold: Path, taxonomy: Path, topic_ids: Iterable[str]) -> dict[str, list[str]]:
    """Each topic's relevant participants, as the set's file records them: those with at least
    MIN_LABELLED_WORKS works of copy 1 that the CCS phrase labeller labels with the topic."""
    wanted = set(topic_ids)
    topics = [t for t in read_topics(taxonomy) if t.id in wanted]
    copy = read_copy(gold / RELEVANCE_COPY)
    found = labelled(copy.texts, topics)
    result = {}
    for topic in topics:
        hits = np.bincount(copy.work_expert[sorted(found[topic.id])], minlength=len(copy.experts))
        result[topic.id] = sorted(
            copy.experts[e] for e in np.flatnonzero(hits >= MIN_LABELLED_WORKS)
        )
    return result


def _order(scores: Vector, relevant: set[int]) -> Ints:
    """Experts best first; among equal scores the irrelevant ones first (a tie counts against)."""
    flags = np.asarray([k in relevant for k in range(len(scores))])
    order: Ints = np.lexsort((flags, -scores))
    return order


def average_precision(scores: Vector, relevant: set[int]) -> float:
    """Mean over the relevant experts of the precision at each one's rank."""
    hits = np.isin(_order(scores, relevant), list(relevant))
    ranks = np.flatnonzero(hits) + 1
    return float(np.mean(np.arange(1, len(ranks) + 1) / ranks)) if len(ranks) else 0.0


def reciprocal_rank(scores: Vector, relevant: set[int]) -> float:
    hits = np.flatnonzero(np.isin(_order(scores, relevant), list(relevant)))
    return 1.0 / (hits[0] + 1) if len(hits) else 0.0


@dataclass(frozen=True, slots=True)
class Summary:
    map: dict[str, float]  # language -> MAP
    mrr: dict[str, float]
    kept: int  # roles whose Vietnamese AP is at least KEPT x their English AP
    roles: int

    def ratio(self, measure: dict[str, float]) -> float:
        return measure["vi"] / measure["en"] if measure["en"] else float("nan")


def summarise(ap: dict[str, list[float]], rr: dict[str, list[float]]) -> Summary:
    """Per-role average precision and reciprocal rank (in each language, same role order)."""
    kept = sum(vi >= KEPT * en for en, vi in zip(ap["en"], ap["vi"], strict=True))
    return Summary(
        {lang: float(np.mean(ap[lang])) for lang in LANGUAGES},
        {lang: float(np.mean(rr[lang])) for lang in LANGUAGES},
        kept,
        len(ap["en"]),
    )


def chance(roles: list[Role], experts: int, draws: int = 200) -> Summary:
    """What a random order of the experts scores (the same in both languages), for reference."""
    rng = np.random.default_rng(0)
    ap, rr = [], []
    for role in roles:
        relevant = set(range(len(role["relevant"])))
        samples = [rng.random(experts) for _ in range(draws)]
        ap.append(float(np.mean([average_precision(s, relevant) for s in samples])))
        rr.append(float(np.mean([reciprocal_rank(s, relevant) for s in samples])))
    return summarise({"en": ap, "vi": ap}, {"en": rr, "vi": rr})


def copied_runs(texts: Iterable[str], sources: Iterable[str], run: int = RUN) -> set[str]:
    """Runs of `run` words (lower case, punctuation ignored) a text shares with any source."""
    seen: set[tuple[str, ...]] = set()
    for source in sources:
        words = tuple(re.findall(r"\w+", source.lower()))
        seen.update(words[k : k + run] for k in range(len(words) - run + 1))
    shared: set[str] = set()
    for text in texts:
        words = tuple(re.findall(r"\w+", text.lower()))
        runs = (words[k : k + run] for k in range(len(words) - run + 1))
        shared.update(" ".join(r) for r in runs if r in seen)
    return shared


# ---- scoring


def for_meaning(text: str) -> str:
    module = importlib.import_module("matching.crossing.gloss")
    read: str = module.for_meaning(text)
    return read


def crossing() -> Crossing | None:
    """The cross-language glossary's query rewrite, where that module exists."""
    try:
        module = importlib.import_module("matching.crossing.gloss")
    except ImportError:
        return None
    return cast(Crossing, module.crossed)


def _pooled(sims: Vector, work_expert: Ints, n: int) -> Vector:
    """Each expert's affinity over their works (grouped by expert); 0 for one without any."""
    sizes = np.bincount(work_expert, minlength=n).astype(np.int64)
    out = np.zeros(n)
    has = sizes > 0
    if has.any():
        out[has] = grouped_affinity(sims, (np.cumsum(sizes) - sizes)[has], sizes[has])
    return out


@dataclass(frozen=True, slots=True)
class Scorer:
    name: str
    concepts: bool  # the taxonomy's concept terms in the lexical vectors
    mix: Mix | None  # None: words alone
    crossed: bool = False  # the role text through the glossary first


SCORERS = (
    Scorer("words (TF-IDF)", concepts=False, mix=None),
    Scorer("words+concepts", concepts=True, mix=None),
    Scorer("words+concepts+meaning", concepts=True, mix=ROLE_MIX),
    Scorer("words+concepts+meaning+crossing", concepts=True, mix=ROLE_MIX, crossed=True),
    Scorer("meaning only", concepts=False, mix=Mix(semantic=1.0)),
)


@dataclass(slots=True)
class Scoring:
    """What one copy shares between scorers: its works' vectors, fitted once."""

    copy: Copy
    embedder: Embedder
    words: tuple[EvidenceModel, sparse.csr_matrix]
    concepts: tuple[EvidenceModel, sparse.csr_matrix]
    meaning: np.ndarray

    @classmethod
    def of(cls, copy: Copy, embedder: Embedder) -> "Scoring":
        plain = EvidenceModel(copy.texts, max_df=MAX_DOCUMENT_FREQUENCY)
        tagged = EvidenceModel(copy.texts, max_df=MAX_DOCUMENT_FREQUENCY, concepts=tagger())
        return cls(
            copy,
            embedder,
            (plain, plain.corpus_vectors()),
            (tagged, tagged.corpus_vectors()),
            embedder.encode(copy.texts),
        )

    def scores(
        self, scorer: Scorer, texts: Sequence[str], meant: Sequence[str] | None = None
    ) -> list[Vector]:
        """Each text's affinity of every participant; `meant`: what the model reads of each
        text, where that is not the text itself."""
        model, works = self.concepts if scorer.concepts else self.words
        lexical = np.asarray((model.vectors(texts) @ works.T).todense(), dtype=np.float64)
        sims = lexical
        if scorer.mix is not None:
            read = texts if meant is None else meant
            meaning = (self.embedder.encode(read, queries=True) @ self.meaning.T).astype(np.float64)
            has = np.ones(len(self.copy.texts), dtype=np.bool_)
            sims = np.stack(
                [scorer.mix.of(w, m, has) for w, m in zip(lexical, meaning, strict=True)]
            )
        n = len(self.copy.experts)
        return [_pooled(row, self.copy.work_expert, n) for row in sims]


def run(
    gold: Path, roles: list[Role], embedder: Embedder, copies: Sequence[int]
) -> dict[str, tuple[dict[str, list[float]], dict[str, list[float]]]]:
    """Per scorer: per language, each role's AP and RR, averaged over the copies."""
    cross = crossing()
    scorers = [s for s in SCORERS if cross is not None or not s.crossed]
    ap = {s.name: {lang: np.zeros(len(roles)) for lang in LANGUAGES} for s in scorers}
    rr = {s.name: {lang: np.zeros(len(roles)) for lang in LANGUAGES} for s in scorers}
    for n in copies:
        started = time.perf_counter()
        scoring = Scoring.of(read_copy(gold / f"d_20_{n}"), embedder)
        position = {e: k for k, e in enumerate(scoring.copy.experts)}
        relevant = [{position[p] for p in role["relevant"]} for role in roles]
        for scorer in scorers:
            for lang in LANGUAGES:
                texts = [role[lang] for role in roles]  # type: ignore[literal-required]
                meant = None
                if scorer.crossed and cross is not None:
                    # As the matching index reads a query (MatchIndex.query_vector, _meaning).
                    meant = [for_meaning(text) for text in texts]
                    texts = [cross(text) for text in texts]
                for k, scores in enumerate(scoring.scores(scorer, texts, meant)):
                    ap[scorer.name][lang][k] += average_precision(scores, relevant[k]) / len(copies)
                    rr[scorer.name][lang][k] += reciprocal_rank(scores, relevant[k]) / len(copies)
        print(f"copy {n}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return {
        name: (
            {lang: list(ap[name][lang]) for lang in LANGUAGES},
            {lang: list(rr[name][lang]) for lang in LANGUAGES},
        )
        for name in ap
    }


def table(results: dict[str, Summary]) -> str:
    lines = [
        "| scorer | MAP en | MAP vi | vi/en | MRR en | MRR vi | vi/en | roles vi >= 0.9 en |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, s in results.items():
        lines.append(
            f"| {name} | {s.map['en']:.3f} | {s.map['vi']:.3f} | {s.ratio(s.map):.2f} "
            f"| {s.mrr['en']:.3f} | {s.mrr['vi']:.3f} | {s.ratio(s.mrr):.2f} "
            f"| {s.kept}/{s.roles} |"
        )
    return "\n".join(lines)


def _embedder(cache: Path | None) -> tuple[Embedder, Callable[[], None]]:
    from matching.embedding.cache import CachedEmbedder
    from matching.embedding.files import pinned
    from matching.embedding.onnx import OnnxEmbedder

    model = OnnxEmbedder(pinned())
    if cache is None:
        return model, lambda: None
    cache.parent.mkdir(parents=True, exist_ok=True)
    cached = CachedEmbedder(model, cache)
    return cached, cached.save


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=GOLD, help="the expertise gold standard")
    parser.add_argument("--roles", type=Path, default=DATA, help="the role set (JSON)")
    parser.add_argument(
        "--vector-cache", type=Path, default=VECTOR_CACHE,
        help="an .npz file keeping the texts' vectors between runs ('' for none)",
    )  # fmt: skip
    parser.add_argument("--copies", type=int, nargs="+", default=list(range(1, 11)))
    parser.add_argument("--per-role", action="store_true", help="each role's AP by scorer")
    args = parser.parse_args()
    if not (args.data / RELEVANCE_COPY).is_dir():
        print(
            f"{args.data}: not the expertise gold standard (no {RELEVANCE_COPY})", file=sys.stderr
        )
        return 2
    started = time.perf_counter()
    roles = read_roles(args.roles)
    embedder, save = _embedder(args.vector_cache if str(args.vector_cache) else None)
    try:
        per_role = run(args.data, roles, embedder, args.copies)
    finally:
        save()
    results = {name: summarise(ap, rr) for name, (ap, rr) in per_role.items()}
    experts = len(read_copy(args.data / RELEVANCE_COPY).experts)
    results["random order (reference)"] = chance(roles, experts)
    print(f"\n{len(roles)} roles, copies {' '.join(map(str, args.copies))}\n")
    print(table(results))
    if args.per_role:
        names = list(per_role)
        print(f"\n| role | {' | '.join(f'{n} en | vi' for n in names)} |")
        print(f"|---|{'---|---|' * len(names)}")
        for k, role in enumerate(roles):
            cells = " | ".join(
                f"{per_role[n][0]['en'][k]:.2f} | {per_role[n][0]['vi'][k]:.2f}" for n in names
            )
            print(f"| {role['id']} | {cells} |")
    print(f"\n{time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
