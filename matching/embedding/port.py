"""What the evidence scorer needs of a sentence-embedding model."""

import hashlib
from collections.abc import Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]


class Embedder(Protocol):
    """Texts in, unit-length rows out (one per text, in order); a text with nothing to read
    gives a zero row, which is similar to nothing."""

    @property
    def model_id(self) -> str:
        """Names the model and its files: vectors of another id are not comparable."""
        ...

    @property
    def dimension(self) -> int: ...

    def encode(self, texts: Sequence[str], *, queries: bool = False) -> Vectors:
        """`queries`: the texts are searches (a role, a topic), not documents; models trained
        with a prefix for each side get theirs."""
        ...


def text_hash(text: str) -> str:
    """What a stored vector was computed from: a work whose text hashes otherwise is embedded
    again."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def unit_rows(matrix: npt.NDArray[np.floating]) -> Vectors:
    """Each row scaled to length 1; zero rows stay zero."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    result: Vectors = np.divide(
        matrix, norms, out=np.zeros_like(matrix, dtype=np.float32), where=norms > 0
    ).astype(np.float32)
    return result
