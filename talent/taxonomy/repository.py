"""Reading the taxonomy from the graph."""

from typing import Any

from graph import GraphStore
from graph.queries import taxonomy as q
from talent.core.errors import NotFound


def _group(row: dict[str, Any]) -> dict[str, Any]:
    return {**row["node"], "products": row["products"], "skill_count": row["skill_count"]}


def _skill(row: dict[str, Any]) -> dict[str, Any]:
    return {**row["node"], "broader": sorted(row["broader"]), "groups": sorted(row["groups"])}


class TaxonomyRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def groups(self, version: str | None) -> list[dict[str, Any]]:
        rows = self.store.run(q.groups(version))
        return [_group(row) for row in rows]

    def group(self, group_id: str) -> dict[str, Any]:
        rows = self.store.run(q.group(group_id))
        if not rows:
            raise NotFound(f"technology group '{group_id}' does not exist", fields={"id": group_id})
        return _group(rows[0])

    def skills(
        self, *, group: str | None, scheme: str | None, after: str, limit: int
    ) -> list[dict[str, Any]]:
        rows = self.store.run(q.skills_page(group=group, scheme=scheme, after=after, limit=limit))
        return [_skill(row) for row in rows]

    def skill(self, skill_id: str) -> dict[str, Any]:
        rows = self.store.run(q.skill(skill_id))
        if not rows:
            raise NotFound(f"skill '{skill_id}' does not exist", fields={"id": skill_id})
        return _skill(rows[0])

    def narrower(self, skill_id: str) -> list[dict[str, Any]]:
        return [_skill(row) for row in self.store.run(q.narrower(skill_id))]
