"""A team proposed for a programme (`teams.service.propose`, as
`POST /api/v1/programmes/{id}/team-proposals`): the best few teams with their coverage of the
programme's needs, members locked by ticking them, the rest proposed again around them."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from api.auth import CallerDep
from api.deps import PRINTABLE, GraphDep
from api.routes.matching import CacheDep
from api.web.i18n import N_
from api.web.render import render, t
from matching.teams import service
from matching.teams.models import TeamRequest
from matching.teams.problem import Place
from talent.core.errors import InvalidInput
from talent.resources.catalog import PROGRAMME
from talent.resources.repository import ResourceRepository

router = APIRouter(include_in_schema=False)
ProgrammeId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]
ENGINEERS = N_("A whole number from %(least)s to %(most)s.")
LOCKS = N_(
    "Keep at most one chief architect, one chief engineer and as many engineers as the team has."
)
NO_NEEDS = N_("The programme's roles name no required skills yet: add them to a role first.")


def _locks(raw: list[str]) -> list[dict[str, str]]:
    """`expert:place` values from the ticked members."""
    found = []
    for value in raw[:12]:
        expert, _, place = value.rpartition(":")
        if expert and place in Place.__members__.values():
            found.append({"expert_id": expert[:120], "place": place})
    return found


@router.get("/programmes/{resource_id}/team", response_class=HTMLResponse)
def team(
    request: Request,
    store: GraphDep,
    cache: CacheDep,
    caller: CallerDep,
    resource_id: ProgrammeId,
    engineers: Annotated[str, Query(max_length=4)] = "3",
    lock: Annotated[list[str] | None, Query(max_length=12)] = None,
) -> Response:
    """The best teams for the programme; ticked members are kept in the next proposal."""
    programme = ResourceRepository(store, PROGRAMME).get(resource_id)
    errors: dict[str, str] = {}
    found = None
    locks = _locks(lock or [])
    if not engineers.isdigit() or not 0 <= int(engineers) <= 10:
        errors["engineers"] = t(request, ENGINEERS) % {"least": 0, "most": 10}
    else:
        try:
            asked = TeamRequest.model_validate({"engineers": int(engineers), "locked": locks})
            found = service.propose(store, cache, caller.actor, resource_id, asked)
        except ValidationError:
            errors["lock"] = t(request, LOCKS)
        except InvalidInput as refused:
            if "locked" in refused.fields:
                errors["lock"] = t(request, LOCKS)
            else:
                errors["needs"] = t(request, NO_NEEDS)
    context = {
        "programme": programme,
        "found": found,
        "engineers": engineers,
        "locked": {(x["expert_id"], x["place"]) for x in locks},
        "names": {
            m.expert_id: m.full_name for t in (found.teams if found else []) for m in t.members
        },
        "errors": errors,
    }
    return render(request, "leads/team.html", context, status_code=422 if errors else 200)
