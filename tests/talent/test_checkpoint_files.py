"""Checkpoint files on their own: what goes in comes back, its large arrays mapped from the
file rather than copied; only the newest are kept; the fingerprint follows the taxonomy."""

import json
from pathlib import Path

import numpy as np
import pytest

from talent.core.changes import Head
from talent.snapshot.checkpoint import MANIFEST, Checkpoints, fingerprint, load
from talent.snapshot.rows import SkillLink, Taxonomy

MARKS = {3: Head(3, 7, "epoch-a", 0), 11: Head(11, 2, "epoch-b", 1)}


MEMBERS = [("machine-learning", "g01"), ("machine-learning", "g02")]


def _taxonomy(label: str = "Machine learning") -> Taxonomy:
    skill = SkillLink("machine-learning", label, "Học máy", [], [], [])
    return Taxonomy(skills=[skill], groups=["g01", "g02"], members=MEMBERS)


def test_a_state_comes_back_with_its_arrays_mapped_read_only(tmp_path: Path) -> None:
    big = np.arange(100_000, dtype=np.int64)
    state = {"ids": ["a", "b"], "big": big, "small": np.array([1, 2, 3])}
    folder = Checkpoints(tmp_path).write(state, MARKS, fingerprint="f", build_seconds=1.5)
    loaded = load(folder, "f")
    assert loaded.marks == MARKS
    assert loaded.build_seconds == 1.5
    assert loaded.state["ids"] == ["a", "b"]
    assert np.array_equal(loaded.state["big"], big)
    assert np.array_equal(loaded.state["small"], [1, 2, 3])
    assert not loaded.state["big"].flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        loaded.state["big"][0] = 1


def test_only_the_two_newest_are_kept_and_the_newest_is_read(tmp_path: Path) -> None:
    checkpoints = Checkpoints(tmp_path)
    for n in range(4):
        checkpoints.write({"n": n}, MARKS, fingerprint="f", build_seconds=0.0)
    assert len(checkpoints.folders()) == 2
    found = checkpoints.latest("f")
    assert found is not None
    assert found.state == {"n": 3}
    assert checkpoints.latest("another") is None


def test_an_unreadable_manifest_is_corrupt_and_removed(tmp_path: Path) -> None:
    checkpoints = Checkpoints(tmp_path)
    older = checkpoints.write({"n": 1}, MARKS, fingerprint="f", build_seconds=0.0)
    newer = checkpoints.write({"n": 2}, MARKS, fingerprint="f", build_seconds=0.0)
    (newer / MANIFEST).write_text("{not json", encoding="utf-8")
    found = checkpoints.latest("f")
    assert found is not None
    assert found.state == {"n": 1}
    assert found.folder == older
    assert not newer.exists()


def test_a_manifest_naming_other_sizes_is_refused(tmp_path: Path) -> None:
    folder = Checkpoints(tmp_path).write(
        {"big": np.zeros(10_000)}, MARKS, fingerprint="f", build_seconds=0.0
    )
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    manifest["arrays"]["size"] += 8
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert Checkpoints(tmp_path).latest("f") is None


def test_the_fingerprint_changes_with_the_taxonomy_the_model_and_the_fields() -> None:
    base = fingerprint(_taxonomy(), "model-a", (Head,))
    assert base == fingerprint(_taxonomy(), "model-a", (Head,))
    assert base != fingerprint(_taxonomy("Machine Learning"), "model-a", (Head,))
    assert base != fingerprint(_taxonomy(), "model-b", (Head,))
    assert base != fingerprint(_taxonomy(), "model-a", (Head, SkillLink))
    # The graph's order of groups and members does not matter; their content does.
    shuffled = Taxonomy(skills=_taxonomy().skills, groups=["g02", "g01"], members=MEMBERS[::-1])
    assert fingerprint(shuffled, "model-a", (Head,)) == base
    fewer = Taxonomy(skills=_taxonomy().skills, groups=["g01"], members=MEMBERS[:1])
    assert fingerprint(fewer, "model-a", (Head,)) != base
