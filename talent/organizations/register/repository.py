"""Reads and writes of ROR's register (reference records loaded from a dump) and the lookups
resolving an organisation needs."""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from graph import GraphStore
from graph.queries import ror as q
from graph.queries import ror_register
from graph.store import Row
from talent.core.ids import now_ms
from talent.organizations.ror import RorRecord
from talent.resources.models import OrganizationKind


@dataclass(frozen=True, slots=True)
class Linkable:
    """An organisation in use without a ROR id whose name and country are those of records."""

    org_id: str
    name: str
    ror_ids: tuple[str, ...]
    taken: tuple[str, ...]  # of those ids, the ones another organisation already carries


def _row(record: RorRecord) -> dict[str, object]:
    names = [{"key": k, "acronym": False} for k in record.names_folded]
    names += [{"key": k, "acronym": True} for k in record.acronyms_folded]
    props = {
        "name": record.name,
        "name_vi": record.name_vi,
        "names_folded": list(record.names_folded),
        "acronyms_folded": list(record.acronyms_folded),
        "country": record.country,
        "kind": record.kind.value,
        "status": record.status,
    }
    return {"id": record.id, "digest": record.digest(), "props": props, "names": names}


def _record(node: Row) -> RorRecord:
    return RorRecord(
        id=node["id"],
        name=node["name"],
        name_vi=node.get("name_vi"),
        names_folded=tuple(node.get("names_folded") or ()),
        acronyms_folded=tuple(node.get("acronyms_folded") or ()),
        country=node.get("country"),
        kind=OrganizationKind(node.get("kind") or "other"),
        status=node.get("status") or "active",
    )


class RorRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def upsert(self, records: Sequence[RorRecord]) -> Counter[str]:
        """Write one batch (distinct ids) in one statement; how many were created, updated
        and unchanged."""
        counts: Counter[str] = Counter()
        if records:
            query = q.upsert_records([_row(r) for r in records], now_ms())
            for row in self.store.run(query):
                counts[str(row["outcome"])] += int(row["n"])
        return counts

    def count(self) -> int:
        return int(self.store.run(q.count_records())[0]["n"])

    def all(self) -> list[RorRecord]:
        """Every loaded record, in one query: for a run that looks names up in memory."""
        return [_record(row["node"]) for row in self.store.run(ror_register.all_records())]

    def find(self, ror_id: str) -> RorRecord | None:
        rows = self.store.run(q.record(ror_id))
        return _record(rows[0]["node"]) if rows else None

    def named(self, key: str) -> list[tuple[RorRecord, bool]]:
        """The records with this folded name or acronym, each with whether it was the acronym
        (a record named both ways comes once, as a name)."""
        found: dict[str, tuple[RorRecord, bool]] = {}
        for row in self.store.run(q.records_named(key)) if key else []:
            record, acronym = _record(row["node"]), bool(row["acronym"])
            if record.id not in found or not acronym:
                found[record.id] = (record, acronym)
        return list(found.values())

    def organizations_with(self, ror_id: str) -> list[str]:
        return [str(r["id"]) for r in self.store.run(q.organizations_with_ror(ror_id))]

    def organizations_named(self, key: str) -> list[tuple[str, str | None]]:
        """(id, country) of the organisations in use with this folded name."""
        rows = self.store.run(q.organizations_named(key)) if key else []
        return [(str(r["id"]), r["country"]) for r in rows]

    def linkable(self) -> list[Linkable]:
        return [
            Linkable(str(r["id"]), str(r["name"]), tuple(r["ids"]), tuple(r["taken"]))
            for r in self.store.run(q.linkable_organizations())
        ]
