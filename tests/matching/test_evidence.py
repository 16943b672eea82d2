"""The evidence-fit scorer and the `talent affinity` command that exposes it."""

import json
import subprocess
import sys
from pathlib import Path

import httpx
import numpy as np
import pytest

from matching.evidence import EvidenceModel, affinity, grouped_affinity, terms
from tests.conftest import ROOT
from tests.matching.helpers import expert, matches, ranked_ids, role, work

ONLY_EVIDENCE = {
    "skill": 0, "evidence": 1, "seniority": 0, "network": 0, "availability": 0, "confidence": 0,
}  # fmt: skip


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


def test_grouped_affinity_worked_out_by_hand() -> None:
    # Each expert's works, best first: sqrt((s1^2 + 0.85 s2^2 + ...) / sqrt(1 + 0.85 + ...)).
    sims = np.asarray([0.2, 0.9, 0.5, 0.0, 0.3, 0.6])
    offsets = np.asarray([0, 2, 3], dtype=np.int64)
    sizes = np.asarray([2, 1, 3], dtype=np.int64)
    first = np.sqrt((0.81 + 0.85 * 0.04) / np.sqrt(1.85))
    third = np.sqrt((0.36 + 0.85 * 0.09) / np.sqrt(1 + 0.85 + 0.85**2))
    assert first == pytest.approx(0.78773, abs=1e-5)
    assert grouped_affinity(sims, offsets, sizes).tolist() == pytest.approx([first, 0.5, third])


def test_one_work_scores_its_similarity_and_order_does_not_matter() -> None:
    assert affinity(np.asarray([0.37])) == pytest.approx(0.37)
    assert affinity(np.asarray([0.1, 0.0, 0.4])) == pytest.approx(
        affinity(np.asarray([0.4, 0.1, 0.0]))
    )


def test_twelve_relevant_works_outrank_one_close_work_at_equal_best() -> None:
    volume = np.asarray([0.5] + [0.4] * 11)
    single = np.asarray([0.5])
    assert affinity(volume) > affinity(single)


def test_a_prolific_author_of_unrelated_works_does_not_outrank_a_focused_one() -> None:
    prolific = np.asarray([0.3] + [0.05] * 99)
    focused = np.asarray([0.3, 0.25, 0.2])
    assert affinity(focused) > affinity(prolific)
    assert affinity(np.asarray([0.3] + [0.1] * 99)) < affinity(np.asarray([0.3] + [0.25] * 3))


def test_unrelated_works_barely_lower_an_experts_affinity() -> None:
    # Comparable across experts: a fuller archive of other subjects costs little, unlike a mean.
    works = np.asarray([0.5, 0.4, 0.3, 0.2])
    with_others = np.concatenate([works, np.zeros(30)])
    assert affinity(with_others) >= 0.8 * affinity(works)
    assert affinity(with_others) < affinity(works)


def test_concept_terms_join_the_words_of_a_text() -> None:
    def concepts(text: str) -> list[str]:
        lowered = text.lower()
        return ["concept:ml"] if "học máy" in lowered or "machine learning" in lowered else []

    corpus = ["Học máy cho nông nghiệp", "Machine learning for crops", "Bridge corrosion"]
    model = EvidenceModel(corpus, concepts=concepts)
    vectors = model.vectors(["Học máy cho nông nghiệp", "Machine learning for crops"])
    assert (vectors[0] @ vectors[1].T).toarray()[0, 0] > 0
    plain = EvidenceModel(corpus).vectors(["Học máy cho nông nghiệp", "Machine learning for crops"])
    assert (plain[0] @ plain[1].T).toarray()[0, 0] == 0


def test_more_works_on_the_role_rank_an_expert_higher_through_the_api(
    client: httpx.Client,
) -> None:
    close = ("Federated learning for speech recognition", "Speech models trained across hospitals.")
    single = expert(client)
    work(client, single, *close)
    volume = expert(client)
    work(client, volume, *close)
    looser = "Acoustic models and federated learning."
    for topic in ("dialect", "noise", "children", "privacy"):
        work(client, volume, f"Speech recognition for {topic} in clinics", looser)
    other = expert(client)
    for n in range(20):  # the topic's words must stay under the index's document frequency cap
        work(client, other, f"Corrosion of bridge steel, site {n}", "Marine field study.")
    role_id = role(client, requirements=[], description="Federated learning speech recognition")
    assert ranked_ids(matches(client, role_id, weights=ONLY_EVIDENCE))[:2] == [volume, single]


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
    for name, titles in papers.items():
        lines = [
            json.dumps({"id": f"{name}-{i}", "content": {"title": t, "abstract": ""}})
            for i, t in enumerate(titles)
        ]
        (archives / f"{name}.jsonl").write_text("\n".join(lines), encoding="utf-8")
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
