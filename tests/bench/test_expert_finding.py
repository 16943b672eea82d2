"""The expert-finding benchmark's parts on a tiny made-up gold standard and taxonomy."""

import json
from pathlib import Path

import pytest

from bench.ccs_topics import labelled, read_topics
from bench.expert_finding import SCORERS, read_copy, topic_queries, topic_task, transposed
from matching.embedding.files import pinned
from matching.embedding.onnx import OnnxEmbedder
from matching.evidence import Mix

WORDS = SCORERS["evidence fit, words only"].pool


@pytest.fixture(scope="module")
def model() -> OnnxEmbedder:
    return OnnxEmbedder(pinned())


SKOS = """<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:skos="http://www.w3.org/2004/02/skos/core#">
<skos:Concept rdf:about="#1"><skos:prefLabel>Computing methodologies</skos:prefLabel>
  <skos:narrower rdf:resource="#2"/></skos:Concept>
<skos:Concept rdf:about="#2"><skos:prefLabel>Machine learning</skos:prefLabel>
  <skos:altLabel>learning</skos:altLabel><skos:narrower rdf:resource="#3"/>
  <skos:broader rdf:resource="#1"/></skos:Concept>
<skos:Concept rdf:about="#3"><skos:prefLabel>Neural networks</skos:prefLabel>
  <skos:broader rdf:resource="#2"/></skos:Concept>
</rdf:RDF>
"""


def _archive(folder: Path, name: str, works: list[tuple[str, str]]) -> None:
    lines = [json.dumps({"id": i, "content": {"title": t, "abstract": ""}}) for i, t in works]
    (folder / f"~{name}.jsonl").write_text("\n".join(lines), encoding="utf-8")


def test_a_topic_labels_texts_by_its_own_and_narrower_phrases_of_two_words(tmp_path: Path) -> None:
    (tmp_path / "ccs.xml").write_text(SKOS, encoding="utf-8")
    topics = {t.label: t for t in read_topics(tmp_path / "ccs.xml")}
    assert topics["Machine learning"].depth == 1
    assert "Neural networks" in topics["Machine learning"].description
    texts = ["Deep neural network pruning", "Learning to rank", "Machine learning at scale"]
    found = labelled(texts, list(topics.values()))
    assert found["2"] == {0, 2}  # one-word "learning" is too common to label
    assert found["3"] == {0}


def test_the_rater_is_found_without_the_rated_paper_in_a_coauthors_archive(
    tmp_path: Path, model: OnnxEmbedder
) -> None:
    archives = tmp_path / "archives"
    archives.mkdir()
    _archive(archives, "rater", [("r1", "Graph neural networks for molecules"),
                                 ("r2", "Molecule property prediction with graphs")])  # fmt: skip
    _archive(archives, "coauthor", [("p1", "Graph neural networks for molecule design"),
                                    ("c2", "Bridge corrosion in marine sites")])  # fmt: skip
    paper = {"id": "p1", "content": {"title": "Graph neural networks for molecule design"}}
    (tmp_path / "submissions.json").write_text(json.dumps({"p1": paper}), encoding="utf-8")
    copy = read_copy(tmp_path, model)
    mrr, top3 = transposed(copy, {"rater": {"p1": 4.5}}, WORDS, None)
    assert (mrr, top3) == (1.0, 1.0)  # with p1 left in, the co-author would come first
    assert transposed(copy, {"rater": {"p1": 4.5}}, WORDS, Mix(0.5)) == (1.0, 1.0)


def test_topic_queries_rank_experts_with_labelled_works(
    tmp_path: Path, model: OnnxEmbedder
) -> None:
    (tmp_path / "ccs.xml").write_text(SKOS, encoding="utf-8")
    archives = tmp_path / "archives"
    archives.mkdir()
    for n in range(3):
        _archive(archives, f"ml{n}", [(f"m{n}a", "Neural networks for vision"),
                                      (f"m{n}b", "Pruning neural networks")])  # fmt: skip
    for n in range(4):
        _archive(archives, f"civil{n}", [(f"c{n}", "Bridge corrosion in marine sites")])
    (tmp_path / "submissions.json").write_text("{}", encoding="utf-8")
    copy = read_copy(tmp_path, model)
    topics = read_topics(tmp_path / "ccs.xml")
    queries = topic_queries(copy, topics, labelled(copy.texts, topics))
    assert [(t.label, len(relevant)) for t, relevant in queries] == [("Machine learning", 3)]
    assert topic_task(copy, queries, WORDS, None) == pytest.approx((1.0, 1.0))
    assert topic_task(copy, queries, WORDS, Mix(1.0)) == pytest.approx((1.0, 1.0))
