"""Bulk import of experts: upload a list, map its columns, a dry run that says per row what
would happen, and the run itself as a job that writes each chunk of rows in one transaction.

A row is keyed by its e-mails, ORCID iD and list key: a row whose key an existing live profile
carries is matched (nothing written), so importing the same file again changes nothing; a row
repeating an earlier row's key is refused; a likely duplicate found by the duplicate checker is
written as a pending profile with its pairs in the review queue (never a second live profile);
anything invalid refuses the row whole before anything is written."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from pydantic import JsonValue

from graph import GraphStore
from talent.accounts.models import AccountRead
from talent.accounts.notices import Notices
from talent.accounts.repository import AccountRepository
from talent.accounts.tokens import LIFETIME_MS, clock
from talent.audit.changes import values
from talent.audit.log import Action, Actor, AuditLog
from talent.bulk.columns import REQUIRED, Field, guess_mapping
from talent.bulk.exceptions import Unreadable
from talent.bulk.models import (
    IMPORT_KIND,
    MAX_LISTED,
    ORDER,
    DryRun,
    ExpertList,
    Outcome,
    RowProblem,
    RowReport,
    Summary,
)
from talent.bulk.reading import read_sheet
from talent.bulk.repository import Chunk, ExpertListRepository
from talent.bulk.rows import Converted, Lookups, convert, raw_keys
from talent.core.errors import Conflict, InvalidInput, NotFound
from talent.core.ids import now_ms
from talent.duplicates.checker import DuplicateChecker
from talent.duplicates.scoring import Candidate, DuplicateIndex, Profile, Verdict
from talent.experts.models import ExpertCreate, ExpertStatus
from talent.experts.repository import ExpertRepository
from talent.experts.resource import EXPERT
from talent.jobs import service as jobs
from talent.jobs.model import FINISHED, IMPORT_EXPERTS_TASK, Job, JobResult, JobState, Progress
from talent.jobs.repository import JobRepository
from talent.registration.lookup import skill_labels
from talent.resources.catalog import ORGANIZATION
from talent.resources.repository import ResourceRepository
from talent.reviews.queue import ReviewQueue

# Imported profiles' ids follow from the list and the row: a batch written again after a
# lost worker writes the same nodes.
_IDS = uuid.UUID("6f1d3c1e-5b8a-4b7e-9a51-6b1f0c6f2a10")


def _list(store: GraphStore, list_id: str) -> ExpertList:
    found = ExpertListRepository(store).get(list_id)
    if found is None:
        raise NotFound(f"expert list '{list_id}' does not exist", fields={"list_id": list_id})
    return found


def upload(
    *,
    store: GraphStore,
    caller: AccountRead,
    data: bytes,
    filename: str,
    max_bytes: int,
    max_rows: int,
) -> ExpertList:
    """Read the file (413 beyond the limits, 422 unreadable), keep its rows with the list in
    the graph, and guess the mapping from its headers."""
    sheet = read_sheet(data, filename, max_bytes=max_bytes, max_rows=max_rows)
    if not sheet.rows:
        raise Unreadable("the list has a header but no rows", fields={"file": "no rows"})
    return ExpertListRepository(store).create(
        filename=filename[:200],
        encoding=sheet.encoding,
        headers=sheet.headers,
        mapping=guess_mapping(sheet.headers),
        rows=sheet.rows,
        created_by=caller.id,
    )


def get(store: GraphStore, list_id: str) -> ExpertList:
    return _list(store, list_id)


def set_mapping(store: GraphStore, list_id: str, mapping: list[Field | None]) -> ExpertList:
    """Change which field each header fills (422 naming a header mapped twice, a required
    field unmapped, or a mapping of another length)."""
    found = _list(store, list_id)
    _check_mapping(found, mapping)
    ExpertListRepository(store).set_mapping(list_id, mapping)
    return _list(store, list_id)


def _check_mapping(found: ExpertList, mapping: list[Field | None]) -> None:
    if len(mapping) != len(found.headers):
        raise InvalidInput(
            f"the mapping names {len(mapping)} columns; the list has {len(found.headers)}",
            fields={"mapping": f"one entry per header ({len(found.headers)})"},
        )
    problems: dict[str, str] = {}
    seen: dict[Field, int] = {}
    for i, each in enumerate(mapping):
        if each is None:
            continue
        if each in seen:
            problems[f"mapping[{i}]"] = f"'{each.value}' is already filled by column {seen[each]}"
        seen.setdefault(each, i)
    for required in REQUIRED:
        if required not in seen:
            problems[required.value] = "required: map a column to it"
    if problems:
        raise InvalidInput("the column mapping is not complete", fields=problems)


@dataclass
class _Judge:
    """Says what happens to each row: keys seen earlier in the file, keys of existing
    profiles, and the duplicate checker."""

    first_rows: dict[str, int]
    existing: dict[str, str]
    checker: DuplicateChecker
    # Each kind of key's column, as the file heads it.
    columns: dict[str, str]
    found: dict[int, list[Candidate]] = field(default_factory=dict)
    index: DuplicateIndex | None = None

    def candidates(self, row: Converted) -> list[Candidate]:
        """The checker's verdicts, from the index as it was when this judge first asked: the
        same for the whole chunk (asking the checker row by row reads the change log each
        time, a query per row)."""
        if row.number not in self.found and row.item is not None:
            if self.index is None:
                self.index = self.checker.source.current()
            with self.index.lock:
                self.found[row.number] = self.index.find(Profile.of("", row.item))
        return self.found.get(row.number, [])

    def judge(self, row: Converted) -> RowReport:
        base = {"row": row.number, "name": row.name}
        if row.problems:
            problems = [
                RowProblem(column=p.column, code=p.code, detail=p.detail) for p in row.problems
            ]
            return RowReport(**base, outcome=Outcome.REFUSED, problems=problems)
        repeated = [
            (self.first_rows[f"{kind}:{key}"], kind, key)
            for kind, key in row.keys.labelled()
            if self.first_rows.get(f"{kind}:{key}", row.number) < row.number
        ]
        if repeated:
            earlier, kind, key = min(repeated)
            detail = f"repeats row {earlier} (the same {kind.replace('_', ' ')} {key})"
            problem = RowProblem(column=self.columns[kind], code="repeated", detail=detail)
            return RowReport(**base, outcome=Outcome.REFUSED, problems=[problem])
        matched = {
            self.existing[f"{kind}:{key}"]
            for kind, key in row.keys.labelled()
            if f"{kind}:{key}" in self.existing
        }
        if len(matched) > 1:
            detail = "its keys name different profiles: " + ", ".join(sorted(matched))
            kind = row.keys.labelled()[0][0]
            problem = RowProblem(column=self.columns[kind], code="keys_conflict", detail=detail)
            return RowReport(**base, outcome=Outcome.REFUSED, problems=[problem])
        if matched:
            return RowReport(**base, outcome=Outcome.MATCHED, expert_id=matched.pop())
        candidates = self.candidates(row)
        ids = [c.id for c in candidates]
        if any(c.verdict is Verdict.LIKELY for c in candidates):
            return RowReport(**base, outcome=Outcome.REVIEW, duplicates=ids)
        return RowReport(**base, outcome=Outcome.CREATED, duplicates=ids)


def _key_columns(found: ExpertList) -> dict[str, str]:
    kinds = {Field.EMAILS: "email", Field.ORCID: "orcid", Field.EXTERNAL_ID: "external_id"}
    columns = {kind: kind for kind in kinds.values()}
    for header, each in zip(found.headers, found.mapping, strict=True):
        if each in kinds:
            columns[kinds[each]] = header
    return columns


def _lookups(store: GraphStore) -> Lookups:
    orgs = ResourceRepository(store, ORGANIZATION)
    names: dict[str, str] = {}
    after = ""
    while True:
        batch = orgs.page(after=after, limit=500)
        names.update({o.name_folded: o.id for o in batch if o.proposed_by is None})
        if len(batch) < 500:
            break
        after = batch[-1].id
    return Lookups(names, skill_labels(store))


def _convert(found: ExpertList, chunk: Chunk, lookups: Lookups) -> list[Converted]:
    return [convert(n, cells, found.mapping, found.headers, lookups) for n, cells in chunk.rows]


def _first_rows(found: ExpertList, chunks: Iterable[Chunk]) -> dict[str, int]:
    first: dict[str, int] = {}
    for chunk in chunks:
        for number, cells in chunk.rows:
            for key in raw_keys(cells, found.mapping):
                first.setdefault(key, number)
    return first


def _ordered(reports: list[RowReport]) -> list[RowReport]:
    rank = {o: i for i, o in enumerate(ORDER)}
    return sorted(reports, key=lambda r: (rank[r.outcome], r.row))


def dry_run(
    *,
    store: GraphStore,
    checker: DuplicateChecker,
    list_id: str,
    mapping: list[Field | None] | None = None,
) -> DryRun:
    """Per row, what a run would do now: nothing is written but the report, kept with the
    list (and the mapping it used)."""
    found = _list(store, list_id)
    if mapping is not None:
        _check_mapping(found, mapping)
        found = found.model_copy(update={"mapping": mapping})
    else:
        _check_mapping(found, found.mapping)
    lists = ExpertListRepository(store)
    chunks = list(lists.chunks(list_id))
    judge = _Judge(_first_rows(found, chunks), lists.all_keys(), checker, _key_columns(found))
    lookups = _lookups(store)
    by_chunk = {
        chunk.n: [judge.judge(row) for row in _convert(found, chunk, lookups)] for chunk in chunks
    }
    lists.save_reports(list_id, by_chunk)
    reports = [r for each in by_chunk.values() for r in each]
    summary = Summary.of(reports)
    lists.set_dry_run(list_id, found.mapping, summary)
    listed = _ordered(reports)
    return DryRun(
        list_id=list_id,
        summary=summary,
        rows=listed[:MAX_LISTED],
        truncated=len(listed) > MAX_LISTED,
    )


def report(store: GraphStore, list_id: str) -> DryRun:
    """The last dry run's report, whole, refused rows first (409 before any dry run)."""
    found = _list(store, list_id)
    if found.dry_run is None:
        raise Conflict(
            "this list has no dry run with its mapping as it is now: run one first",
            fields={"dry_run": "missing"},
        )
    reports = _ordered(ExpertListRepository(store).reports(list_id))
    return DryRun(list_id=list_id, summary=found.dry_run, rows=reports, truncated=False)


