"""What an expert (or an admin for them) does with imports: link identifiers and say whether
they are theirs, start an import from them, from DOIs or from a reference file, follow it, and
accept or reject what it proposes."""

from collections.abc import Callable

from pydantic import JsonValue

from graph import GraphStore
from talent.accounts.models import AccountRead
from talent.audit.log import Action, Actor, AuditLog, actor_of
from talent.core.errors import Conflict, InvalidInput, NotFound
from talent.core.ids import now_ms
from talent.core.pagination import Page, decode_cursor, page_of
from talent.experts.models import ExpertStatus
from talent.experts.repository import ExpertRepository
from talent.imports.accept import NotNamed, Skipped, accept
from talent.imports.models import (
    IMPORT_JOB,
    IMPORT_TASK,
    Candidate,
    CandidateCounts,
    CandidateState,
    Decided,
    Decision,
    Decisions,
    IdentifierLink,
    ImportRequest,
    LinkedIdentifier,
    Reason,
    ReasonKind,
    Scheme,
    Verdict,
)
from talent.imports.repository import ImportRepository
from talent.imports.trust import Trust
from talent.jobs.model import Job, JobRecord
from talent.jobs.repository import JobRepository
from talent.jobs.service import Broker, enqueue, request_cancel
from talent.sources.bibtex import parse_bibtex
from talent.sources.models import ParsedFile
from talent.sources.ris import parse_ris

# Most entries one reference file may hold.
MAX_FILE_ENTRIES = 5_000


def _active(store: GraphStore, expert_id: str) -> None:
    expert = ExpertRepository(store).find(expert_id)
    if expert is None or expert.status in (ExpertStatus.MERGED, ExpertStatus.WITHDRAWN):
        raise NotFound(f"no expert {expert_id}")


# Identifiers


def identifiers(store: GraphStore, expert_id: str) -> list[LinkedIdentifier]:
    _active(store, expert_id)
    return ImportRepository(store).identifiers(expert_id)


def link(
    store: GraphStore,
    caller: AccountRead,
    expert_id: str,
    item: IdentifierLink,
    *,
    authenticated: bool = False,
) -> LinkedIdentifier:
    """Link or change an identifier. Proven through the source's sign-in stays proven when the
    expert later changes their verdict; a declared one never becomes proven here. "Not me"
    rejects what it alone proposed and keeps it from ever being proposed again."""
    _active(store, expert_id)

    def work(tx: GraphStore) -> LinkedIdentifier:
        repo = ImportRepository(tx)
        if any(
            held.authenticated and held.expert_id != expert_id
            for held in repo.holders(item.scheme, item.value)
        ):
            raise Conflict(
                "another profile has proven this identifier through ORCID's sign-in",
                fields={"value": "this iD is proven by another profile; ask staff if it is yours"},
            )
        before = {(i.scheme, i.value): i for i in repo.identifiers(expert_id)}
        old = before.get((item.scheme, item.value))
        stamp = now_ms()
        saved = repo.save_identifier(
            LinkedIdentifier(
                expert_id=expert_id,
                scheme=item.scheme,
                value=item.value,
                verdict=item.verdict,
                notify=item.notify,
                authenticated=authenticated or (old is not None and old.authenticated),
                harvested_at=old.harvested_at if old else None,
                created_at=old.created_at if old else stamp,
                updated_at=stamp,
            )
        )
        rejected = 0
        if item.verdict is Verdict.NOT_ME:
            kind = ReasonKind.ORCID if item.scheme is Scheme.ORCID else ReasonKind.OPENALEX
            rejected = repo.reject_from(expert_id, Reason(kind=kind, value=item.value))
        details = {
            "scheme": item.scheme.value,
            "value": item.value,
            "verdict": item.verdict.value,
            "authenticated": saved.authenticated,
            "rejected": rejected,
        }
        AuditLog(tx).record(actor_of(caller), Action.IDENTIFIER_LINK, "expert", expert_id, details)
        return saved

    return store.write(work)


