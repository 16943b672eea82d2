"""Team assembly: the best few teams for a programme, each covering its needs as far as its
candidates allow, with the coverage table and why each member is there."""

from typing import Annotated

from fastapi import APIRouter, Path

from api.auth import CallerDep
from api.deps import PRINTABLE, GraphDep
from api.routes.matching import CacheDep
from matching.teams import service
from matching.teams.models import TeamProposals, TeamRequest

router = APIRouter(tags=["teams"])
ProgrammeId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]


@router.post("/programmes/{resource_id}/team-proposals", response_model=TeamProposals)
def propose_team(
    store: GraphDep,
    cache: CacheDep,
    caller: CallerDep,
    request: TeamRequest,
    resource_id: ProgrammeId,
) -> TeamProposals:
    """A chief architect, a chief engineer and up to `engineers` engineers who together cover
    the skills the programme's roles require, preferring people who have worked together;
    `locked` members keep their places."""
    return service.propose(store, cache, caller.actor, resource_id, request)
