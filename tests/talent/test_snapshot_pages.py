"""A full read in pages of experts gives the same rows as one read of everything: each expert
once, in id order, with all their edges, and each work once however many pages its authors
span."""

import pytest

from graph.neo4j_store import Neo4jStore
from graph.query import Mode, Query
from talent.demo.seeding import seed_demo
from talent.snapshot import repository
from talent.snapshot.repository import SnapshotRepository
from talent.snapshot.rows import Rows


def _read(store: Neo4jStore, page: int, monkeypatch: pytest.MonkeyPatch) -> Rows:
    monkeypatch.setattr(repository, "PAGE", page)
    return SnapshotRepository(store).rows()


def test_pages_of_seven_read_what_one_page_reads(
    store: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_demo(store, 45, seed=12)
    # One work by the first and the last expert: its authors are six pages apart.
    store.run(
        Query(
            "MATCH (e:Expert) WITH e ORDER BY e.id WITH collect(e) AS everyone\n"
            "MATCH (w:Work)<-[:AUTHORED]-(first) WHERE first = everyone[0]\n"
            "WITH everyone, w LIMIT 1\n"
            "WITH everyone[-1] AS last, w MERGE (last)-[:AUTHORED]->(w)",
            mode=Mode.WRITE,
        )
    )
    whole = _read(store, 10_000, monkeypatch)
    paged = _read(store, 7, monkeypatch)
    assert len(whole.experts) == 45
    assert paged.ids == whole.ids == sorted(whole.ids)
    assert paged.experts == whole.experts
    assert sorted(paged.skills) == sorted(whole.skills)
    assert sorted(paged.affiliations, key=repr) == sorted(whole.affiliations, key=repr)
    assert sorted(paged.authorships) == sorted(whole.authorships)
    work_ids = [w.id for w in paged.works]
    assert len(work_ids) == len(set(work_ids))
    assert sorted(paged.works) == sorted(whole.works)
    authors: dict[str, set[str]] = {}
    for edge in whole.authorships:
        authors.setdefault(edge.work, set()).add(edge.expert)
    assert any(len(by) > 1 for by in authors.values())
    assert set(work_ids) == set(authors)
