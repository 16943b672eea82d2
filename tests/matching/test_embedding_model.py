"""The shipped sentence model, loaded from its pinned files as production loads it."""

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from matching.embedding.cache import CachedEmbedder
from matching.embedding.files import ModelFilesError, in_folder, pinned, sha256_of
from matching.embedding.onnx import OnnxEmbedder
from matching.embedding.packing import from_bytes, pack, to_bytes, unpack


@pytest.fixture(scope="module")
def model() -> OnnxEmbedder:
    return OnnxEmbedder(pinned())


def test_the_pinned_files_hash_as_pinned() -> None:
    files = pinned()
    assert sha256_of(files.model) == (
        "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
    )
    assert files.model.stat().st_size == 22_928_619
    assert files.dimension == 384


def test_vectors_have_the_models_dimension_and_unit_length(model: OnnxEmbedder) -> None:
    vectors = model.encode(["Graph neural networks for molecules", "Tối ưu hoá lưới điện", ""])
    assert vectors.shape == (3, 384)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors[:2], axis=1), 1.0, atol=1e-5)
    assert not vectors[2].any()  # nothing to read: similar to nothing


def test_a_paraphrase_ranks_above_an_unrelated_text(model: OnnxEmbedder) -> None:
    query, paraphrase, unrelated = model.encode(
        [
            "Solid-state lithium batteries with sulfide electrolytes",
            "An all-solid-state cell built on a sulphide ion conductor",
            "Medieval French poetry and its manuscripts",
        ]
    )
    assert float(query @ paraphrase) > 0.5
    assert float(query @ unrelated) < 0.2


def test_one_text_gives_the_same_vector_alone_and_in_a_batch(model: OnnxEmbedder) -> None:
    texts = ["short", "a much longer text about radar signal processing " * 10, "LiDAR SLAM"]
    together = model.encode(texts)
    alone = np.stack([model.encode([t])[0] for t in texts])
    assert np.allclose(together, alone, atol=1e-5)


def test_a_changed_file_is_refused_with_its_name(tmp_path: Path) -> None:
    files = pinned()
    folder = tmp_path / "model"
    folder.mkdir()
    shutil.copy(files.model, folder / "model.onnx")
    shutil.copy(files.tokenizer, folder / "tokenizer.json")
    manifest = {
        "model_id": "copy",
        "dimension": 384,
        "sha256": {"model.onnx": sha256_of(files.model), "tokenizer.json": "0" * 64},
    }
    (folder / "talent-embedding.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelFilesError, match=r"tokenizer\.json: sha256"):
        OnnxEmbedder(in_folder(folder))
    manifest["sha256"]["tokenizer.json"] = sha256_of(files.tokenizer)  # type: ignore[index]
    (folder / "talent-embedding.json").write_text(json.dumps(manifest))
    copy = OnnxEmbedder(in_folder(folder))
    assert copy.model_id == "copy"
    assert copy.encode(["radar"]).shape == (1, 384)


def test_a_manifest_without_hashes_or_of_the_wrong_width_is_refused(tmp_path: Path) -> None:
    (tmp_path / "talent-embedding.json").write_text(json.dumps({"model_id": "x", "dimension": 8}))
    with pytest.raises(ModelFilesError, match="sha256"):
        in_folder(tmp_path)
    files = pinned()
    shutil.copy(files.model, tmp_path / "model.onnx")
    shutil.copy(files.tokenizer, tmp_path / "tokenizer.json")
    hashes = {n: sha256_of(tmp_path / n) for n in ("model.onnx", "tokenizer.json")}
    manifest = {"model_id": "x", "dimension": 768, "sha256": hashes}
    (tmp_path / "talent-embedding.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelFilesError, match="384 dimensions"):
        OnnxEmbedder(in_folder(tmp_path))


def test_packed_vectors_keep_their_cosines(model: OnnxEmbedder) -> None:
    vectors = model.encode(["quantum error correction", "surface codes for qubits", "poetry"])
    packed, scales = pack(vectors)
    assert packed.dtype == np.int8
    assert len(to_bytes(packed[0])) == 384
    back = unpack(np.stack([from_bytes(to_bytes(row), 384) for row in packed]), scales)
    assert np.allclose(back @ back.T, vectors @ vectors.T, atol=5e-3)
    with pytest.raises(ValueError, match="384"):
        from_bytes(b"\x01\x02", 384)


def test_the_cache_answers_from_its_file(model: OnnxEmbedder, tmp_path: Path) -> None:
    path = tmp_path / "vectors.npz"
    first = CachedEmbedder(model, path)
    expected = first.encode(["radar", "sonar"])
    first.save()

    class Refusing:
        model_id, dimension = model.model_id, model.dimension

        def encode(self, texts: object, *, queries: bool = False) -> object:
            raise AssertionError("the cache should have answered")

    again = CachedEmbedder(Refusing(), path)  # type: ignore[arg-type]
    assert np.array_equal(again.encode(["sonar", "radar"]), expected[::-1])
