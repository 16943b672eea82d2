"""Some experts picked out of an index (a role's candidates, the holders of a typed name), and
reading entries for them alone."""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Picked:
    """Positions, ascending, and where each expert of the index sits among them (-1: not
    picked). One lookup per entry, where a search among the positions costs a logarithm."""

    positions: Ints
    slot_of: npt.NDArray[np.int32]

    @classmethod
    def marked(cls, positions: Sequence[npt.NDArray[np.integer]], experts: int) -> "Picked":
        """Everyone in any of these lists of positions (in any order, repeats allowed)."""
        mark = np.zeros(experts, dtype=bool)
        for some in positions:
            mark[some] = True
        return cls.of(np.flatnonzero(mark), experts)

    @classmethod
    def of(cls, positions: Ints, experts: int) -> "Picked":
        slot_of = np.full(experts, -1, dtype=np.int32)
        slot_of[positions] = np.arange(len(positions), dtype=np.int32)
        return cls(positions, slot_of)

    def __len__(self) -> int:
        return len(self.positions)

    def slots(self, at: npt.NDArray[np.integer]) -> tuple[Ints, Bools]:
        """Where each of the positions `at` sits among the picked, and whether it is there."""
        slot: Ints = self.slot_of[at].astype(np.int64)
        hit: Bools = slot >= 0
        return slot, hit

    def max_at(self, at: Ints, values: Floats) -> Floats:
        """For each picked expert, the greatest of `values` whose position in `at` is theirs;
        0 for none (the values are positive)."""
        out = np.zeros(len(self.positions))
        slot, hit = self.slots(at)
        np.maximum.at(out, slot[hit], values[hit])
        return out
