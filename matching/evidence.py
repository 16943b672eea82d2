"""Evidence fit: how well a text (a role, a paper to review) matches the works of each expert.

TF-IDF over stemmed words and word pairs; an expert's affinity to a text is the mean of the
best match among their works and the average match over them. On the expertise gold standard
(bench/expertise.py) word pairs and this mix each lower the loss over max or mean alone.
"""

import itertools
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import snowballstemmer
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

Vector = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
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
    """A vocabulary and term weights learnt from a corpus; texts become unit-length vectors."""

    def __init__(self, corpus: Iterable[str], *, max_df: float = 1.0) -> None:
        self._vectorizer = TfidfVectorizer(
            analyzer=terms, sublinear_tf=True, max_df=max_df, dtype=np.float32
        )
        self._vectorizer.fit(corpus)

    def vectors(self, texts: Sequence[str]) -> sparse.csr_matrix:
        matrix: sparse.csr_matrix = self._vectorizer.transform(texts)
        return matrix


def grouped_affinity(similarities: Vector, offsets: Ints, sizes: Ints) -> Vector:
    """Each expert's affinity: the mean of their best work's similarity and the average over
    their works. Works are grouped by expert; `offsets` and `sizes` delimit each group."""
    best = np.maximum.reduceat(similarities, offsets)
    mean = np.add.reduceat(similarities, offsets) / sizes
    result: Vector = 0.5 * best + 0.5 * mean
    return result


def affinity(similarities: Vector) -> float:
    """`grouped_affinity` of one expert."""
    if similarities.size == 0:
        return 0.0
    one = np.zeros(1, dtype=np.int64)
    return float(grouped_affinity(similarities, one, one + similarities.size)[0])
