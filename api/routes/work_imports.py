"""An expert's imports: identifiers they link (and whether they are theirs), imports from them,
from DOIs or from a reference file, and the works proposed, accepted or rejected."""

from typing import Annotated

from fastapi import APIRouter, File, Path, Query, UploadFile, status
from starlette.concurrency import run_in_threadpool

from api.auth import CallerDep
from api.deps import PRINTABLE, Cursor, GraphDep, Limit, SettingsDep
from api.routes.experts import ExpertId
from api.worker import celery_app
from talent.core.errors import PayloadTooLarge
from talent.core.pagination import Page
from talent.imports import service
from talent.imports.models import (
    Candidate,
    CandidateCounts,
    CandidateState,
    Decided,
    Decisions,
    IdentifierLink,
    ImportRequest,
    LinkedIdentifier,
    Scheme,
)
from talent.jobs.model import Job

router = APIRouter(prefix="/experts/{expert_id}", tags=["imports"])
JobId = Annotated[str, Path(min_length=1, max_length=64, pattern=PRINTABLE)]
Value = Annotated[str, Path(min_length=1, max_length=60, pattern=PRINTABLE)]


@router.get("/identifiers", response_model=list[LinkedIdentifier])
def list_identifiers(store: GraphDep, _: CallerDep, expert_id: ExpertId) -> list[LinkedIdentifier]:
    """The ORCID iDs and OpenAlex authors linked to the profile, with the expert's verdict."""
    return service.identifiers(store, expert_id)


@router.put("/identifiers", response_model=LinkedIdentifier)
def link_identifier(
    store: GraphDep, caller: CallerDep, expert_id: ExpertId, item: IdentifierLink
) -> LinkedIdentifier:
    """Link an identifier, or change the verdict on one: `me` (its works arrive accepted),
    `not_me` (what it alone proposed is rejected and never proposed again) or `unsure`. Linked
    here it is self-declared; ORCID's sign-in (the profile page) proves it."""
    return service.link(store, caller.account, expert_id, item)


@router.delete("/identifiers/{scheme}/{value}", status_code=status.HTTP_204_NO_CONTENT)
def unlink_identifier(
    store: GraphDep, caller: CallerDep, expert_id: ExpertId, scheme: Scheme, value: Value
) -> None:
    """Forget a linked identifier; the works it proposed stay as decided."""
    service.unlink(store, caller.account, expert_id, scheme, value)


@router.post("/imports", status_code=status.HTTP_202_ACCEPTED, response_model=Job)
def start_import(
    store: GraphDep, caller: CallerDep, expert_id: ExpertId, request: ImportRequest
) -> Job:
    """Gather works from the linked identifiers and the DOIs given; returns the job to follow.
    Running it again proposes nothing twice."""
    return service.start(store, celery_app, caller.account, expert_id, request)


@router.post("/imports/file", status_code=status.HTTP_202_ACCEPTED, response_model=Job)
async def start_file_import(
    store: GraphDep,
    caller: CallerDep,
    settings: SettingsDep,
    expert_id: ExpertId,
    file: Annotated[UploadFile, File(description="a BibTeX (.bib) or RIS (.ris) file")],
) -> Job:
    """Propose the works of a BibTeX or RIS file; a file with no readable entry is refused
    with the lines at fault."""
    limit = settings.import_max_bytes
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise PayloadTooLarge(
            f"the file is larger than {limit} bytes ({limit / 1_000_000:g} MB)",
            fields={"file": f"at most {limit} bytes"},
        )
    name = (file.filename or "references")[:200]
    # Reading a file of thousands of entries takes seconds: not on the event loop.
    return await run_in_threadpool(
        service.start_file, store, celery_app, caller.account, expert_id, name=name, data=data
    )


@router.get("/imports/{import_id}", response_model=Job)
def get_import(store: GraphDep, _: CallerDep, expert_id: ExpertId, import_id: JobId) -> Job:
    """An import's progress, and what it found when it has finished."""
    return service.job(store, expert_id, import_id)


@router.post("/imports/{import_id}/cancel", response_model=Job)
def cancel_import(store: GraphDep, _: CallerDep, expert_id: ExpertId, import_id: JobId) -> Job:
    """Stop an import between sources; what it proposed so far stays."""
    return service.cancel(store, expert_id, import_id)


@router.get("/import-candidates", response_model=Page[Candidate])
def list_candidates(
    store: GraphDep,
    _: CallerDep,
    expert_id: ExpertId,
    cursor: Cursor = None,
    limit: Limit = 50,
    state: Annotated[CandidateState, Query()] = CandidateState.PROPOSED,
) -> Page[Candidate]:
    """Works proposed to the expert (or those accepted or rejected), each with why."""
    return service.candidates(store, expert_id, state=state, cursor=cursor, limit=limit)


@router.get("/import-candidates/counts", response_model=CandidateCounts)
def count_candidates(store: GraphDep, _: CallerDep, expert_id: ExpertId) -> CandidateCounts:
    """How many works are proposed, accepted and rejected: what the home page counts."""
    return service.counts(store, expert_id)


@router.post("/import-candidates/decisions", response_model=Decided)
def decide_candidates(
    store: GraphDep, caller: CallerDep, expert_id: ExpertId, decisions: Decisions
) -> Decided:
    """Accept (each becomes a work with its provenance, or joins the work with its DOI) or
    reject (never proposed again) works; those decided meanwhile are listed as skipped."""
    return service.decide(store, caller.account, expert_id, decisions)