def unlink(
    store: GraphStore, caller: AccountRead, expert_id: str, scheme: Scheme, value: str
) -> None:
    """Forget a linked identifier (its proposals stay as decided). 404 when not linked."""
    _active(store, expert_id)

    def work(tx: GraphStore) -> None:
        if not ImportRepository(tx).delete_identifier(expert_id, scheme.value, value):
            raise NotFound(f"{scheme.value} {value} is not linked to this profile")
        details = {"scheme": scheme.value, "value": value}
        AuditLog(tx).record(
            actor_of(caller), Action.IDENTIFIER_UNLINK, "expert", expert_id, details
        )

    store.write(work)


# Import jobs


def start(
    store: GraphStore, broker: Broker, caller: AccountRead, expert_id: str, request: ImportRequest
) -> Job:
    _active(store, expert_id)
    if request.identifiers and not request.dois:
        linked = ImportRepository(store).identifiers(expert_id)
        if not any(i.verdict is not Verdict.NOT_ME for i in linked):
            raise InvalidInput(
                "no identifier is linked to read from",
                fields={"identifiers": "link your ORCID iD or OpenAlex author first"},
            )
    params: dict[str, JsonValue] = {
        "expert_id": expert_id,
        "identifiers": request.identifiers,
        "dois": list(request.dois),
    }
    return _enqueue(store, broker, caller, expert_id, params)


def start_file(
    store: GraphStore,
    broker: Broker,
    caller: AccountRead,
    expert_id: str,
    *,
    name: str,
    data: bytes,
) -> Job:
    """Read a BibTeX or RIS file now (its problems answer at once, naming the entries), then
    let a job propose its works."""
    _active(store, expert_id)
    parsed = read_reference_file(name, data)
    kept: list[JsonValue] = [p.model_dump(mode="json") for p in parsed.problems[:50]]
    if not parsed.works:
        problems = "; ".join(
            f"line {p.line}: {p.reason}" if p.line else p.reason for p in parsed.problems[:5]
        )
        raise InvalidInput(
            "the file holds no work that can be read",
            fields={"file": problems or "no entries found"},
            extra={"problems": kept},
        )
    params: dict[str, JsonValue] = {
        "expert_id": expert_id,
        "identifiers": False,
        "dois": [],
        "file": name,
        "entries": len(parsed.works),
        "problems": kept,  # each with its code, line, entry and English reason
    }

    def keep_file(job: JobRecord) -> None:
        ImportRepository(store).save_upload(job.id, parsed.works, name)

    return _enqueue(store, broker, caller, expert_id, params, before_send=keep_file)


def read_reference_file(name: str, data: bytes) -> ParsedFile:
    """BibTeX or RIS, by the file's name, else by its first non-blank characters."""
    lowered = name.lower()
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if lowered.endswith(".ris") or (not lowered.endswith(".bib") and head[:2] == b"TY"):
        return parse_ris(data, max_entries=MAX_FILE_ENTRIES)
    if lowered.endswith((".bib", ".bibtex")) or head[:1] == b"@":
        return parse_bibtex(data, max_entries=MAX_FILE_ENTRIES)
    raise InvalidInput(
        "not a reference file", fields={"file": "a BibTeX (.bib) or RIS (.ris) file is expected"}
    )


def _enqueue(
    store: GraphStore,
    broker: Broker,
    caller: AccountRead,
    expert_id: str,
    params: dict[str, JsonValue],
    before_send: Callable[[JobRecord], None] | None = None,
) -> Job:
    job = enqueue(
        store,
        broker,
        kind=IMPORT_JOB,
        task=IMPORT_TASK,
        params=params,
        subject=expert_id,
        before_send=before_send,
        on_failure=lambda j: ImportRepository(store).drop_upload(j.id),
    )
    details = {k: v for k, v in params.items() if k != "problems"}
    AuditLog(store).record(
        actor_of(caller), Action.IMPORT_START, "expert", expert_id, {**details, "job": job.id}
    )
    return Job.of(job)


def job(store: GraphStore, expert_id: str, job_id: str) -> Job:
    return Job.of(_own_job(store, expert_id, job_id))


def cancel(store: GraphStore, expert_id: str, job_id: str) -> Job:
    _own_job(store, expert_id, job_id)
    return Job.of(request_cancel(store, job_id))


