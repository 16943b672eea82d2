"""Each expert's position in an index: those numbered at the last fold in one dictionary, those
added since in a small one beside it, so that a newcomer costs a copy of the small one, not of a
million entries. Never changed in place: an index holding it never sees a position it has no
row for."""

from collections.abc import Iterator, Mapping

# The added ones are folded into the large dictionary past this many, or this share if more.
FOLD_MIN = 4096
FOLD_SHARE = 1 / 32


class Numbering(Mapping[str, int]):
    __slots__ = ("_added", "_base")

    def __init__(self, base: dict[str, int], added: dict[str, int] | None = None) -> None:
        self._base = base
        self._added = added or {}

    def __getitem__(self, key: str) -> int:
        found = self._added.get(key)
        return self._base[key] if found is None else found

    def get(self, key: str, default: int | None = None) -> int | None:  # type: ignore[override]
        found = self._added.get(key)
        return self._base.get(key, default) if found is None else found

    def __contains__(self, key: object) -> bool:
        return key in self._added or key in self._base

    def __iter__(self) -> Iterator[str]:
        yield from self._base
        yield from self._added

    def __len__(self) -> int:
        return len(self._base) + len(self._added)

    def extended(self, keys: list[str]) -> tuple["Numbering", list[str]]:
        """Itself when it has every key; else a new one with the new keys numbered after the
        others, in order (and those keys)."""
        new = [k for k in dict.fromkeys(keys) if k not in self]
        if not new:
            return self, []
        added = dict(self._added)
        size = len(self)
        for k, key in enumerate(new):
            added[key] = size + k
        if len(added) > max(FOLD_MIN, FOLD_SHARE * len(self._base)):
            return Numbering(self._base | added), new
        return Numbering(self._base, added), new

    def __reduce__(self) -> tuple[type["Numbering"], tuple[dict[str, int], dict[str, int]]]:
        return Numbering, (self._base, self._added)
