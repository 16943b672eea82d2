"""The scans a snapshot is read from: whole, or limited to the experts a change touched."""

from itertools import batched

from graph import GraphStore
from graph.queries import insights, search
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

# Experts a page of a full read holds, and works a statement reads at most.
PAGE = 10_000


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
        """Every expert (read in pages of `PAGE` by id), or those of `ids`, in id order, with
        their edges and (unless `works` is false: a view that reads none) their works."""
        if ids is not None:
            return self._rows_of(sorted(ids), works=works)
        whole = Rows(experts=[], skills=[], affiliations=[], authorships=[], works=[])
        after = ""
        read: set[str] = set()  # works read with an earlier page (a co-author's)
        while True:
            experts = [ExpertRow(**row) for row in self.store.run(q.expert_page(after, PAGE))]
            if not experts:
                break
            page_ids = [e.id for e in experts]
            page = self._rows_of(page_ids, works=works, experts=experts, read=read)
            whole.experts += page.experts
            whole.skills += page.skills
            whole.affiliations += page.affiliations
            whole.authorships += page.authorships
            whole.works += page.works
            after = experts[-1].id
        whole.ids = [e.id for e in whole.experts]  # in id order: so are the pages
        return whole

    def _rows_of(
        self,
        ids: list[str],
        *,
        works: bool,
        experts: list[ExpertRow] | None = None,
        read: set[str] | None = None,
    ) -> Rows:
        """The rows of the experts `ids` (sorted); `experts` when their own rows are read
        already; works in `read` are not read again (and those read here are added to it)."""
        if experts is None:
            experts = sorted(
                (ExpertRow(**row) for row in self.store.run(q.expert_rows(ids))), key=_id
            )
        authorships: list[Authorship] = []
        texts: list[WorkText] = []
        if works:
            authorships = [Authorship(**row) for row in self.store.run(q.authorship_edges(ids))]
            wanted = {a.work for a in authorships}
            if read is not None:
                wanted -= read
                read |= wanted
            for chunk in batched(sorted(wanted), PAGE):
                found = self.store.run(q.works_with_vectors(list(chunk)))
                texts += [WorkText(**row) for row in found]
        return Rows(
            experts=experts,
            skills=[SkillEdge(**row) for row in self.store.run(q.skill_edges(ids))],
            affiliations=[
                AffiliationEdge(**row) for row in self.store.run(q.affiliation_edges(ids))
            ],
            authorships=authorships,
            works=texts,
            ids=ids,
        )

    def authors_of(self, work_ids: list[str]) -> set[str]:
        if not work_ids:
            return set()
        return {row["expert"] for row in self.store.run(q.authors_of(work_ids))}


def _id(row: SkillLink | ExpertRow) -> str:
    return row.id