def start_import(
    *, store: GraphStore, broker: jobs.Broker, caller: AccountRead, list_id: str, invite: bool
) -> Job:
    """Queue the run (202): only after a dry run with the mapping as it is now; never while
    another run of the list is queued or running, nor once one has finished the list."""
    found = _list(store, list_id)
    if found.dry_run is None:
        raise Conflict(
            "run a dry run with the mapping as it is now before importing",
            fields={"dry_run": "missing"},
        )
    if found.job_id is not None:
        latest = JobRepository(store).get(found.job_id)
        if latest is not None and latest.state not in FINISHED:
            raise Conflict("this list is already being imported", fields={"job_id": latest.id})
        if latest is not None and latest.state is JobState.SUCCEEDED:
            raise Conflict(
                "this list was imported already; upload the file again to import it again",
                fields={"job_id": latest.id},
            )
    job = jobs.enqueue(
        store,
        broker,
        kind=IMPORT_KIND,
        task=IMPORT_EXPERTS_TASK,
        params={"list_id": list_id, "invite": invite, "by": caller.id},
        args=[list_id, caller.id, caller.role.value, invite],
        before_send=lambda job: ExpertListRepository(store).set_job(list_id, job.id),
    )
    return Job.of(job)


def import_job(store: GraphStore, list_id: str, job_id: str) -> Job:
    """A run of this list (404 for a job that is not one)."""
    record = JobRepository(store).get(job_id)
    if record is None or record.kind != IMPORT_KIND or record.params.get("list_id") != list_id:
        raise NotFound(f"job '{job_id}' is no run of this list", fields={"job_id": job_id})
    return Job.of(record)


