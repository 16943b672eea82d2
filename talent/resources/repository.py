"""The generic repository of a resource: create, read, replace, page, delete and bulk upsert."""

import copy
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Generic, Self

from graph import GraphStore, Query
from graph.queries import entities
from graph.store import Row
from graph.unit import UnitRefused
from talent.core.changes import FOLLOWED, Change, Kind
from talent.core.ids import new_id, now_ms
from talent.core.repository import Unit, record_changes, with_records
from talent.resources.mapping import C, R, Resource, SystemProps

# How owned nodes are named to a user.
_PLURAL = {"Role": "roles", "MatchRun": "match_runs", "Candidate": "candidates"}


# Not `class ResourceRepository[C, R]`: type parameter defaults need Python 3.13.
class ResourceRepository(Generic[C, R]):  # noqa: UP046
    """Create, read, replace, page and delete one kind of resource: items go in as its create
    model `C` and come out as its read model `R`."""

    def __init__(self, store: GraphStore, resource: Resource[C, R]) -> None:
        self.store = store
        self.resource = resource

    def _write(
        self, queries: list[Query], ids: list[str], kind: Kind, *, required: bool = False
    ) -> bool:
        """Run the write; for an entity the indexes follow, with its change records in one unit
        of work. `required`: the write must find its node, else nothing lands and it is False
        (always False inside a caller's unit, which reports a refusal itself)."""
        label = self.resource.entity.label
        if label not in FOLLOWED:
            found = [bool(self.store.run(query)) for query in queries]
            return all(found)
        changes = [Change(label, rid, kind) for rid in ids]
        if isinstance(self.store, Unit):
            for query in queries:
                self.store.run(query)
            record_changes(self.store, changes)
            return False
        unit = Unit(self.store, f"{label.lower()}.{kind.value}")
        try:
            if required:
                with unit.required():
                    unit.run(queries[0])
                queries = queries[1:]
            for query in queries:
                unit.run(query)
            record_changes(unit, changes)
            unit.apply()
        except UnitRefused:
            return False
        return True

    def missing_references(self, items: Sequence[C]) -> dict[str, str]:
        """Field path -> message for every referenced id that names no node."""
        missing: dict[str, str] = {}
        for each in self.missing_references_each(items):
            missing.update(each)
        return missing

    def missing_references_each(self, items: Sequence[C]) -> list[dict[str, str]]:
        """Per item, field path -> message for its ids that name no node; one query per label
        for all the items."""
        refs = [self.resource.references(item) for item in items]
        wanted: dict[str, set[str]] = defaultdict(set)
        for label, ref_id, _ in (ref for item_refs in refs for ref in item_refs):
            wanted[label].add(ref_id)
        found: dict[str, set[str]] = {}
        for label, ids in wanted.items():
            rows = self.store.run(entities.existing_ids(label, sorted(ids)))
            found[label] = {row["id"] for row in rows}
        return [
            {
                path: f"no {label} with id '{ref_id}'"
                for label, ref_id, path in item_refs
                if ref_id not in found[label]
            }
            for item_refs in refs
        ]

    def within(self, unit: Unit) -> Self:
        """This repository writing into `unit` (its reads still see the store)."""
        clone = copy.copy(self)
        clone.store = unit
        return clone

    def create(
        self, item: C, *, resource_id: str | None = None, system: SystemProps | None = None
    ) -> R:
        return self.get(self.insert(item, resource_id=resource_id, system=system))

    def insert(
        self, item: C, *, resource_id: str | None = None, system: SystemProps | None = None
    ) -> str:
        """Write a new node without reading it back (so it may go into a unit); its id."""
        stamp = now_ms()
        rid = resource_id or new_id()
        row = self.resource.to_row(
            item, resource_id=rid, created_at=stamp, updated_at=stamp, system=system
        )
        self._write([entities.create(self.resource.entity, row)], [rid], Kind.CREATED)
        return rid

    def upsert_many(self, items: Sequence[tuple[str, C]], *, stamp: int | None = None) -> int:
        """Bulk import of (id, item) pairs whose references are already known to exist.

        An idempotent sequence (nodes, then each link's edges): a batch that failed part-way
        is written again whole, and the result is the same as one clean run.
        """
        stamp = stamp or now_ms()
        return self.upsert_rows(self.resource.rows(items, stamp=stamp))

    def upsert_rows(self, rows: list[Row]) -> int:
        """upsert_many for rows already made by `Resource.rows` (possibly in another process)."""
        entity = self.resource.entity
        queries = [entities.merge_nodes(entity, [row["props"] for row in rows])]
        for link in entity.links:
            edges = [
                {"id": row["props"]["id"], "target": edge["id"], "props": edge["props"]}
                for row in rows
                for edge in row[link.key]
            ]
            if edges:
                queries.append(entities.merge_links(entity, link, edges))
        ids = [str(row["props"]["id"]) for row in rows]
        label = entity.label
        if label in FOLLOWED and not isinstance(self.store, Unit):
            # An idempotent sequence, written again whole after a failure: its last statement
            # carries the records, so a follower that reads them sees the whole batch. (A unit
            # here would copy every batch into an intent first: a third more import time.)
            queries[-1] = with_records(queries[-1], [Change(label, i, Kind.UPDATED) for i in ids])
            for query in queries:
                self.store.run(query)
        else:
            self._write(queries, ids, Kind.UPDATED)
        return len(rows)

    def find(self, resource_id: str) -> R | None:
        rows = self.store.run(entities.get(self.resource.entity, resource_id))
        return self.resource.from_row(rows[0]) if rows else None

    def get(self, resource_id: str) -> R:
        found = self.find(resource_id)
        if found is None:
            raise self.resource.not_found(resource_id)
        return found

    def overwrite(
        self,
        resource_id: str,
        item: C,
        *,
        created_at: int,
        system: SystemProps | None = None,
        updated_at: int | None = None,
    ) -> bool:
        """Write `item` over the node, without reading it back (so it may go into a unit);
        `system` properties are kept as given, `updated_at` is now unless an exact restore (an
        un-merge) names it. False if there is no such node (always, in a unit)."""
        row = self.resource.to_row(
            item,
            resource_id=resource_id,
            created_at=created_at,
            updated_at=updated_at or now_ms(),
            system=system,
        )
        query = entities.replace(self.resource.entity, row)
        return self._write([query], [resource_id], Kind.UPDATED, required=True)

    def delete(self, resource_id: str) -> bool:
        """Delete the node and what it owns; False if there was none (always, in a unit)."""
        query = entities.delete(self.resource.entity, resource_id)
        return self._write([query], [resource_id], Kind.DELETED, required=True)

    def owned_counts(self, resource_id: str) -> dict[str, int]:
        """What deleting the node would delete with it (roles, match runs, ranked candidates,
        decisions), those present only."""
        if not self.resource.entity.owns:
            return {}
        rows = self.store.run(entities.owned_counts(self.resource.entity, resource_id))
        if not rows:
            return {}
        counts = Counter(_PLURAL.get(label, label) for label in rows[0]["labels"])
        counts["decisions"] = int(rows[0]["decisions"])
        return {name: n for name, n in sorted(counts.items()) if n}

    def page(self, *, after: str, limit: int) -> list[R]:
        """Up to `limit` items in id order after the id `after`."""
        rows = self.store.run(entities.page(self.resource.entity, after=after, limit=limit))
        return [self.resource.from_row(row) for row in rows]

    def page_owned(self, owner_id: str, *, after: str, limit: int) -> list[R]:
        """page() of the items this account or profile owns (entities.OWNED_BY)."""
        query = entities.page_owned(self.resource.entity, owner=owner_id, after=after, limit=limit)
        return [self.resource.from_row(row) for row in self.store.run(query)]

    def page_held(self, parent_id: str, *, after: str, limit: int) -> list[R]:
        """page() of the items a parent holds (entities.HELD_BY): a programme's roles."""
        query = entities.page_held(self.resource.entity, parent=parent_id, after=after, limit=limit)
        return [self.resource.from_row(row) for row in self.store.run(query)]

    def count(self) -> int:
        return int(self.store.run(entities.count(self.resource.entity.label))[0]["n"])
