"""An expert-by-column sparse matrix as built, with the rows replaced since laid over it.

A change costs what it touched: its rows go into a small overlay (the rows replaced since the
last compaction), not into a copy of the whole matrix and of its by-column order. Reads merge
the two: a row comes from the overlay when it is there; a column, or a block of columns or of
rows, takes the base without the overlaid rows, plus the overlay. Past a share of the rows the
overlay is folded into the base (a compaction, linear in the matrix, paid once for that many
changes).

A `Layered` is never changed in place: an index holding it keeps reading what it read.
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

from talent.snapshot.arrays import in_sorted

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

# The overlay is folded into the base past this many rows, or this share of them if more.
COMPACT_MIN_ROWS = 512
COMPACT_SHARE = 1 / 32


def replace_rows(
    old: sparse.csr_matrix, targets: Ints, new: sparse.csr_matrix, shape: tuple[int, int]
) -> sparse.csr_matrix:
    """`old` grown to `shape`, its rows `targets` (ascending) replaced by the rows of `new` in
    order. The kept stretches between replaced rows are copied whole: a copy, without a sort."""
    data: list[npt.NDArray[np.generic]] = [old.data[:0]]
    indices: list[npt.NDArray[np.int32]] = [old.indices[:0]]
    counts = np.zeros(shape[0], dtype=np.int64)
    counts[: old.shape[0]] = np.diff(old.indptr)
    done = 0  # old rows copied so far
    for k, row in enumerate(targets.tolist()):
        upto = min(row, old.shape[0])
        if upto > done:
            data.append(old.data[old.indptr[done] : old.indptr[upto]])
            indices.append(old.indices[old.indptr[done] : old.indptr[upto]])
        lo, hi = new.indptr[k], new.indptr[k + 1]
        data.append(new.data[lo:hi].astype(old.dtype))
        indices.append(new.indices[lo:hi].astype(old.indices.dtype))
        counts[row] = hi - lo
        done = max(done, min(row + 1, old.shape[0]))
    if done < old.shape[0]:
        data.append(old.data[old.indptr[done] :])
        indices.append(old.indices[old.indptr[done] :])
    indptr = np.zeros(shape[0] + 1, dtype=old.indptr.dtype)
    np.cumsum(counts, out=indptr[1:])
    return sparse.csr_matrix(
        (np.concatenate(data), np.concatenate(indices), indptr), shape=shape, dtype=old.dtype
    )


def _widened(matrix: sparse.csr_matrix, columns: int) -> sparse.csr_matrix:
    if matrix.shape[1] == columns:
        return matrix
    return sparse.csr_matrix(
        (matrix.data, matrix.indices, matrix.indptr), shape=(matrix.shape[0], columns)
    )


def _widened_rows(matrix: sparse.csc_matrix, rows: int) -> sparse.csc_matrix:
    if matrix.shape[0] == rows:
        return matrix
    return sparse.csc_matrix(
        (matrix.data, matrix.indices, matrix.indptr), shape=(rows, matrix.shape[1])
    )


@dataclass(frozen=True, slots=True)
class Layered:
    base: sparse.csr_matrix  # the rows as built or last compacted
    by_column: sparse.csc_matrix  # the same, by column
    rows: Ints  # the positions replaced since, ascending (some may lie past the base's rows)
    delta: sparse.csr_matrix  # their rows now, in that order, over every column
    delta_by_column: sparse.csc_matrix
    shape: tuple[int, int]

    @classmethod
    def of(cls, matrix: sparse.spmatrix) -> "Layered":
        base = sparse.csr_matrix(matrix)
        base.sum_duplicates()
        empty = sparse.csr_matrix((0, base.shape[1]), dtype=base.dtype)
        return cls(
            base, base.tocsc(), np.zeros(0, dtype=np.int64), empty, empty.tocsc(), base.shape
        )

    @property
    def dtype(self) -> np.dtype[np.generic]:
        found: np.dtype[np.generic] = self.base.dtype
        return found

    @property
    def nnz(self) -> int:
        inside = self.rows[self.rows < self.base.shape[0]]
        hidden = int((self.base.indptr[inside + 1] - self.base.indptr[inside]).sum())
        return int(self.base.nnz) - hidden + int(self.delta.nnz)

    def _slot(self, i: int) -> int | None:
        k = int(np.searchsorted(self.rows, i))
        return k if k < len(self.rows) and int(self.rows[k]) == i else None

    def row(self, i: int) -> tuple[Ints, Floats]:
        """The columns and values of row i."""
        k = self._slot(i)
        if k is not None:
            m, at = self.delta, k
        elif i < self.base.shape[0]:
            m, at = self.base, i
        else:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        lo, hi = m.indptr[at], m.indptr[at + 1]
        return m.indices[lo:hi], m.data[lo:hi]

    def get(self, i: int, j: int) -> float:
        columns, values = self.row(i)
        hit = np.flatnonzero(columns == j)
        return float(values[hit[0]]) if len(hit) else 0.0

    def column(self, j: int) -> tuple[Ints, Floats]:
        """The positions and values of column j: the base's, then the overlay's. Two matrices
        built and changed with the same entries (levels and trust) list them in the same order."""
        parts_at: list[Ints] = []
        parts_values: list[Floats] = []
        if j < self.by_column.shape[1]:
            lo, hi = self.by_column.indptr[j], self.by_column.indptr[j + 1]
            at = self.by_column.indices[lo:hi]
            if not len(self.rows):  # as built or just folded: the base's own slices
                return at, self.by_column.data[lo:hi]
            keep = ~in_sorted(at, self.rows)
            parts_at.append(at[keep])
            parts_values.append(self.by_column.data[lo:hi][keep])
        if len(self.rows):
            m = self.delta_by_column
            lo, hi = m.indptr[j], m.indptr[j + 1]
            parts_at.append(self.rows[m.indices[lo:hi]])
            parts_values.append(m.data[lo:hi])
        if not parts_at:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=self.dtype)
        return np.concatenate(parts_at), np.concatenate(parts_values)

    def columns(self, picked: Ints | list[int]) -> sparse.csc_matrix:
        """The matrix of these columns, in that order, every row: the base's columns without
        the overlaid rows, plus the overlay's."""
        picked = np.asarray(picked, dtype=np.int64)
        cols_b = self.by_column.shape[1]
        inside = picked < cols_b
        block = self.by_column[:, picked[inside]]
        if len(self.rows):
            keep = ~in_sorted(block.indices, self.rows)
            kept = np.concatenate([[0], np.cumsum(keep)])
            block = sparse.csc_matrix(
                (block.data[keep], block.indices[keep], kept[block.indptr]), shape=block.shape
            )
        block = _widened_rows(block, self.shape[0])
        if not inside.all():  # columns added since the build: none in the base
            empty = sparse.csc_matrix((self.shape[0], 1), dtype=self.dtype)
            padded = sparse.hstack([block, empty], format="csc")
            order = np.full(len(picked), block.shape[1])
            order[inside] = np.arange(block.shape[1])
            block = padded[:, order]
        if len(self.rows):
            over = self.delta_by_column[:, picked].tocoo()
            block = block + sparse.csc_matrix(
                (over.data, (self.rows[over.row], over.col)), shape=block.shape
            )
        result = sparse.csc_matrix(block, dtype=self.dtype)
        result.sort_indices()
        return result

    def take(self, picked: Ints) -> sparse.csr_matrix:
        """These rows, in that order."""
        picked = np.asarray(picked, dtype=np.int64)
        overlaid = in_sorted(picked, self.rows)
        from_base = ~overlaid & (picked < self.base.shape[0])
        if from_base.all():
            return _widened(self.base[picked], self.shape[1])
        parts = [
            _widened(self.base[picked[from_base]], self.shape[1]),
            self.delta[np.searchsorted(self.rows, picked[overlaid])],
            sparse.csr_matrix((1, self.shape[1]), dtype=self.dtype),  # past the base: empty
        ]
        order = np.full(len(picked), int(from_base.sum() + overlaid.sum()))
        order[from_base] = np.arange(int(from_base.sum()))
        order[overlaid] = int(from_base.sum()) + np.arange(int(overlaid.sum()))
        stacked: sparse.csr_matrix = sparse.vstack(parts, format="csr")[order]
        return stacked

    def holds(self, targets: Ints, new: sparse.spmatrix) -> bool:
        """Whether the rows `targets` already hold the rows of `new`, in order."""
        fresh = sparse.csr_matrix(new)
        fresh.sum_duplicates()
        for k, i in enumerate(targets.tolist()):
            if i >= self.shape[0]:
                return False
            was_at, was = self.row(i)
            lo, hi = fresh.indptr[k], fresh.indptr[k + 1]
            now_at, now = fresh.indices[lo:hi], fresh.data[lo:hi].astype(self.dtype)
            if len(was_at) != len(now_at):
                return False
            a, b = np.argsort(was_at), np.argsort(now_at)
            if not (np.array_equal(was_at[a], now_at[b]) and np.array_equal(was[a], now[b])):
                return False
        return True

    def resized(self, shape: tuple[int, int]) -> "Layered":
        if shape == self.shape:
            return self
        return Layered(
            self.base,
            self.by_column,
            self.rows,
            _widened(self.delta, shape[1]),
            _widened(self.delta.tocsr(), shape[1]).tocsc(),
            shape,
        )

    def replaced(self, targets: Ints, new: sparse.spmatrix, shape: tuple[int, int]) -> "Layered":
        """Grown to `shape`, the rows `targets` replaced by those of `new` in order: laid in the
        overlay, which is folded into the base once it holds too many rows."""
        fresh = _widened(sparse.csr_matrix(new, dtype=self.dtype), shape[1])
        fresh.sum_duplicates()
        rows = np.union1d(self.rows, targets).astype(np.int64)
        source = np.empty(len(rows), dtype=np.int64)
        source[np.searchsorted(rows, self.rows)] = np.arange(len(self.rows))
        source[np.searchsorted(rows, targets)] = len(self.rows) + np.arange(len(targets))
        both = sparse.vstack([_widened(self.delta, shape[1]), fresh], format="csr")
        delta = sparse.csr_matrix(both[source], dtype=self.dtype)
        if len(rows) > max(COMPACT_MIN_ROWS, COMPACT_SHARE * shape[0]):
            return Layered.of(replace_rows(self.base, rows, delta, shape))
        return Layered(self.base, self.by_column, rows, delta, delta.tocsc(), shape)

    def merged(self) -> sparse.csr_matrix:
        """The whole matrix as it reads now."""
        return replace_rows(self.base, self.rows, self.delta, self.shape)
