"""The works the matching index knows, in columns: what explanations show of a work (title,
year, kind), its position (the authored matrix's column) by id, and each (work, author) pair's
work.

Those of the full build are numpy arrays: a checkpoint writes them out of band, and every
process that maps it shares them (as Python strings, dicts and tuples they were most of an
index's private memory: about 120 MiB at 100,000 experts). What the change log adds since is a
small overlay beside them, appended in place: a holder of an older index reads only the
positions it knew, and a write costs what it touched, not a copy of every work."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

Card = tuple[str, int | None, str | None]  # title, year, kind
NO_YEAR = np.iinfo(np.int32).min
NO_KIND = -1


def _utf8(texts: Iterable[str]) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]]:
    """Texts as one UTF-8 blob and each one's end in it."""
    encoded = [text.encode() for text in texts]
    ends = np.cumsum([len(b) for b in encoded], dtype=np.int64)
    return np.frombuffer(b"".join(encoded), dtype=np.uint8).copy(), ends


@dataclass(slots=True)
class WorkTable:
    ids: npt.NDArray[np.bytes_]  # UTF-8, sorted: position k is the k-th id
    titles: npt.NDArray[np.uint8]  # UTF-8, one after another
    title_ends: npt.NDArray[np.int64]
    years: npt.NDArray[np.int32]  # NO_YEAR for none
    kinds: npt.NDArray[np.int8]  # into kind_names; NO_KIND for none
    kind_names: list[str]
    # Since the build: works added (numbered after the built ones) and cards written anew.
    added: dict[str, int] = field(default_factory=dict)
    added_ids: list[str] = field(default_factory=list)
    cards: dict[int, Card] = field(default_factory=dict)

    @classmethod
    def of(cls, cards: Mapping[str, Card]) -> "WorkTable":
        """The table of these works, in id order."""
        ordered = sorted(cards)
        kind_names = sorted({kind for _, _, kind in cards.values() if kind is not None})
        kind_code = {kind: k for k, kind in enumerate(kind_names)}
        titles, ends = _utf8(cards[w][0] for w in ordered)
        years = [cards[w][1] for w in ordered]
        kinds = [cards[w][2] for w in ordered]
        return cls(
            ids=np.array([w.encode() for w in ordered], dtype=bytes) if ordered else _no_ids(),
            titles=titles,
            title_ends=ends,
            years=np.array([NO_YEAR if y is None else y for y in years], dtype=np.int32),
            kinds=np.array([NO_KIND if k is None else kind_code[k] for k in kinds], np.int8),
            kind_names=kind_names,
        )

    def __len__(self) -> int:
        return len(self.ids) + len(self.added_ids)

    def get(self, work_id: str) -> int | None:
        """The work's position; None for one the index does not know."""
        found = self.added.get(work_id)
        if found is not None:
            return found
        key = work_id.encode()
        k = int(np.searchsorted(self.ids, key))
        return k if k < len(self.ids) and self.ids[k] == key else None

    def setdefault(self, work_id: str, default: int) -> int:
        """The work's position, numbered after every other when it is new: a dict's
        setdefault, for the only default a table appended in place can honour, its length."""
        found = self.get(work_id)
        if found is None:
            if default != len(self):
                raise ValueError(f"a new work goes at {len(self)}, not at {default}")
            found = self.added[work_id] = default
            self.added_ids.append(work_id)
        return found

    def id(self, position: int) -> str:
        built = len(self.ids)
        return (
            self.added_ids[position - built] if position >= built else self.ids[position].decode()
        )

    def card(self, position: int) -> Card:
        found = self.cards.get(position)
        if found is not None:
            return found
        if position >= len(self.ids):
            return ("", None, None)
        start = int(self.title_ends[position - 1]) if position else 0
        title = self.titles[start : int(self.title_ends[position])].tobytes().decode()
        year, kind = int(self.years[position]), int(self.kinds[position])
        return (
            title,
            None if year == NO_YEAR else year,
            None if kind == NO_KIND else self.kind_names[kind],
        )

    def built_positions(self, work_ids: Iterable[str]) -> npt.NDArray[np.int64]:
        """The positions of works of the build, all at once."""
        keys = [w.encode() for w in work_ids]
        if not keys:
            return np.zeros(0, dtype=np.int64)
        return np.searchsorted(self.ids, np.array(keys, dtype=bytes)).astype(np.int64)

    def write_cards(self, cards: Mapping[str, Card]) -> None:
        """These works' cards as they are now, new works added."""
        for work_id, card in cards.items():
            self.cards[self.setdefault(work_id, len(self))] = card


def _no_ids() -> npt.NDArray[np.bytes_]:
    return np.zeros(0, dtype="S1")


@dataclass(slots=True)
class PairWorks:
    """Each (work, author) pair's work position: the built pairs in an array, those appended
    since in a list after them (in place, as WorkTable's overlay)."""

    built: npt.NDArray[np.int32]
    added: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.built) + len(self.added)

    def __getitem__(self, pair: int) -> int:
        built = len(self.built)
        return self.added[pair - built] if pair >= built else int(self.built[pair])

    def between(self, lo: int, hi: int) -> list[int]:
        return [self[p] for p in range(lo, hi)]

    def extend(self, positions: Iterable[int]) -> None:
        self.added.extend(positions)