def latest_job(store: GraphStore, expert_id: str) -> Job | None:
    found = JobRepository(store).latest(IMPORT_JOB, subject=expert_id)
    return Job.of(found) if found else None


def _own_job(store: GraphStore, expert_id: str, job_id: str) -> JobRecord:
    found = JobRepository(store).get(job_id)
    if found is None or found.kind != IMPORT_JOB or found.params.get("expert_id") != expert_id:
        raise NotFound(f"no import {job_id} for this expert")
    return found


# Proposals


def candidates(
    store: GraphStore,
    expert_id: str,
    *,
    state: CandidateState = CandidateState.PROPOSED,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[Candidate]:
    _active(store, expert_id)
    rows = ImportRepository(store).page(
        expert_id, [state], after=decode_cursor(cursor), limit=limit + 1
    )
    return page_of(rows, limit=limit, key=lambda c: c.id)


def counts(store: GraphStore, expert_id: str) -> CandidateCounts:
    _active(store, expert_id)
    return ImportRepository(store).counts(expert_id)


def decide(store: GraphStore, caller: AccountRead, expert_id: str, decisions: Decisions) -> Decided:
    """Accept (each becomes a work, or joins the work with its DOI when the expert is shown to
    be among its authors) or reject (never proposed again) proposals. Every id is checked
    before anything is written; then each is decided in its own transaction, so one decided
    elsewhere meanwhile is skipped and the rest go through."""
    _active(store, expert_id)
    repo = ImportRepository(store)
    if decisions.all is not None:
        chosen = [(c, decisions.all) for c in _all_proposed(repo, expert_id)]
    else:
        wanted = dict.fromkeys(decisions.accept, Decision.ACCEPT)
        wanted.update(dict.fromkeys(decisions.reject, Decision.REJECT))
        found = {c.id: c for c in repo.get_many(expert_id, list(wanted))}
        unknown = [i for i in wanted if i not in found]
        if unknown:
            raise NotFound(f"no proposed work {unknown[0]} for this expert")
        chosen = [(found[i], d) for i, d in wanted.items()]
    trust = Trust(repo.identifiers(expert_id))
    result = Decided(accepted=[], rejected=[], work_ids=[])
    actor = actor_of(caller)
    for candidate, decision in chosen:
        if candidate.state is not CandidateState.PROPOSED:
            result.skipped.append(candidate.id)
            continue
        proven = trust.proven(candidate.reasons)
        try:
            work_id = store.write(_deciding(candidate, decision, actor, proven))
        except Skipped:
            result.skipped.append(candidate.id)
            continue
        except NotNamed:
            result.unconfirmed.append(candidate.id)
            continue
        if decision is Decision.ACCEPT:
            result.accepted.append(candidate.id)
            result.work_ids.append(work_id or "")
        else:
            result.rejected.append(candidate.id)
    return result


def _deciding(
    candidate: Candidate, decision: Decision, actor: Actor, proven: bool
) -> Callable[[GraphStore], str | None]:
    return lambda tx: _decide_one(tx, candidate, decision, actor, proven)


def _decide_one(
    tx: GraphStore, candidate: Candidate, decision: Decision, actor: Actor, proven: bool
) -> str | None:
    details = {"candidate": candidate.id, "decision": decision.value, "title": candidate.work.title}
    if decision is Decision.ACCEPT:
        work_id = accept(tx, candidate, actor, by=actor.id, proven=proven)
        AuditLog(tx).record(
            actor, Action.IMPORT_DECIDE, "expert", candidate.expert_id, {**details, "work": work_id}
        )
        return work_id
    if not ImportRepository(tx).decide(candidate, CandidateState.REJECTED, by=actor.id):
        raise Skipped
    AuditLog(tx).record(actor, Action.IMPORT_DECIDE, "expert", candidate.expert_id, details)
    return None


def _all_proposed(repo: ImportRepository, expert_id: str) -> list[Candidate]:
    found: list[Candidate] = []
    after = ""
    while True:
        batch = repo.page(expert_id, [CandidateState.PROPOSED], after=after, limit=500)
        found += batch
        if len(batch) < 500:
            return found
        after = batch[-1].id
