"""The scans a snapshot is read from: whole, or limited to the experts a change touched."""

from itertools import batched
from typing import Any

from graph import GraphStore, Query
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
            experts = sorted(
                map(ExpertRow._make, self._listed(q.expert_page(after, PAGE))), key=_id
            )
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
            experts = sorted(map(ExpertRow._make, self._listed(q.expert_rows(ids))), key=_id)
        authorships: list[Authorship] = []
        texts: list[WorkText] = []
        if works:
            authorships = list(map(Authorship._make, self._listed(q.authorship_edges(ids))))
            wanted = {a.work for a in authorships}
            if read is not None:
                wanted -= read
                read |= wanted
            for chunk in batched(sorted(wanted), PAGE):
                texts += map(WorkText._make, self._listed(q.works_with_vectors(list(chunk))))
        return Rows(
            experts=experts,
            skills=list(map(SkillEdge._make, self._listed(q.skill_edges(ids)))),
            affiliations=list(map(AffiliationEdge._make, self._listed(q.affiliation_edges(ids)))),
            authorships=authorships,
            works=texts,
            ids=ids,
        )

    def _listed(self, query: Query) -> list[list[Any]]:
        """The rows a snapshot read returns as one list of lists (graph.queries.matching)."""
        found = self.store.run(query)
        rows: list[list[Any]] = found[0]["rows"] if found else []
        return rows

    def authors_of(self, work_ids: list[str]) -> set[str]:
        if not work_ids:
            return set()
        return {row["expert"] for row in self.store.run(q.authors_of(work_ids))}


def _id(row: SkillLink | ExpertRow) -> str:
    return row.id