def cancel_import(store: GraphStore, list_id: str, job_id: str) -> Job:
    import_job(store, list_id, job_id)
    return jobs.cancel(store, job_id)


def expert_id_of(list_id: str, row: int) -> str:
    return str(uuid.uuid5(_IDS, f"{list_id}:{row}"))


@dataclass(frozen=True, slots=True)
class Importer:
    """What a run needs besides the list: the store, the duplicate checker, the mails."""

    store: GraphStore
    checker: DuplicateChecker
    notices: Notices

    def run(
        self,
        *,
        list_id: str,
        job_id: str,
        actor: Actor,
        invite: bool,
        progress: Progress | None = None,
    ) -> JobResult:
        """Write the list chunk by chunk, each whole in one transaction with its audit events,
        reviews and mails; a chunk a run wrote already is skipped (a resumed or repeated run);
        stop between chunks when cancelled. The counts of the list's rows so far."""
        found = _list(self.store, list_id)
        lists = ExpertListRepository(self.store)
        chunks = list(lists.chunks(list_id))
        first_rows = _first_rows(found, chunks)
        lookups = _lookups(self.store)
        done = 0
        for chunk in chunks:
            if not chunk.done:
                self._chunk(found, chunk, first_rows, lookups, job_id, actor, invite)
            done += len(chunk.rows)
            if progress is not None and not progress(done, found.rows):
                break
        summary = Summary.of(lists.outcomes(list_id))
        result: dict[str, JsonValue] = {**summary.model_dump(), "list_id": list_id}
        return result

    def _chunk(
        self,
        found: ExpertList,
        chunk: Chunk,
        first_rows: dict[str, int],
        lookups: Lookups,
        job_id: str,
        actor: Actor,
        invite: bool,
    ) -> None:
        rows = _convert(found, chunk, lookups)
        lists = ExpertListRepository(self.store)
        keys = [k for row in rows for k in row.keys.labelled()]
        # Outside the transaction: the duplicate check of rows that no key matches now.
        columns = _key_columns(found)
        before = _Judge(first_rows, _keys_among(lists, keys), self.checker, columns)
        for row in rows:
            before.judge(row)

        def work(tx: GraphStore) -> Notices | None:
            here = lists.within(tx)
            if not here.claim_chunk(found.id, chunk.n, job_id):
                return None
            existing = _keys_among(here, keys)
            judge = _Judge(first_rows, existing, self.checker, columns, before.found, before.index)
            reports = [judge.judge(row) for row in rows]
            letters = self.notices.within(tx, to_requester=False)
            _write(tx, found.id, job_id, rows, reports, judge.found, actor, letters, invite)
            here.finish_chunk(found.id, chunk.n, job_id, reports)
            return letters

        letters = self.store.write(work)
        if letters is not None:
            letters.post()


