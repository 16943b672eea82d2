"""The taxonomy in the graph: browsing groups and skills, and writing loaded or imported
concepts (idempotent merges)."""

from collections.abc import Sequence
from itertools import batched

from graph import GraphStore
from graph.queries import taxonomy as q
from graph.store import Row
from talent.core.changes import SKILL, Change, Kind
from talent.core.errors import NotFound
from talent.core.repository import record_changes
from talent.snapshot.repository import SnapshotRepository
from talent.taxonomy.models import Link, NodeRow, ProductRow, Skill, TechGroup


def _group(row: Row) -> TechGroup:
    return TechGroup.model_validate(
        {**row["node"], "products": row["products"], "skill_count": row["skill_count"]}
    )


def _skill(row: Row) -> Skill:
    return Skill.model_validate(
        {**row["node"], "broader": sorted(row["broader"]), "groups": sorted(row["groups"])}
    )


def _nodes(rows: Sequence[NodeRow]) -> list[dict[str, object]]:
    return [{"id": row.id, "props": row.props} for row in rows]


# The indexes take the taxonomy whole: one record for any change to it.
TAXONOMY_CHANGED = Change(SKILL, "*", Kind.TAXONOMY)


class TaxonomyRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def groups(self, version: str | None) -> list[TechGroup]:
        """The groups of one decision (`version`) or of all, with their products."""
        return [_group(row) for row in self.store.run(q.groups(version))]

    def group(self, group_id: str) -> TechGroup:
        rows = self.store.run(q.group(group_id))
        if not rows:
            raise NotFound(f"technology group '{group_id}' does not exist", fields={"id": group_id})
        return _group(rows[0])

    def skills(
        self, *, group: str | None, scheme: str | None, after: str, limit: int
    ) -> list[Skill]:
        """Up to `limit` skills after the id `after`, in id order."""
        rows = self.store.run(q.skills_page(group=group, scheme=scheme, after=after, limit=limit))
        return [_skill(row) for row in rows]

    def skill(self, skill_id: str) -> Skill:
        rows = self.store.run(q.skill(skill_id))
        if not rows:
            raise NotFound(f"skill '{skill_id}' does not exist", fields={"id": skill_id})
        return _skill(rows[0])

    def has_skill(self, skill_id: str) -> bool:
        return bool(self.store.run(q.skill(skill_id)))

    def narrower(self, skill_id: str) -> list[Skill]:
        return [_skill(row) for row in self.store.run(q.narrower(skill_id))]

    def save_decisions(
        self,
        *,
        groups: list[NodeRow],
        products: list[ProductRow],
        skills: list[NodeRow],
        broader: list[Link],
        in_group: list[Link],
    ) -> None:
        """Merge groups, their products, skills and the skills' links; a second run changes
        nothing, and records no change: every process's indexes would be built again (each API
        process loads the bundled taxonomy as it starts)."""
        before = _indexed(self.store)
        self.store.run(q.upsert_groups(_nodes(groups)))
        self.store.run(
            q.upsert_products([{"id": p.id, "group": p.group, "props": p.props} for p in products])
        )
        self.store.run(q.upsert_skills(_nodes(skills)))
        self.store.run(
            q.link_broader([{"id": link.source, "broader": link.target} for link in broader])
        )
        self.store.run(
            q.link_groups([{"id": link.source, "group": link.target} for link in in_group])
        )
        if _indexed(self.store) != before:
            record_changes(self.store, [TAXONOMY_CHANGED])

    def save_concepts(
        self, *, concepts: list[NodeRow], broader: list[Link], matches: list[Link], batch: int
    ) -> None:
        """Merge concepts of another scheme, their broader links and their exact matches to our
        skills, `batch` rows a statement."""
        for chunk in batched(concepts, batch):
            self.store.run(q.upsert_skills(_nodes(chunk)))
        for links in batched(broader, batch):
            self.store.run(
                q.link_broader([{"id": link.source, "broader": link.target} for link in links])
            )
        for links in batched(matches, batch):
            self.store.run(
                q.link_exact_matches([{"id": link.source, "match": link.target} for link in links])
            )
        record_changes(self.store, [TAXONOMY_CHANGED])


def _indexed(store: GraphStore) -> tuple[object, ...]:
    """The taxonomy as the indexes read it."""
    return SnapshotRepository(store).taxonomy().canonical()
