"""ROR's register of organisations: an admin loads a data dump (the zip ROR publishes, or its
JSON); staff ask which organisation a name and ROR id resolve to, and why."""

from typing import Annotated

from fastapi import APIRouter, File, Query, UploadFile
from pydantic import BaseModel

from api.auth import CallerDep
from api.deps import GraphDep, SettingsDep
from talent.organizations.register.load import LoadResult, load_upload
from talent.organizations.resolve import MatchedBy, resolve_organization
from talent.resources.models import OrganizationCreate, OrganizationRead

router = APIRouter(tags=["organisations"])


@router.post("/ror/dumps", response_model=LoadResult)
def load_ror_dump(
    store: GraphDep,
    settings: SettingsDep,
    caller: CallerDep,
    file: Annotated[UploadFile, File(description="ROR's dump: the zip, or its JSON array")],
) -> LoadResult:
    """Load ROR records by id (a reload changes nothing): 413 over the import size limit
    (import_max_bytes, also for a zip's inflated content), 422 naming the place of malformed
    JSON. Organisations without a ROR id whose name and country are those of exactly one
    record gain its id (each an audited change, listed)."""
    return load_upload(
        store=store,
        stream=file.file,
        name=file.filename or "dump",
        actor=caller.actor,
        max_bytes=settings.import_max_bytes,
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
