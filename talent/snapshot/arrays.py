"""Copy-on-write updates of per-expert arrays: the old array stays as requests read it."""

import numpy as np
import numpy.typing as npt


def with_rows[T: np.generic](
    old: npt.NDArray[T], n: int, targets: npt.NDArray[np.int64], values: npt.NDArray[T]
) -> npt.NDArray[T]:
    """A copy of `old` grown to `n` rows (zeros), with `values` at the rows `targets`; `old`
    itself when those rows hold them already (most changes touch one field of a profile).

    Otherwise a copy of the whole column: the cheapest pass over it there is, of the order of
    one ranking's own pass (which reads every expert's value); zeroed first only where grown."""
    if len(old) == n and np.array_equal(old[targets], values):
        return old
    new = np.empty((n, *old.shape[1:]), dtype=old.dtype)
    new[: len(old)] = old
    new[len(old) :] = 0
    new[targets] = values
    return new


def in_sorted(
    values: npt.NDArray[np.integer], rows: npt.NDArray[np.integer]
) -> npt.NDArray[np.bool_]:
    """Which of `values` are in `rows` (ascending)."""
    if not len(rows):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(rows, values), len(rows) - 1)
    found: npt.NDArray[np.bool_] = rows[at] == values
    return found
