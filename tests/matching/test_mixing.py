"""Mixing a work's words with its meaning, and pooling the mix, with a deterministic embedder in
place of the model (the model itself: test_embedding_model.py, test_work_vectors.py)."""

from collections.abc import Sequence

import numpy as np
import pytest

from matching.build import build_index
from matching.embedding.packing import pack, to_bytes
from matching.embedding.port import Vectors, text_hash, unit_rows
from matching.evidence import Mix, work_text
from matching.rank import evidence
from talent.snapshot.rows import Authorship, ExpertRow, Rows, Taxonomy, WorkText

# One axis per topic, named by any of its words: meaning without a model.
AXES = (("battery", "accumulator"), ("poem", "verse"), ("radar", "sonar"))


class Axes:
    model_id = "axes-1"
    dimension = len(AXES)

    def encode(self, texts: Sequence[str], *, queries: bool = False) -> Vectors:
        rows = [[float(any(w in t.lower() for w in words)) for words in AXES] for t in texts]
        return unit_rows(np.asarray(rows, dtype=np.float32).reshape(len(texts), len(AXES)))


def test_the_mix_weighs_meaning_above_its_floor_and_leaves_works_without_vectors_alone() -> None:
    lexical = np.asarray([0.2, 0.0, 0.5])
    semantic = np.asarray([0.9, 0.6, -0.3])
    has = np.asarray([True, True, False], dtype=np.bool_)
    assert Mix(0.5).of(lexical, semantic, has).tolist() == pytest.approx([0.55, 0.3, 0.5])
    # Above a floor of 0.2, rescaled: 0.9 -> 0.875, 0.6 -> 0.5.
    assert Mix(0.5, floor=0.2).of(lexical, semantic, has).tolist() == pytest.approx(
        [0.5375, 0.25, 0.5]
    )
    assert Mix(0.0).of(lexical, semantic, has).tolist() == pytest.approx([0.2, 0.0, 0.5])


def _expert(expert_id: str) -> ExpertRow:
    return ExpertRow(expert_id, "active", True, "home", 10, ["vi"], [], None, None, 3, 0,
                     expert_id, None, "VN", False, [], None, None)  # fmt: skip


def _work(work_id: str, title: str, *, model: str = Axes.model_id, hash_of: str = "") -> WorkText:
    packed, scales = pack(Axes().encode([title]))
    return WorkText(work_id, title, None, 2024, "article", to_bytes(packed[0]), float(scales[0]),
                    model, text_hash(work_text(hash_of or title, "")))  # fmt: skip


def test_an_expert_is_found_by_meaning_alone_only_through_a_current_vector_of_the_model() -> None:
    rows = Rows(
        experts=[_expert("e1"), _expert("e2"), _expert("e3"), _expert("e4")],
        skills=[],
        affiliations=[],
        authorships=[Authorship(f"e{n}", f"w{n}") for n in range(1, 5)],
        works=[
            _work("w1", "Sulphide battery cells"),
            _work("w2", "A poem of the sea"),
            # The same meaning, but stored by another model, or for an older text: unused.
            _work("w3", "Sodium battery anodes", model="another-model"),
            _work("w4", "Battery packs", hash_of="An older title"),
        ],
    )
    index = build_index(Taxonomy([], [], []), rows, "r1", embedder=Axes())
    assert index.meaning_scale.tolist() == pytest.approx(
        [index.meaning_scale[0], index.meaning_scale[1], 0.0, 0.0]
    )
    everyone = np.arange(4, dtype=np.int64)
    # No word in common with any work: only the battery axis connects it to w1, w3 and w4.
    query = "Rechargeable accumulators"
    assert evidence(index, query, everyone, Mix(0.0))[0].tolist() == [0, 0, 0, 0]
    fit, pairs, sims = evidence(index, query, everyone, Mix(0.5))
    assert fit[0] > 0
    # Half of w1's similarity is its cosine of 1 with the query; the other half its words' 0.
    assert sims[pairs.tolist().index(0)] == pytest.approx(0.5, abs=0.01)
    assert fit[1:].tolist() == [0, 0, 0]
