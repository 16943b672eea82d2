"""The matching index's works in columns: lookups by id and position, cards, the overlay of
works added since the build, and what a checkpoint writes of it."""

import pickle

import numpy as np
import pytest

from matching.work_table import PairWorks, WorkTable
from talent.snapshot.checkpoint import pickled

CARDS = {
    "w-b": ("Mạng 5G cho đường sắt", 2021, "publication"),
    "w-a": ("A patent", None, "patent"),
    "đ-1": ("Không năm, không loại", None, None),
    "w-c": ("", 1999, "publication"),
}


def test_positions_follow_the_ids_order_and_unknown_ids_have_none() -> None:
    table = WorkTable.of(CARDS)
    # Code point order of the ids ("đ" is U+0111, after every ASCII letter).
    assert [table.id(k) for k in range(len(table))] == ["w-a", "w-b", "w-c", "đ-1"]
    assert table.get("w-a") == 0
    assert table.get("đ-1") == 3
    assert table.get("w-") is None
    assert table.get("w-bb") is None
    assert table.get("zzz") is None
    assert list(table.built_positions(["đ-1", "w-a", "w-c"])) == [3, 0, 2]


def test_cards_keep_missing_years_and_kinds() -> None:
    table = WorkTable.of(CARDS)
    assert table.card(1) == ("Mạng 5G cho đường sắt", 2021, "publication")
    assert table.card(0) == ("A patent", None, "patent")
    assert table.card(3) == ("Không năm, không loại", None, None)
    assert table.card(2) == ("", 1999, "publication")


def test_added_works_come_after_the_built_ones_and_new_cards_win() -> None:
    table = WorkTable.of(CARDS)
    assert table.setdefault("w-new", 4) == 4
    assert table.setdefault("w-new", 5) == 4
    assert table.setdefault("w-b", 5) == 1
    with pytest.raises(ValueError, match="at 5, not at 9"):
        table.setdefault("w-other", 9)
    assert len(table) == 5
    assert table.id(4) == "w-new"
    assert table.card(4) == ("", None, None)  # numbered, no card yet
    table.write_cards({"w-b": ("Renamed", 2022, "publication"), "w-x": ("New", 2024, None)})
    assert table.card(1) == ("Renamed", 2022, "publication")
    assert table.get("w-x") == 5
    assert table.card(5) == ("New", 2024, None)
    assert table.card(0) == ("A patent", None, "patent")


def test_an_empty_table() -> None:
    table = WorkTable.of({})
    assert len(table) == 0
    assert table.get("w") is None
    assert list(table.built_positions([])) == []
    assert table.setdefault("w", 0) == 0
    assert table.id(0) == "w"


def test_pair_works_read_built_then_added_positions() -> None:
    pairs = PairWorks(np.array([2, 0, 2], dtype=np.int32))
    pairs.extend([4, 1])
    assert len(pairs) == 5
    assert [pairs[p] for p in range(5)] == [2, 0, 2, 4, 1]
    assert pairs.between(1, 4) == [0, 2, 4]


def test_a_checkpoint_writes_the_columns_out_of_band() -> None:
    cards = {
        f"work-{n:06d}": (f"Title number {n}", 2000 + n % 20, "publication") for n in range(5000)
    }
    table = WorkTable.of(cards)
    table.setdefault("added-later", len(table))
    data, buffers = pickled(table)
    # The ids, titles, their ends and the years are large enough to be mapped, not copied.
    assert len(buffers) >= 4
    assert len(data) < 10_000
    again = pickle.loads(data, buffers=buffers)
    assert again.get("work-004321") == 4321
    assert again.card(4321) == ("Title number 4321", 2001, "publication")
    assert again.get("added-later") == 5000
