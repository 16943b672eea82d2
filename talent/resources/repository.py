"""The generic repository of a resource: create, read, replace, page, delete and bulk upsert."""

import copy
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Generic, NoReturn, Self

from graph import GraphStore, Query
from graph.queries import entities
from graph.store import Row
from talent.core.changes import LOGGED, Change, Kind
from talent.core.errors import PreconditionFailed, Stale
from talent.core.ids import new_id, now_ms
from talent.core.repository import record_changes, with_records
from talent.resources.mapping import C, R, Resource, SystemProps


class _Missed(Exception):
    """A write found nothing to change: its transaction is rolled back."""


# How owned nodes are named to a user.
_PLURAL = {"Role": "roles", "MatchRun": "match_runs", "Candidate": "candidates"}


# Not `class ResourceRepository[C, R]`: type parameter defaults need Python 3.13.
class ResourceRepository(Generic[C, R]):  # noqa: UP046
    """Create, read, replace, page and delete one kind of resource: items go in as its create
    model `C` and come out as its read model `R`."""

    def __init__(self, store: GraphStore, resource: Resource[C, R]) -> None:
        self.store = store
        self.resource = resource

    def _write(self, queries: list[Query], ids: list[str], kind: Kind) -> bool:
        """Run the writes in one transaction (the caller's, when this repository is on one),
        with the change records of an entity the indexes follow. False, with nothing written,
        when the first write finds nothing (its node is gone, or at another version)."""
        label = self.resource.entity.label

        def work(tx: GraphStore) -> None:
            if not tx.run(queries[0]):
                raise _Missed
            for query in queries[1:]:
                tx.run(query)
            if label in LOGGED:
                record_changes(tx, [Change(label, rid, kind) for rid in ids])

        try:
            self.store.write(work)
        except _Missed:
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

    def within(self, tx: GraphStore) -> Self:
        """This repository reading and writing in the transaction `tx`."""
        clone = copy.copy(self)
        clone.store = tx
        return clone

    def create(
        self, item: C, *, resource_id: str | None = None, system: SystemProps | None = None
    ) -> R:
        return self.get(self.insert(item, resource_id=resource_id, system=system))

    def insert(
        self, item: C, *, resource_id: str | None = None, system: SystemProps | None = None
    ) -> str:
        """Write a new node; its id."""
        stamp = now_ms()
        rid = resource_id or new_id()
        row = self.resource.to_row(
            item, resource_id=rid, created_at=stamp, updated_at=stamp, system=system
        )
        if not self._write([entities.create(self.resource.entity, row)], [rid], Kind.CREATED):
            raise AssertionError("a create always yields its row")
        return rid

    def upsert_many(self, items: Sequence[tuple[str, C]], *, stamp: int | None = None) -> int:
        """Bulk import of (id, item) pairs whose references are already known to exist.

        One statement, idempotent: a batch lands whole or not at all, and one written again
        after a failure gives the same result as one clean run.
        """
        stamp = stamp or now_ms()
        return self.upsert_rows(self.resource.rows(items, stamp=stamp))

    def upsert_rows(self, rows: list[Row]) -> int:
        """upsert_many for rows already made by `Resource.rows` (possibly in another process)."""
        entity = self.resource.entity
        query = entities.merge_rows(entity, rows)
        if entity.label in LOGGED:
            changes = [Change(entity.label, str(row["props"]["id"]), Kind.UPDATED) for row in rows]
            query = with_records(query, changes)
        self.store.run(query)
        return len(rows)

    def find(self, resource_id: str) -> R | None:
        rows = self.store.run(entities.get(self.resource.entity, resource_id))
        return self.resource.from_row(rows[0]) if rows else None

    def get(self, resource_id: str) -> R:
        found = self.find(resource_id)
        if found is None:
            raise self.resource.not_found(resource_id)
        return found

    def replace(
        self,
        current: R,
        item: C,
        *,
        expected: int | None = None,
        system: SystemProps | None = None,
        updated_at: int | None = None,
    ) -> None:
        """Write `item` over the node read as `current`, if it is still at the version read
        (or at `expected`, the version the client names): else nothing is written and the
        change is refused, 412 for a version the client named, 409 for one the service read.
        `system` properties are kept as given; `updated_at` is now unless an exact restore
        (an un-merge) names it."""
        version = current.version if expected is None else expected
        row = self.resource.to_row(
            item,
            resource_id=current.id,
            created_at=current.created_at,
            updated_at=updated_at or now_ms(),
            system=system,
        )
        query = entities.replace(self.resource.entity, row, version=version)
        if not self._write([query], [current.id], Kind.UPDATED):
            self.refuse(current.id, expected=expected)

    def refuse(self, resource_id: str, *, expected: int | None) -> NoReturn:
        """The error for a versioned write that found nothing: gone, or at another version."""
        rows = self.store.run(entities.version(self.resource.entity, resource_id))
        if not rows:
            raise self.resource.not_found(resource_id)
        if expected is not None:
            raise PreconditionFailed(
                f"this {self.resource.name} changed since version {expected}: "
                "look at it again and retry",
                fields={"version": f"now {rows[0]['version']}"},
            )
        raise Stale(
            f"this {self.resource.name} changed meanwhile: look at it again and retry",
            fields={"version": f"now {rows[0]['version']}"},
        )

    def delete(self, resource_id: str) -> None:
        """Delete the node and what it owns (404 if there is none)."""
        query = entities.delete(self.resource.entity, resource_id)
        if not self._write([query], [resource_id], Kind.DELETED):
            raise self.resource.not_found(resource_id)

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

    def page(self, *, after: str, limit: int, viewer: str | None = None) -> list[R]:
        """Up to `limit` items in id order after the id `after`; with `viewer` (a profile id,
        "" for none), without the withheld items that do not name it."""
        withheld = self.resource.withheld_by if viewer is not None else None
        entity = self.resource.entity
        query = entities.page(
            entity, after=after, limit=limit, withheld_by=withheld, viewer=viewer or ""
        )
        return [self.resource.from_row(row) for row in self.store.run(query)]

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
