"""Browsing the taxonomy: technology groups with products, skills and their narrower concepts."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, status

from api.auth import CallerDep, optional_principal
from api.deps import PRINTABLE, Cursor, GraphDep, Limit
from api.ratelimit import RegisterLimit
from api.routes.passwords import anonymous
from talent.audit.log import Actor
from talent.core.pagination import Page, decode_cursor
from talent.taxonomy import service
from talent.taxonomy.models import Skill, TechGroup
from talent.taxonomy.proposals import models as proposals
from talent.taxonomy.proposals import service as proposal_service
from talent.taxonomy.repository import TaxonomyRepository

router = APIRouter(prefix="/taxonomy", tags=["taxonomy"])
Key = Annotated[str, Path(min_length=1, max_length=200, pattern=PRINTABLE)]


@router.get("/groups", response_model=list[TechGroup])
def groups(
    store: GraphDep,
    version: Annotated[
        str | None, Query(max_length=40, pattern=PRINTABLE, examples=["qd21-2026"])
    ] = None,
) -> list[TechGroup]:
    """Strategic technology groups with their products; `version` picks one decision."""
    return TaxonomyRepository(store).groups(version)


@router.get("/groups/{group_id}", response_model=TechGroup)
def group(store: GraphDep, group_id: Key) -> TechGroup:
    """One technology group."""
    return TaxonomyRepository(store).group(group_id)


@router.get("/skills", response_model=Page[Skill])
def skills(
    store: GraphDep,
    group: Annotated[str | None, Query(max_length=40, pattern=PRINTABLE)] = None,
    scheme: Annotated[str | None, Query(max_length=40, pattern=PRINTABLE)] = None,
    limit: Limit = 100,
    cursor: Cursor = None,
) -> Page[Skill]:
    """Skills in id order, optionally of one technology group or one scheme."""
    return service.skills_page(
        repo=TaxonomyRepository(store),
        group=group,
        scheme=scheme,
        after=decode_cursor(cursor),
        limit=limit,
    )


@router.get("/skills/{skill_id}", response_model=Skill)
def skill(store: GraphDep, skill_id: Key) -> Skill:
    """One skill with its broader concepts and groups."""
    return TaxonomyRepository(store).skill(skill_id)


@router.get("/skills/{skill_id}/narrower", response_model=list[Skill])
def narrower(store: GraphDep, skill_id: Key) -> list[Skill]:
    """The skills directly narrower than this one."""
    return service.narrower(repo=TaxonomyRepository(store), skill_id=skill_id)


ProposalId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]


def _proposer(request: Request) -> Actor:
    """The signed-in caller, or a visitor known by address (a proposal at registration)."""
    principal = optional_principal(request)
    return principal.actor if principal is not None else anonymous(request)


@router.post(
    "/proposals", status_code=status.HTTP_201_CREATED, response_model=proposals.ProposalRead
)
def propose_skill(
    store: GraphDep, body: proposals.ProposalCreate, request: Request, _: RegisterLimit
) -> proposals.ProposalRead:
    """Propose a skill the taxonomy lacks (its name, and what it covers); an admin accepts it
    into a technology group or rejects it with a reason. Open to visitors, limited per
    address."""
    return proposal_service.propose(store=store, item=body, actor=_proposer(request))


@router.get("/proposals", response_model=Page[proposals.ProposalRead])
def list_proposals(
    store: GraphDep,
    _: CallerDep,
    status: proposals.ProposalStatus | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[proposals.ProposalRead]:
    """Proposed skills, oldest first, optionally of one status (admins)."""
    return proposal_service.page(
        store=store, status=status, after=decode_cursor(cursor), limit=limit
    )


@router.post("/proposals/{proposal_id}/accept", response_model=proposals.ProposalRead)
def accept_proposal(
    store: GraphDep, caller: CallerDep, proposal_id: ProposalId, body: proposals.Acceptance
) -> proposals.ProposalRead:
    """Add the proposed skill to the taxonomy under a group (and a broader skill), named in
    English and Vietnamese; 409 if the proposal changed since `version` or the name exists."""
    return proposal_service.accept(
        store=store, proposal_id=proposal_id, item=body, actor=caller.actor
    )


@router.post("/proposals/{proposal_id}/reject", response_model=proposals.ProposalRead)
def reject_proposal(
    store: GraphDep, caller: CallerDep, proposal_id: ProposalId, body: proposals.Rejection
) -> proposals.ProposalRead:
    """Close the proposal with the reason given; 409 if it changed since `version`."""
    return proposal_service.reject(
        store=store, proposal_id=proposal_id, item=body, actor=caller.actor
    )
