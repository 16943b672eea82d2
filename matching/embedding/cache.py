"""An embedder that remembers the vectors of texts it has seen, in a file: benchmarks and
`talent affinity` run the same archives many times, and the model is the slow part."""

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from matching.embedding.port import Embedder, Vectors, text_hash


class CachedEmbedder:
    def __init__(self, inner: Embedder, path: Path) -> None:
        self._inner = inner
        self._path = path
        self._known: dict[str, Vectors] = {}
        self._dirty = False
        if path.is_file():
            with np.load(path) as saved:
                if str(saved["model_id"]) == inner.model_id:
                    keys = saved["keys"].tolist()
                    self._known = dict(zip(keys, saved["vectors"], strict=True))

    @property
    def model_id(self) -> str:
        return self._inner.model_id

    @property
    def dimension(self) -> int:
        return self._inner.dimension

    def encode(self, texts: Sequence[str], *, queries: bool = False) -> Vectors:
        keys = [("q:" if queries else "d:") + text_hash(t) for t in texts]
        missing = sorted(
            {k: t for k, t in zip(keys, texts, strict=True) if k not in self._known}.items()
        )
        if missing:
            found = self._inner.encode([t for _, t in missing], queries=queries)
            self._known.update((k, v) for (k, _), v in zip(missing, found, strict=True))
            self._dirty = True
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, key in enumerate(keys):
            out[row] = self._known[key]
        return out

    def save(self) -> None:
        if not self._dirty:
            return
        keys = list(self._known)
        vectors = (
            np.stack([self._known[k] for k in keys]) if keys else np.zeros((0, self.dimension))
        )
        partial = self._path.with_suffix(".partial.npz")
        np.savez(partial, model_id=self.model_id, keys=np.asarray(keys), vectors=vectors)
        partial.replace(self._path)
        self._dirty = False
