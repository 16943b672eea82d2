"""Evidence fit: how well a text (a role, a paper to review) matches the works of each expert.

TF-IDF over stemmed words and word pairs (with optional concept terms); an expert's affinity to a
text pools the similarities of their works (`grouped_affinity`). The pooling is measured on both
kinds of task of the expertise gold standard: ranking one expert's papers (bench/expertise.py)
and ranking experts against each other (bench/expert_finding.py), so affinities must be
comparable across experts.
"""

import functools
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import snowballstemmer
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

Vector = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_STEMMER = snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    stem: str = _STEMMER.stemWord(word)
    return stem


def terms(text: str) -> list[str]:
    """Stemmed words without stop words, then each adjacent pair of them."""
    words = [
        _stem(w) for w in _WORD.findall(text.lower()) if len(w) > 1 and w not in ENGLISH_STOP_WORDS
    ]
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


def work_text(title: str, abstract: str) -> str:
    return f"{title}. {abstract}" if abstract else title


class EvidenceModel:
    """A vocabulary and term weights learnt from a corpus; texts become unit-length vectors.

    `concepts` gives extra terms for a text (taxonomy concepts it names), appended to `terms`.
    """

    def __init__(
        self,
        corpus: Iterable[str],
        *,
        max_df: float = 1.0,
        concepts: Callable[[str], list[str]] | None = None,
    ) -> None:
        analyzer = terms if concepts is None else _with_concepts(concepts)
        self._vectorizer = TfidfVectorizer(
            analyzer=analyzer, sublinear_tf=True, max_df=max_df, dtype=np.float32
        )
        # Learnt and vectorised in one pass: analysing a text (stemming, concepts) is the cost.
        self._corpus: sparse.csr_matrix | None = self._vectorizer.fit_transform(corpus)

    @property
    def width(self) -> int:
        """How many terms a vector has."""
        return len(self._vectorizer.vocabulary_)

    def corpus_vectors(self) -> sparse.csr_matrix:
        """The corpus's own vectors, in its order; handed over once, not kept."""
        matrix, self._corpus = self._corpus, None
        if matrix is None:
            raise RuntimeError("the corpus vectors were handed over already")
        return matrix

    def vectors(self, texts: Sequence[str]) -> sparse.csr_matrix:
        matrix: sparse.csr_matrix = self._vectorizer.transform(texts)
        return matrix


def _with_concepts(concepts: Callable[[str], list[str]]) -> Callable[[str], list[str]]:
    # A partial of a module function, not a closure: the model is pickled into checkpoints.
    return functools.partial(_terms_and_concepts, concepts)


def _terms_and_concepts(concepts: Callable[[str], list[str]], text: str) -> list[str]:
    return terms(text) + concepts(text)


# Tuned on copies 1-5 of the gold standard, both tasks (bench/expert_finding.py): slower decay
# favours volume (topic search), a stronger work-count prior favours focus (one paper's expert).
DECAY = 0.85
COUNT_PRIOR = 0.5


def _ranks_within(values: Vector, groups: Ints) -> tuple[Ints, Ints, Vector]:
    """The positive values sorted by group, then descending, with each one's group and its
    0-based rank inside it; zeros add nothing to a pooled sum, so they are never sorted."""
    # One stable sort of group + (1 - value) (values lie in [0, 1], each group in its own band;
    # the groups come in ascending order, so the keys nearly are): ten times a lexsort's speed.
    # Values closer than the key's precision (1e-10 at a million groups) keep their order; the
    # pooled sum moves by less than that.
    order = np.argsort(groups * 2.0 + (1.0 - values), kind="stable")
    sorted_groups = groups[order]
    starts = np.flatnonzero(np.r_[True, sorted_groups[1:] != sorted_groups[:-1]])
    lengths = np.diff(np.r_[starts, len(order)])
    ranks = np.arange(len(order)) - np.repeat(starts, lengths)
    return sorted_groups, ranks.astype(np.int64), values[order]


def grouped_affinity(similarities: Vector, offsets: Ints, sizes: Ints) -> Vector:
    """Each expert's affinity: sqrt(sum_i DECAY^(i-1) s_i^2 / W^COUNT_PRIOR) over their works'
    similarities s_1 >= s_2 >= ..., with W = sum DECAY^(i-1) over all of their works.

    One work scores its cosine; more close works raise the score (the volume of evidence, at
    most ~1/(1 - DECAY) of them counting), squares keep many loose matches below a few close
    ones, and the mild prior on the work count keeps a prolific author of unrelated works from
    gaining by volume alone. Works are grouped by expert; `offsets` and `sizes` delimit each
    group (sizes > 0)."""
    n = len(sizes)
    positive = np.flatnonzero(similarities > 0)
    groups = np.searchsorted(offsets, positive, side="right") - 1
    owners, ranks, values = _ranks_within(similarities[positive], groups)
    pooled = np.bincount(owners, weights=DECAY**ranks * values**2, minlength=n)
    weight_sum = (1 - DECAY ** sizes.astype(np.float64)) / (1 - DECAY)
    result: Vector = np.sqrt(pooled / weight_sum**COUNT_PRIOR)
    return result


def affinity(similarities: Vector) -> float:
    """`grouped_affinity` of one expert."""
    if similarities.size == 0:
        return 0.0
    one = np.zeros(1, dtype=np.int64)
    return float(grouped_affinity(similarities, one, one + similarities.size)[0])


@dataclass(frozen=True, slots=True)
class Mix:
    """How a work's similarity to a text mixes its words' cosine with its meaning's (the
    sentence vectors' cosine): `semantic` is the share of the latter, counted above `floor`
    (unrelated texts of one field still score a little) and rescaled to 0..1."""

    semantic: float
    floor: float = 0.0

    def of(self, lexical: Vector, semantic: Vector, has_vector: Bools) -> Vector:
        """Each work's mixed similarity; a work without a vector keeps its lexical one."""
        meaning = np.maximum(semantic - self.floor, 0.0) / (1.0 - self.floor)
        mixed = (1.0 - self.semantic) * lexical + self.semantic * meaning
        result: Vector = np.where(has_vector, mixed, lexical)
        return result


# Per use, tuned on copies 1-5 of the gold standard and reported on copies 6-10
# (bench/expert_finding.py, bench/expertise.py). Ranking experts against each other, a loose
# cosine (MiniLM gives 0.2-0.4 to unrelated texts of one field) summed over a large archive
# outweighs a few close works: only the part above a high floor counts. Ranking one expert's
# papers, it does not, and more of the meaning helps.
ROLE_MIX = Mix(semantic=0.3, floor=0.3)  # a role's text against the experts' works
TOPIC_MIX = Mix(semantic=0.1)  # a typed topic against the experts' works
PAPER_MIX = Mix(semantic=0.2, floor=0.2)  # one expert's papers ranked against a paper
LEXICAL = Mix(semantic=0.0)