def _keys_among(lists: ExpertListRepository, keys: list[tuple[str, str]]) -> dict[str, str]:
    def of(kind: str) -> list[str]:
        return sorted({key for k, key in keys if k == kind})

    return lists.keys_among(of("email"), of("orcid"), of("external_id"))


def _write(
    tx: GraphStore,
    list_id: str,
    job_id: str,
    rows: list[Converted],
    reports: list[RowReport],
    found: dict[int, list[Candidate]],
    actor: Actor,
    letters: Notices,
    invite: bool,
) -> None:
    """The chunk's new profiles (a likely duplicate pending), their review pairs, audit
    events and invitations, in the caller's transaction."""
    stamp = now_ms()
    made: list[tuple[str, ExpertCreate, RowReport]] = []
    for row, each in zip(rows, reports, strict=True):
        if each.outcome not in (Outcome.CREATED, Outcome.REVIEW) or row.item is None:
            continue
        expert_id = expert_id_of(list_id, row.number)
        item = row.item
        if each.outcome is Outcome.REVIEW:
            item = item.model_copy(update={"status": ExpertStatus.PENDING})
        each.expert_id = expert_id
        made.append((expert_id, item, each))
    if not made:
        return
    ExpertRepository(tx).upsert_rows(EXPERT.rows([(i, item) for i, item, _ in made], stamp=stamp))
    queue = ReviewQueue(tx)
    accounts = AccountRepository(tx)
    events: list[tuple[str, dict[str, object]]] = []
    for expert_id, item, each in made:
        candidates = found.get(each.row, [])
        if candidates:
            queue.add_duplicates(expert_id, candidates)
        invited = False
        if invite and item.emails and item.status is ExpertStatus.ACTIVE:
            invited = _invite(accounts, letters, expert_id, item)
        details: dict[str, object] = {
            "values": values(item.model_dump(mode="json")),
            "imported_from": list_id,
            "job": job_id,
            "row": each.row,
            "invited": invited,
        }
        events.append((expert_id, details))
    AuditLog(tx).record_many(actor, Action.EXPERT_CREATE, "expert", events)


def _invite(
    accounts: AccountRepository, letters: Notices, expert_id: str, item: ExpertCreate
) -> bool:
    """The claim flow's link to the profile's first address, unless an account holds it."""
    email = str(item.emails[0]).lower()
    if accounts.email_taken(email):
        return False
    account_id = accounts.create_pending(
        email=email, name=item.full_name, expert_id=None, expires_at=clock() + LIFETIME_MS
    )
    letters.claim_link(email=email, account_id=account_id, expert_id=expert_id)
    return True
