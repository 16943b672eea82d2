"""Loading a ROR data dump into the register of reference records: read through once to refuse
a malformed file before anything is written, then upserted in batches (a reload changes
nothing, a load cut short is finished by running it again), audited with its counts. The
organisations in use that have no ROR id gain one where their folded name and country are
those of exactly one record (and of no other organisation): each change is an audited update
of that organisation, listed in the result, so an admin sees it and can undo it by editing."""

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from pydantic import BaseModel, Field

from graph import GraphStore
from talent.audit.log import Action, Actor, AuditEvent, AuditLog
from talent.core.errors import Conflict, NotFound
from talent.jobs.model import Progress
from talent.organizations.register.repository import RorRepository
from talent.organizations.ror import RorRecord, read_dump
from talent.resources import service as resources
from talent.resources.catalog import ORGANIZATION
from talent.resources.models import OrganizationUpdate
from talent.resources.repository import ResourceRepository

BATCH = 1000


class LinkedOrganization(BaseModel):
    organization_id: str
    name: str
    ror_id: str


class LoadResult(BaseModel):
    """What a load did: records read, and per outcome how many; organisations given an id."""

    read: int = Field(description="records in the file (a repeated id counted once)")
    created: int
    updated: int
    unchanged: int
    linked: list[LinkedOrganization] = Field(
        description="organisations without a ROR id given one: their name and country are "
        "those of exactly one record"
    )
    records: int = Field(description="ROR records held after the load")
    complete: bool = Field(
        default=True,
        description="false when the load was cancelled: the records written so far stay, and "
        "loading the file again finishes it",
    )


class _Stopped(Exception):
    """The job was cancelled: stop between batches."""


class _Reporter:
    """Progress in bytes of the file read, over two passes (the check, then the writes):
    `total` is twice the file's size; a False answer (cancelled) stops the load."""

    def __init__(self, stream: IO[bytes], progress: Progress | None) -> None:
        self.stream, self.progress = stream, progress
        self.size = stream.seek(0, 2)
        stream.seek(0)

    def __call__(self, passed: int) -> None:
        if self.progress is None:
            return
        done = passed * self.size + min(self.stream.tell(), self.size)
        if not self.progress(done, 2 * self.size):
            raise _Stopped

    def finish(self) -> None:
        """All read (a zip's reader stops before the zip's own directory at its end)."""
        if self.progress is not None:
            self.progress(2 * self.size, 2 * self.size)


def _batches(records: Iterator[RorRecord], seen: set[str]) -> Iterator[list[RorRecord]]:
    batch: dict[str, RorRecord] = {}
    for record in records:
        if record.id in seen:
            continue
        seen.add(record.id)
        batch[record.id] = record
        if len(batch) >= BATCH:
            yield list(batch.values())
            batch = {}
    if batch:
        yield list(batch.values())


def check_dump(stream: IO[bytes], *, max_bytes: int, report: _Reporter | None = None) -> int:
    """How many records the dump holds; RorMalformed or DumpTooLarge, naming what is wrong."""
    count = 0
    for count, _ in enumerate(read_dump(stream, max_bytes=max_bytes), start=1):
        if report is not None and count % BATCH == 0:
            report(0)
    stream.seek(0)
    return count


def load_dump(
    *,
    store: GraphStore,
    stream: IO[bytes],
    name: str,
    actor: Actor,
    max_bytes: int,
    progress: Progress | None = None,
) -> LoadResult:
    """Check the whole dump, then upsert its records by id, link the organisations it names
    unambiguously, and record one audit event with the counts. `progress` hears the bytes
    read (of twice the file's size: the check, then the writes); when it answers False the
    load stops between batches: cancelled during the check nothing is written, during the
    writes the batches written stay (audited, `complete` false, nobody linked)."""
    report = _Reporter(stream, progress)
    try:
        check_dump(stream, max_bytes=max_bytes, report=report)
    except _Stopped:
        return LoadResult(
            read=0, created=0, updated=0, unchanged=0, linked=[], records=0, complete=False
        )
    repo = RorRepository(store)
    counts: Counter[str] = Counter()
    seen: set[str] = set()
    complete = True
    try:
        for batch in _batches(read_dump(stream, max_bytes=max_bytes), seen):

            def write(tx: GraphStore, records: list[RorRecord] = batch) -> Counter[str]:
                return RorRepository(tx).upsert(records)

            counts.update(store.write(write))
            report(1)
    except _Stopped:
        complete = False
    linked = link_organizations(store=store, actor=actor) if complete else []
    if complete:
        report.finish()
    result = LoadResult(
        read=len(seen),
        created=counts["created"],
        updated=counts["updated"],
        unchanged=counts["unchanged"],
        linked=linked,
        records=repo.count(),
        complete=complete,
    )
    details = {
        "values": {"name": name[:200]},
        "records_created": result.created,
        "records_updated": result.updated,
        "records_unchanged": result.unchanged,
        "organizations_linked": len(linked),
        "read": result.read,
        "linked": [o.model_dump() for o in linked[:200]],
        "complete": complete,
    }
    AuditLog(store).record(actor, Action.ROR_LOAD, "ror_dump", name[:200] or "dump", details)
    return result


def load_file(
    *,
    store: GraphStore,
    path: Path,
    name: str,
    actor: Actor,
    max_bytes: int,
    progress: Progress | None = None,
) -> LoadResult:
    """load_dump of a file on disk: the uploaded dump a job reads, or `talent ror-load FILE`."""
    with path.open("rb") as stream:
        return load_dump(
            store=store,
            stream=stream,
            name=name,
            actor=actor,
            max_bytes=max_bytes,
            progress=progress,
        )


def latest_load(store: GraphStore) -> AuditEvent | None:
    """The audit event of the latest load, for the page to show what it did."""
    events = AuditLog(store).page(before="", limit=1, action=Action.ROR_LOAD).items
    return events[0] if events else None


def link_organizations(*, store: GraphStore, actor: Actor) -> list[LinkedOrganization]:
    """Give each organisation without a ROR id the id of the one record sharing its folded
    name and country, unless another organisation carries it or would get it too."""
    candidates = [c for c in RorRepository(store).linkable() if len(c.ror_ids) == 1 and not c.taken]
    wanted = Counter(c.ror_ids[0] for c in candidates)
    repo = ResourceRepository(store, ORGANIZATION)
    linked = []
    for candidate in candidates:
        ror_id = candidate.ror_ids[0]
        if wanted[ror_id] > 1:
            continue

        def work(tx: GraphStore, org_id: str = candidate.org_id, ror: str = ror_id) -> bool:
            current = repo.within(tx).get(org_id)
            if current.ror_id is not None:
                return False  # given one meanwhile
            patch = OrganizationUpdate(ror_id=ror)
            resources.update(repo=repo.within(tx), resource_id=org_id, patch=patch, actor=actor)
            return True

        try:
            if store.write(work):
                linked.append(
                    LinkedOrganization(
                        organization_id=candidate.org_id, name=candidate.name, ror_id=ror_id
                    )
                )
        except (NotFound, Conflict):
            continue  # deleted or changed meanwhile: left for the next load
    return linked
