"""ROR's register of organisations: an admin loads a data dump (the zip ROR publishes, or its
JSON) as a job, followed and cancelled through /jobs/{job_id}; staff ask which organisation a
name and ROR id resolve to, and why."""

from typing import Annotated

from fastapi import APIRouter, File, Query, UploadFile, status
from pydantic import BaseModel

from api.auth import CallerDep
from api.deps import GraphDep, SettingsDep
from api.worker import celery_app
from talent.jobs.model import Job
from talent.organizations.register import jobs
from talent.organizations.resolve import MatchedBy, resolve_organization
from talent.resources.models import OrganizationCreate, OrganizationRead

router = APIRouter(tags=["organisations"])


@router.post("/ror/dumps", status_code=status.HTTP_202_ACCEPTED, response_model=Job)
def load_ror_dump(
    store: GraphDep,
    settings: SettingsDep,
    caller: CallerDep,
    file: Annotated[UploadFile, File(description="ROR's dump: the zip, or its JSON array")],
) -> Job:
    """Queue the load of a dump, saved to a file as it arrives: 413 over ror_max_bytes (also,
    in the job, for a zip's inflated content), 409 while another load is queued or running.
    Follow it at GET /jobs/{job_id}: the result counts the records created, updated and
    unchanged and lists the organisations without a ROR id given one (their name and country
    are those of exactly one record; each an audited change); a file that is not ROR's JSON
    fails the job naming where. POST /jobs/{job_id}/cancel stops it between batches. The file
    is deleted when the job ends."""
    return jobs.start(
        store,
        celery_app,
        source=file.file,
        name=file.filename or "dump",
        actor=caller.actor,
        folder=jobs.uploads(settings.data_dir),
        max_bytes=settings.ror_max_bytes,
    )


class ResolutionRead(BaseModel):
    matched_by: MatchedBy
    organization: OrganizationRead | None
    proposed: OrganizationCreate | None
    ror_id: str | None
    ambiguous: int


Text = Annotated[str, Query(min_length=1, max_length=300)]


@router.get("/ror/resolve", response_model=ResolutionRead)
def resolve(
    store: GraphDep,
    _: CallerDep,
    name: Text,
    ror_id: Annotated[str | None, Query(max_length=60)] = None,
    country: Annotated[str | None, Query(max_length=3)] = None,
) -> ResolutionRead:
    """The organisation an import would take for this name (and ROR id, country): by ROR id,
    then by name; `matched_by` says which way, `proposed` is one a ROR record would create."""
    found = resolve_organization(store, name=name, ror_id=ror_id, country=country)
    return ResolutionRead(
        matched_by=found.matched_by,
        organization=found.organization,
        proposed=found.proposed,
        ror_id=found.record.id if found.record else None,
        ambiguous=found.ambiguous,
    )
