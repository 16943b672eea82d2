"""Bulk import of experts: upload a list, map its columns, a dry run that says per row what
would happen, and the run itself as a job that writes each chunk of rows in one transaction.

A row is keyed by its e-mails, ORCID iD and list key: a row whose key an existing live profile
carries is matched (nothing written), so importing the same file again changes nothing; a row
repeating an earlier row's key is refused; a likely duplicate found by the duplicate checker is
written as a pending profile with its pairs in the review queue (never a second live profile);
anything invalid refuses the row whole before anything is written. The run itself is in
talent/bulk/running.py."""

from graph import GraphStore
from talent.accounts.models import AccountRead
from talent.audit.log import Action, Actor, AuditLog, actor_of
from talent.bulk.columns import REQUIRED, Field, guess_mapping
from talent.bulk.exceptions import Unreadable
from talent.bulk.judging import judge_list
from talent.bulk.list_jobs import SUPERSEDED, cancel_quietly, enqueue_pointed, job_of
from talent.bulk.models import (
    DRY_RUN_KIND,
    IMPORT_KIND,
    MAX_LISTED,
    ORDER,
    DryRun,
    ExpertList,
    RowReport,
    Summary,
)
from talent.bulk.reading import read_sheet
from talent.bulk.repository import ExpertListRepository
from talent.core.errors import Conflict, InvalidInput, NotFound, Stale
from talent.duplicates.checker import DuplicateChecker
from talent.jobs import service as jobs
from talent.jobs.model import (
    DRY_RUN_EXPERTS_TASK,
    FINISHED,
    IMPORT_EXPERTS_TASK,
    Job,
    JobResult,
    JobState,
    Progress,
)
from talent.jobs.repository import JobRepository

# The audit trail's kind of target for an expert list.
TARGET = "expert_list"


def get_list(store: GraphStore, list_id: str) -> ExpertList:
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

    def write(tx: GraphStore) -> ExpertList:
        made = ExpertListRepository(tx).create(
            filename=filename[:200],
            encoding=sheet.encoding,
            headers=sheet.headers,
            mapping=guess_mapping(sheet.headers),
            rows=sheet.rows,
            created_by=caller.id,
        )
        details = {**_named(made), "rows": made.rows, "encoding": made.encoding}
        AuditLog(tx).record(actor_of(caller), Action.EXPERT_LIST_UPLOAD, TARGET, made.id, details)
        return made

    return store.write(write)


def _named(found: ExpertList) -> dict[str, object]:
    """What names the list in its audit events (the trail's words read it from `values`)."""
    return {"values": {"name": found.filename}}


def get(store: GraphStore, list_id: str) -> ExpertList:
    return get_list(store, list_id)


def _version(found: ExpertList, expected: int | None) -> int:
    """The version a change checks: the client's (refused at once if the list moved on since
    the client read it), else the one this request read."""
    if expected is not None and expected != found.version:
        raise Stale(
            f"this list changed since version {expected}: look at it again and retry",
            fields={"version": f"now {found.version}"},
        )
    return found.version


def set_mapping(
    *,
    store: GraphStore,
    caller: AccountRead,
    list_id: str,
    mapping: list[Field | None],
    expected: int | None = None,
) -> ExpertList:
    """Change which field each header fills (422 naming a header mapped twice, a required
    field unmapped, or a mapping of another length; 409 if the list changed since it was
    read). The last dry run's figures go; a dry run still going is cancelled."""
    found = get_list(store, list_id)
    _check_mapping(found, mapping)
    version = _version(found, expected)

    def write(tx: GraphStore) -> ExpertList:
        changed = ExpertListRepository(tx).set_mapping(list_id, mapping, version=version)
        AuditLog(tx).record(
            actor_of(caller),
            Action.EXPERT_LIST_MAPPING,
            TARGET,
            list_id,
            {**_named(found), "mapping": [m.value if m else None for m in mapping]},
        )
        return changed

    changed = store.write(write)
    cancel_quietly(store, found.dry_run_job)
    return changed


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
    """Per row, what a run would do now, judged in this process (the pages and the API queue
    it as a job: `start_dry_run`); nothing is written but the report, kept with the list
    (and the mapping it used) if the list did not change meanwhile (else 409)."""
    found = _judged(get_list(store, list_id), mapping)
    by_chunk = judge_list(store, checker, found)
    assert by_chunk is not None  # nothing asked it to stop
    store.write(
        lambda tx: ExpertListRepository(tx).set_dry_run(
            list_id, found.mapping, by_chunk, version=found.version
        )
    )
    listed = _ordered([r for each in by_chunk.values() for r in each])
    return DryRun(
        list_id=list_id,
        summary=Summary.of(listed),
        rows=listed[:MAX_LISTED],
        truncated=len(listed) > MAX_LISTED,
    )


def _judged(found: ExpertList, mapping: list[Field | None] | None) -> ExpertList:
    """The list with the mapping a dry run judges it with (422 for an incomplete one)."""
    if mapping is None:
        _check_mapping(found, found.mapping)
        return found
    _check_mapping(found, mapping)
    return found.model_copy(update={"mapping": mapping})


