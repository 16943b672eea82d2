"""Browsing the taxonomy: technology groups with products, skills and their narrower concepts."""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.deps import PRINTABLE, Cursor, GraphDep, Limit
from talent.core.pagination import Page, decode_cursor
from talent.taxonomy import service
from talent.taxonomy.models import Skill, TechGroup
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
