"""Name scores worked out by hand on a small index: the best of the name words a typed word
may stand for counts, and a name holding only some typed words is found when none holds them
all."""

import numpy as np
import pytest
from scipy import sparse

from talent.search.index import SearchIndex, Shared, build_index
from talent.search.models import SearchRequest
from talent.search.service import search
from talent.snapshot.layered import Layered
from talent.snapshot.numbering import Numbering
from talent.snapshot.rows import Rows, Taxonomy
from tests.factories import expert_row

NAMES = ["Anh Oanh", "Anh Bình", "Oanh Bình", "Nguyễn Văn Minh", "Trần Minh", "Minh Trần"]


def _index() -> SearchIndex:
    ids = [f"e{k}" for k in range(len(NAMES))]
    experts = [expert_row(i, name) for i, name in zip(ids, NAMES, strict=True)]
    levels = Layered.of(sparse.csr_matrix((len(ids), 0), dtype=np.int8))
    shared = Shared(ids, Numbering({e: k for k, e in enumerate(ids)}), levels)
    return build_index(Taxonomy([], [], []), Rows(experts, [], [], [], []), shared, "r1")


def _scores(index: SearchIndex, q: str) -> dict[str, float]:
    result = search(index, SearchRequest(q=q), limit=20, cursor=None)
    return {hit.full_name: hit.score for hit in result.items}


def test_the_best_name_word_a_typed_word_stands_for_counts() -> None:
    # "anh" is "Anh" itself (credit 1), and "Oanh" one letter off (0.6 + 0.2 x 3/4 = 0.75).
    # Score: 0.8 x credit + 0.2 x (words typed / words in the name).
    scores = _scores(_index(), "anh")
    assert scores == pytest.approx({"Anh Oanh": 0.9, "Anh Bình": 0.9, "Oanh Bình": 0.7})


def test_without_a_name_holding_every_word_names_holding_some_are_found() -> None:
    # Nobody is called "Minh Zyxw": the names with "Minh", or "Bình" one letter off (0.75),
    # come. Each typed word weighs its rarity: idf ln(1 + 6 / 3) for "minh", the rarest
    # known word's ln(1 + 6 / 1) for the unknown one. A name's second word matched by no typed word
    # costs REUSED_PENALTY (0.1).
    scores = _scores(_index(), "minh zyxw")
    minh, unknown = np.log(1 + 6 / 3), np.log(7)
    share = minh / (minh + unknown)
    assert scores == pytest.approx(
        {
            "Trần Minh": 0.8 * share + 0.2 - 0.1,
            "Minh Trần": 0.8 * share + 0.2 - 0.1,
            "Nguyễn Văn Minh": 0.8 * share + 0.2 * 2 / 3 - 0.1,
            "Anh Bình": 0.8 * 0.75 * share + 0.2 - 0.1,
            "Oanh Bình": 0.8 * 0.75 * share + 0.2 - 0.1,
        },
        abs=1e-4,
    )


def test_of_names_with_the_very_words_typed_the_one_in_that_order_comes_first() -> None:
    # Both score 0.8 x 1 + 0.2 x 2 / 2; the order typed adds ORDER_BONUS (0.001).
    result = search(_index(), SearchRequest(q="tran minh"), limit=20, cursor=None)
    assert [(hit.full_name, hit.score) for hit in result.items] == [
        ("Trần Minh", 1.001),
        ("Minh Trần", 1.0),
    ]
