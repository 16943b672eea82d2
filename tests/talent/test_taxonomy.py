import json
from pathlib import Path

from graph.neo4j_store import Neo4jStore
from graph.queries import meta
from talent.core.names import fold_name
from talent.taxonomy.bundled import bundled, load_bundled
from talent.taxonomy.service import import_scheme


def test_bundled_taxonomy_has_both_decisions_and_300_skills_covering_every_group() -> None:
    data = bundled()
    decisions = {d["id"]: d for d in data["decisions"]}
    assert len(decisions["qd21-2026"]["groups"]) == 10
    assert len(decisions["qd21-2026"]["products"]) == 30
    assert len(decisions["qd1131-2025"]["groups"]) == 11
    assert next(d for d in data["decisions"] if d["current"])["id"] == "qd21-2026"
    skills = data["skills"]
    assert len(skills) >= 300
    ids = {s["id"] for s in skills}
    assert all(s["en"] and s["vi"] for s in skills)
    assert all(b in ids for s in skills for b in s["broader"])
    covered = {g for s in skills for g in s["groups"]}
    assert covered == {g["id"] for g in decisions["qd21-2026"]["groups"]}
    assert len({fold_name(s["en"]) for s in skills}) == len(skills)


def test_loading_the_taxonomy_twice_changes_nothing(store: Neo4jStore) -> None:
    before = store.run(meta.counts())
    load_bundled(store)
    assert store.run(meta.counts()) == before
    counts = {row["label"]: row["n"] for row in before}
    assert counts["Skill"] == len(bundled()["skills"])
    assert counts["TechGroup"] == 21


def test_a_skos_scheme_imports_as_concepts_linked_to_our_skills(
    store: Neo4jStore, tmp_path: Path
) -> None:
    path = tmp_path / "ccs.xml"
    path.write_text(
        """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns:skos="http://www.w3.org/2004/02/skos/core#" xmlns:dc="http://purl.org/dc/elements/1.1/">
<skos:ConceptScheme rdf:about="x"><dc:title>The ACM Computing Classification System</dc:title></skos:ConceptScheme>
<skos:Concept rdf:about="#1"><skos:prefLabel>Computing methodologies</skos:prefLabel></skos:Concept>
<skos:Concept rdf:about="#2"><skos:prefLabel>Machine learning</skos:prefLabel><skos:broader rdf:resource="#1"/></skos:Concept>
</rdf:RDF>""",
        encoding="utf-8",
    )
    result = import_scheme(store, path)
    assert result == {"scheme": "acm-ccs", "concepts": 2, "broader": 1, "linked": 1}
    again = import_scheme(store, path)
    assert again == result
    counts = {row["label"]: row["n"] for row in store.run(meta.counts())}
    assert counts["Skill"] == len(bundled()["skills"]) + 2


def test_arxiv_and_esco_files_import(store: Neo4jStore, tmp_path: Path) -> None:
    arxiv = tmp_path / "arxiv.json"
    arxiv.write_text(
        json.dumps({
            "ARCHIVES": {"cs": {"name": "Computer Science"}},
            "CATEGORIES": {"cs.LG": {"name": "Machine Learning", "in_archive": "cs", "is_active": True}},
        })
    )  # fmt: skip
    assert import_scheme(store, arxiv)["concepts"] == 2
    esco = tmp_path / "digital.csv"
    esco.write_text(
        "conceptUri,preferredLabel,altLabels,description,broaderConceptUri\n"
        "http://data.europa.eu/esco/skill/abc,cloud computing,cloud technologies,d,\n"
    )
    assert import_scheme(store, esco) == {
        "scheme": "esco",
        "concepts": 1,
        "broader": 0,
        "linked": 1,
    }
