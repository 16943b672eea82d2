"""Browsing the taxonomy: technology groups with products, skills and their narrower concepts."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel

from api.deps import PRINTABLE, Cursor, GraphDep, Limit
from talent.core.pagination import decode_cursor, encode_cursor
from talent.taxonomy.repository import TaxonomyRepository

router = APIRouter(prefix="/taxonomy", tags=["taxonomy"])
Key = Annotated[str, Path(min_length=1, max_length=200, pattern=PRINTABLE)]


class TechProduct(BaseModel):
    id: str
    no: int
    name_vi: str
    name_en: str
    version: str


class TechGroup(BaseModel):
    id: str
    no: int
    name_vi: str
    name_en: str
    version: str
    decision: str
    current: bool
    status: str = ""
    successor: str = ""
    skill_count: int
    products: list[TechProduct]


class Skill(BaseModel):
    id: str
    label_en: str
    label_vi: str
    aliases: list[str]
    scheme: str
    uri: str = ""
    broader: list[str]
    groups: list[str]


class SkillPage(BaseModel):
    items: list[Skill]
    next_cursor: str | None = None


@router.get("/groups", response_model=list[TechGroup])
def groups(
    store: GraphDep,
    version: Annotated[
        str | None, Query(max_length=40, pattern=PRINTABLE, examples=["qd21-2026"])
    ] = None,
) -> Any:
    """Strategic technology groups with their products; `version` picks one decision."""
    return TaxonomyRepository(store).groups(version)


@router.get("/groups/{group_id}", response_model=TechGroup)
def group(store: GraphDep, group_id: Key) -> Any:
    """One technology group."""
    return TaxonomyRepository(store).group(group_id)


@router.get("/skills", response_model=SkillPage)
def skills(
    store: GraphDep,
    group: Annotated[str | None, Query(max_length=40, pattern=PRINTABLE)] = None,
    scheme: Annotated[str | None, Query(max_length=40, pattern=PRINTABLE)] = None,
    limit: Limit = 100,
    cursor: Cursor = None,
) -> Any:
    """Skills in id order, optionally of one technology group or one scheme."""
    items = TaxonomyRepository(store).skills(
        group=group, scheme=scheme, after=decode_cursor(cursor), limit=limit
    )
    next_cursor = encode_cursor(items[-1]["id"]) if len(items) == limit else None
    return {"items": items, "next_cursor": next_cursor}


@router.get("/skills/{skill_id}", response_model=Skill)
def skill(store: GraphDep, skill_id: Key) -> Any:
    """One skill with its broader concepts and groups."""
    return TaxonomyRepository(store).skill(skill_id)


@router.get("/skills/{skill_id}/narrower", response_model=list[Skill])
def narrower(store: GraphDep, skill_id: Key) -> Any:
    """The skills directly narrower than this one."""
    repo = TaxonomyRepository(store)
    repo.skill(skill_id)
    return repo.narrower(skill_id)
