"""The scans a snapshot is read from: whole, or limited to the experts a change touched."""

from graph import GraphStore
from graph.queries import embeddings, insights, search
from graph.queries import matching as q
from talent.snapshot.rows import (
    AffiliationEdge,
    Authorship,
    ExpertRow,
    Rows,
    SkillEdge,
    SkillLink,
    Taxonomy,
    WorkText,
)


class SnapshotRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def taxonomy(self) -> Taxonomy:
        links = sorted((SkillLink(**row) for row in self.store.run(q.skill_links())), key=_id)
        return Taxonomy(
            skills=links,
            groups=[row["id"] for row in self.store.run(insights.current_groups())],
            members=[(row["skill"], row["grp"]) for row in self.store.run(search.skill_groups())],
        )

    def rows(self, ids: list[str] | None = None, *, works: bool = True) -> Rows:
        """Every expert, or those of `ids`, in id order, with their edges and (unless `works`
        is false: a view that reads none) their works."""
        experts = sorted((ExpertRow(**row) for row in self.store.run(q.expert_rows(ids))), key=_id)
        authorships: list[Authorship] = []
        texts: list[WorkText] = []
        if works:
            authorships = [Authorship(**row) for row in self.store.run(q.authorship_edges(ids))]
            if ids is None:
                texts = self._with_vectors(
                    [WorkText(**row) for row in self.store.run(q.work_texts())], None
                )
            elif work_ids := sorted({a.work for a in authorships}):
                texts = self._with_vectors(
                    [WorkText(**row) for row in self.store.run(q.work_texts(work_ids))], work_ids
                )
        return Rows(
            experts=experts,
            skills=[SkillEdge(**row) for row in self.store.run(q.skill_edges(ids))],
            affiliations=[
                AffiliationEdge(**row) for row in self.store.run(q.affiliation_edges(ids))
            ],
            authorships=authorships,
            works=texts,
            ids=sorted(ids) if ids is not None else [e.id for e in experts],
        )

    def _with_vectors(self, texts: list[WorkText], ids: list[str] | None) -> list[WorkText]:
        """The works with the vectors stored for them (read apart: a scan of the vectors beside
        the scan of the works costs less than a lookup per work)."""
        stored = {row["id"]: row for row in self.store.run(embeddings.vectors_of(ids))}
        if not stored:
            return texts
        joined = []
        for text in texts:
            found = stored.get(text.id)
            if found is not None:
                text = text._replace(
                    vector=found["data"],
                    vector_scale=found["scale"],
                    vector_model=found["model"],
                    vector_hash=found["hash"],
                )
            joined.append(text)
        return joined

    def authors_of(self, work_ids: list[str]) -> set[str]:
        if not work_ids:
            return set()
        return {row["expert"] for row in self.store.run(q.authors_of(work_ids))}


def _id(row: SkillLink | ExpertRow) -> str:
    return row.id
