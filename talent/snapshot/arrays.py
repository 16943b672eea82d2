"""Copy-on-write updates of per-expert arrays: the old array stays as requests read it."""

import numpy as np
import numpy.typing as npt


def with_rows[T: np.generic](
    old: npt.NDArray[T], n: int, targets: npt.NDArray[np.int64], values: npt.NDArray[T]
) -> npt.NDArray[T]:
    """A copy of `old` grown to `n` rows (zeros), with `values` at the rows `targets`."""
    new = np.zeros((n, *old.shape[1:]), dtype=old.dtype)
    new[: len(old)] = old
    new[targets] = values
    return new
