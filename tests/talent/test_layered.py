"""A matrix as built with the rows changed since laid over it: every read merges the two as the
whole matrix would answer, the old one stays as it was, and a full overlay is folded in."""

import numpy as np
import pytest
from scipy import sparse

from talent.snapshot import layered
from talent.snapshot.layered import Layered

# Experts (rows) by organisations (columns), the tie's trust.
BUILT = [
    [1.0, 0.0, 0.0],
    [0.0, 0.8, 1.0],
    [0.0, 0.0, 0.0],
    [0.8, 0.0, 1.0],
]


def _changed() -> tuple[Layered, Layered]:
    """Row 1 now ties to column 0 only, row 2 to the new column 3, and row 4 is new."""
    old = Layered.of(sparse.csr_matrix(np.asarray(BUILT)))
    targets = np.asarray([1, 2, 4], dtype=np.int64)
    new = sparse.coo_matrix(([0.8, 1.0, 1.0], ([0, 1, 2], [0, 3, 1])), shape=(3, 4))
    return old, old.replaced(targets, new, (5, 4))


def test_every_read_answers_as_the_whole_changed_matrix() -> None:
    old, now = _changed()
    whole = [
        [1.0, 0.0, 0.0, 0.0],
        [0.8, 0.0, 0.0, 0.0],
        [0.0, 0.0, 0.0, 1.0],
        [0.8, 0.0, 1.0, 0.0],
        [0.0, 1.0, 0.0, 0.0],
    ]
    assert now.shape == (5, 4)
    assert now.merged().toarray().tolist() == whole
    assert now.nnz == 6
    assert sorted(now.row(1)[0].tolist()) == [0]
    assert now.row(3)[0].tolist() == [0, 2]
    assert now.get(4, 1) == 1.0
    assert now.get(1, 2) == 0.0
    at, values = now.column(0)
    assert sorted(zip(at.tolist(), values.tolist(), strict=True)) == [(0, 1.0), (1, 0.8), (3, 0.8)]
    assert now.column(2)[0].tolist() == [3]  # row 1's old tie is gone
    assert now.column(3)[0].tolist() == [2]
    assert now.columns([2, 0]).toarray().tolist() == [
        [0.0, 1.0],
        [0.0, 0.8],
        [0.0, 0.0],
        [1.0, 0.8],
        [0.0, 0.0],
    ]
    # Columns and rows in any order, from the base, the overlay, or added since the build.
    assert now.columns([3, 2, 0]).toarray().tolist() == [
        [0.0, 0.0, 1.0],
        [0.0, 0.0, 0.8],
        [1.0, 0.0, 0.0],
        [0.0, 1.0, 0.8],
        [0.0, 0.0, 0.0],
    ]
    assert now.columns([1, 1]).toarray().tolist() == [[0.0, 0.0]] * 4 + [[1.0, 1.0]]
    picked = np.asarray([4, 1, 3, 0, 1], dtype=np.int64)
    assert now.take(picked).toarray().tolist() == [whole[4], whole[1], whole[3], whole[0], whole[1]]
    grown = now.resized((6, 4))  # row 5 added, nothing in it yet
    assert grown.take(np.asarray([5, 3], dtype=np.int64)).toarray().tolist() == [
        [0.0] * 4,
        whole[3],
    ]
    assert grown.columns([0]).toarray().ravel().tolist() == [1.0, 0.8, 0.0, 0.8, 0.0, 0.0]
    # The old matrix reads as it did for whoever still holds it.
    assert old.merged().toarray().tolist() == BUILT
    assert old.column(2)[0].tolist() == [1, 3]


def test_rows_changed_again_replace_their_overlay_and_unchanged_rows_are_held() -> None:
    _, now = _changed()
    again = now.replaced(
        np.asarray([2], dtype=np.int64),
        sparse.coo_matrix(([0.5], ([0], [2])), shape=(1, 4)),
        (5, 4),
    )
    assert again.rows.tolist() == [1, 2, 4]
    assert again.row(2)[1].tolist() == [0.5]
    assert again.column(3)[0].tolist() == []
    same = sparse.coo_matrix(([0.8, 1.0], ([0, 1], [0, 3])), shape=(2, 4))
    assert now.holds(np.asarray([1, 2], dtype=np.int64), same)
    other = sparse.coo_matrix(([1.0, 1.0], ([0, 1], [0, 3])), shape=(2, 4))
    assert not now.holds(np.asarray([1, 2], dtype=np.int64), other)
    assert not now.holds(np.asarray([5], dtype=np.int64), sparse.coo_matrix((1, 4)))


def test_a_full_overlay_is_folded_into_the_base(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layered, "COMPACT_MIN_ROWS", 2)
    monkeypatch.setattr(layered, "COMPACT_SHARE", 0.0)
    old, now = _changed()  # three rows changed: past two, folded
    assert now.rows.tolist() == []
    assert now.base.shape == (5, 4)
    assert now.by_column.toarray().tolist() == now.base.toarray().tolist()
    assert now.base.toarray()[1].tolist() == [0.8, 0.0, 0.0, 0.0]
    assert old.base.shape == (4, 3)