def start_dry_run(
    *,
    store: GraphStore,
    broker: jobs.Broker,
    caller: AccountRead,
    list_id: str,
    mapping: list[Field | None] | None = None,
    expected: int | None = None,
) -> Job:
    """Queue the dry run (202) with `mapping` saved (or the list's own): the list then points
    at the job and has no figures until it finishes; 409 if the list changed since it was
    read (as `expected`, or by this request). A dry run still going is cancelled: its result
    could not be stored."""
    before = get_list(store, list_id)
    found = _judged(before, mapping)
    version = _version(found, expected)

    def point_at(tx: GraphStore, job_id: str) -> None:
        ExpertListRepository(tx).start_dry_run(list_id, found.mapping, job_id, version=version)
        details = {**_named(found), "job_id": job_id}
        AuditLog(tx).record(
            actor_of(caller), Action.EXPERT_LIST_DRY_RUN_START, TARGET, list_id, details
        )

    job = enqueue_pointed(
        store,
        broker,
        point_at,
        kind=DRY_RUN_KIND,
        task=DRY_RUN_EXPERTS_TASK,
        params={"list_id": list_id, "by": caller.id},
        args=[list_id, version + 1, caller.id, caller.role.value],
    )
    cancel_quietly(store, before.dry_run_job)
    return Job.of(job)


def run_dry_run(
    *,
    store: GraphStore,
    checker: DuplicateChecker,
    list_id: str,
    job_id: str,
    version: int,
    actor: Actor,
    progress: Progress,
) -> JobResult:
    """The dry run as its job does it: judge every row with the mapping saved at `version`,
    then keep the report only if the list is still at that version and names this job (a
    new mapping or dry run meanwhile: nothing stored, the job fails saying why). Stops,
    storing nothing, when cancelled."""
    found = get_list(store, list_id)
    if found.version != version or found.dry_run_job != job_id:
        raise Stale(SUPERSEDED, fields={"version": f"now {found.version}"})
    if not progress(0, found.rows):
        return {"list_id": list_id, "stored": False}
    by_chunk = judge_list(store, checker, found, progress)
    if by_chunk is None:
        return {"list_id": list_id, "stored": False}
    summary = Summary.of([r for each in by_chunk.values() for r in each])

    def write(tx: GraphStore) -> None:
        try:
            ExpertListRepository(tx).set_dry_run(
                list_id, found.mapping, by_chunk, version=version, job_id=job_id
            )
        except Stale as exc:
            raise Stale(SUPERSEDED, fields=exc.fields) from exc
        details = {**_named(found), "job_id": job_id, **summary.model_dump()}
        AuditLog(tx).record(actor, Action.EXPERT_LIST_DRY_RUN_FINISH, TARGET, list_id, details)

    store.write(write)
    return {**summary.model_dump(), "list_id": list_id, "stored": True}


def dry_run_job(store: GraphStore, list_id: str, job_id: str) -> Job:
    """A dry run of this list (404 for a job that is not one)."""
    return Job.of(job_of(store, list_id, job_id, DRY_RUN_KIND))


def cancel_dry_run(store: GraphStore, list_id: str, job_id: str) -> Job:
    """Stop a dry run: nothing of it is stored (409 once it has finished)."""
    job_of(store, list_id, job_id, DRY_RUN_KIND)
    return jobs.cancel(store, job_id)


def report(store: GraphStore, list_id: str) -> DryRun:
    """The last dry run's report, whole, refused rows first (409 before any dry run, or
    while one is going: its job is named)."""
    found = get_list(store, list_id)
    if found.dry_run is None and found.dry_run_job is not None:
        going = JobRepository(store).get(found.dry_run_job)
        if going is not None and going.state not in FINISHED:
            raise Conflict(
                "the dry run is still going: follow its job, then read its report",
                fields={"dry_run": "running", "dry_run_job": going.id},
            )
    if found.dry_run is None:
        raise Conflict(
            "this list has no dry run with its mapping as it is now: run one first",
            fields={"dry_run": "missing"},
        )
    reports = _ordered(ExpertListRepository(store).reports(list_id))
    return DryRun(list_id=list_id, summary=found.dry_run, rows=reports, truncated=False)


def start_import(
    *,
    store: GraphStore,
    broker: jobs.Broker,
    caller: AccountRead,
    list_id: str,
    invite: bool,
    expected: int | None = None,
) -> Job:
    """Queue the run (202): only after a dry run with the mapping as it is now; never while
    another run of the list is queued or running, nor once one has finished the list; 409 if
    the list changed since it was read (as `expected`, or by this request)."""
    found = get_list(store, list_id)
    version = _version(found, expected)
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

    def point_at(tx: GraphStore, job_id: str) -> None:
        ExpertListRepository(tx).set_job(list_id, job_id, version=version)
        details = {**_named(found), "job_id": job_id, "invite": invite}
        AuditLog(tx).record(
            actor_of(caller), Action.EXPERT_LIST_IMPORT_START, TARGET, list_id, details
        )

    job = enqueue_pointed(
        store,
        broker,
        point_at,
        kind=IMPORT_KIND,
        task=IMPORT_EXPERTS_TASK,
        params={"list_id": list_id, "invite": invite, "by": caller.id},
        args=[list_id, caller.id, caller.role.value, invite],
    )
    return Job.of(job)


def import_job(store: GraphStore, list_id: str, job_id: str) -> Job:
    """A run of this list (404 for a job that is not one)."""
    return Job.of(job_of(store, list_id, job_id, IMPORT_KIND))


def cancel_import(store: GraphStore, list_id: str, job_id: str) -> Job:
    job_of(store, list_id, job_id, IMPORT_KIND)
    return jobs.cancel(store, job_id)
