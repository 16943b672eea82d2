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
from talent.bulk.columns import REQUIRED, Field, guess_mapping
from talent.bulk.exceptions import Unreadable
from talent.bulk.judging import judge_list
from talent.bulk.models import (
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
from talent.core.errors import Conflict, InvalidInput, NotFound
from talent.duplicates.checker import DuplicateChecker
from talent.jobs import service as jobs
from talent.jobs.model import FINISHED, IMPORT_EXPERTS_TASK, Job, JobState
from talent.jobs.repository import JobRepository


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
    return ExpertListRepository(store).create(
        filename=filename[:200],
        encoding=sheet.encoding,
        headers=sheet.headers,
        mapping=guess_mapping(sheet.headers),
        rows=sheet.rows,
        created_by=caller.id,
    )


def get(store: GraphStore, list_id: str) -> ExpertList:
    return get_list(store, list_id)


def set_mapping(store: GraphStore, list_id: str, mapping: list[Field | None]) -> ExpertList:
    """Change which field each header fills (422 naming a header mapped twice, a required
    field unmapped, or a mapping of another length)."""
    found = get_list(store, list_id)
    _check_mapping(found, mapping)
    ExpertListRepository(store).set_mapping(list_id, mapping)
    return get_list(store, list_id)


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
    """Per row, what a run would do now: nothing is written but the report, kept with the
    list (and the mapping it used)."""
    found = get_list(store, list_id)
    if mapping is not None:
        _check_mapping(found, mapping)
        found = found.model_copy(update={"mapping": mapping})
    else:
        _check_mapping(found, found.mapping)
    by_chunk = judge_list(store, checker, found)
    lists = ExpertListRepository(store)
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
    found = get_list(store, list_id)
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
    found = get_list(store, list_id)
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
