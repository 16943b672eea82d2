"""The evidence-fit scorer and the `talent affinity` command that exposes it."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from matching.evidence import EvidenceModel, affinity, grouped_affinity, terms
from tests.conftest import ROOT


def test_terms_are_stemmed_without_stop_words_and_include_pairs() -> None:
    assert terms("The networks of learning systems") == [
        "network", "learn", "system", "network learn", "learn system"
    ]  # fmt: skip


def test_grouped_affinity_equals_affinity_per_expert() -> None:
    sims = np.asarray([0.1, 0.5, 0.0, 0.3, 0.0, 0.2])
    offsets = np.asarray([0, 2, 3], dtype=np.int64)
    sizes = np.asarray([2, 1, 3], dtype=np.int64)
    expected = [affinity(sims[0:2]), affinity(sims[2:3]), affinity(sims[3:6])]
    assert grouped_affinity(sims, offsets, sizes).tolist() == pytest.approx(expected)
    assert affinity(np.asarray([0.2, 0.4])) == pytest.approx(0.5 * 0.4 + 0.5 * 0.3)


def test_a_text_is_closer_to_works_on_its_topic() -> None:
    model = EvidenceModel(
        [
            "Graph neural networks for molecule property prediction",
            "Low-power RISC-V cores for edge devices",
            "Molecule generation with graph neural networks",
        ]
    )
    query = model.vectors(["graph neural networks for molecules"])
    works = model.vectors(["Graph neural networks for molecule property prediction",
                           "Low-power RISC-V cores for edge devices"])  # fmt: skip
    sims = (query @ works.T).toarray().ravel()
    assert sims[0] > 0.3 > sims[1] == 0


def _write_archives(folder: Path) -> Path:
    archives = folder / "archives"
    archives.mkdir()
    papers = {
        "~Chip_Designer1": ["RISC-V processor design", "Low-power SoC verification"],
        "~Vision_Person1": ["Object detection in aerial images", "Image segmentation networks"],
        "~No_Papers1": [],
    }
    for expert, titles in papers.items():
        lines = [
            json.dumps({"id": f"{expert}-{i}", "content": {"title": t, "abstract": ""}})
            for i, t in enumerate(titles)
        ]
        (archives / f"{expert}.jsonl").write_text("\n".join(lines), encoding="utf-8")
    return archives


def test_the_affinity_command_scores_every_expert_item_pair(tmp_path: Path) -> None:
    archives = _write_archives(tmp_path)
    items = {
        "p1": {"id": "p1", "content": {"title": "A RISC-V SoC", "abstract": "Processor design."}},
        "p2": {"id": "p2", "content": {"title": "Segmentation of aerial images"}},
    }
    (tmp_path / "items.json").write_text(json.dumps(items), encoding="utf-8")
    out = tmp_path / "scores.json"
    completed = subprocess.run(
        [
            sys.executable, "-m", "api.cli", "affinity", "--archives", str(archives),
            "--submissions", str(tmp_path / "items.json"), "--out", str(out),
        ],
        cwd=ROOT, capture_output=True, text=True, check=False,
        env={"PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1", "NO_NETWORK": "1"},
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    scores = json.loads(out.read_text())
    assert set(scores) == {"Chip_Designer1", "Vision_Person1", "No_Papers1"}
    assert all(set(row) == {"p1", "p2"} for row in scores.values())
    assert scores["Chip_Designer1"]["p1"] > scores["Vision_Person1"]["p1"]
    assert scores["Vision_Person1"]["p2"] > scores["Chip_Designer1"]["p2"]
    assert scores["No_Papers1"] == {"p1": 0.0, "p2": 0.0}


def test_the_affinity_command_names_a_bad_line(tmp_path: Path) -> None:
    archives = _write_archives(tmp_path)
    (archives / "~Broken1.jsonl").write_text('{"id": "x", "content": {"title": "ok"}}\nnot json')
    (tmp_path / "items.json").write_text("{}", encoding="utf-8")
    completed = subprocess.run(
        [
            sys.executable, "-m", "api.cli", "affinity", "--archives", str(archives),
            "--submissions", str(tmp_path / "items.json"), "--out", str(tmp_path / "o.json"),
        ],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert completed.returncode == 2
    assert "~Broken1.jsonl:2" in completed.stderr
    assert not (tmp_path / "o.json").exists()
