"""What a search asks and what it answers: the request, the hits with their facets, and the
resolution of free text to skills."""

from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from talent.core.types import Country, EngagementMode, Language, Level, Residency, Strict
from talent.search.skills import Resolution

Term = Annotated[str, StringConstraints(min_length=1, max_length=100)]


class SearchRequest(Strict):
    q: Annotated[str, StringConstraints(max_length=200)] | None = Field(
        default=None, description="a name, any order, with or without diacritics"
    )
    skills: list[Term] = Field(
        default_factory=list, max_length=10, description="free text, English or Vietnamese"
    )
    group: list[Annotated[str, StringConstraints(max_length=120)]] = Field(
        default_factory=list, max_length=12
    )
    country: list[Country] = Field(default_factory=list, max_length=30)
    residency: Residency = Residency.ANY
    mode: list[EngagementMode] = Field(default_factory=list, max_length=5)
    language: list[Language] = Field(default_factory=list, max_length=10)
    min_level: Level = 1
    verified: bool = Field(default=False, description="only experts with verified claims")


class MatchedSkill(BaseModel):
    skill_id: str
    level: int


class SkillMatch(BaseModel):
    """How one skill asked for was met: by itself or by a narrower skill the expert has."""

    skill_id: str = Field(description="the skill asked for")
    via_skill_id: str = Field(description="the expert's skill that met it: itself or narrower")
    via_label: str = Field(description="that skill's English label")
    via_label_vi: str = Field(description="that skill's Vietnamese label")
    level: int


class Hit(BaseModel):
    expert_id: str
    full_name: str
    headline: str
    country: str
    residency: str
    groups: list[str]
    engagement_modes: list[str]
    verification_grade: int
    score: float
    skills: list[MatchedSkill]
    matched: list[SkillMatch] = Field(
        default_factory=list,
        description="per skill asked for, the expert's skill that met it (deep learning for "
        "machine learning)",
    )
    emails: list[str] | None = Field(
        default=None, description="only where the expert lets this caller see them"
    )


class Facets(BaseModel):
    group: dict[str, int]
    country: dict[str, int]
    engagement_mode: dict[str, int]
    residency: dict[str, int]


class ResolvedSkill(BaseModel):
    text: str
    skill_id: str
    score: float


class SearchResult(BaseModel):
    total: int
    items: list[Hit]
    facets: Facets
    skills: list[ResolvedSkill]
    next_cursor: str | None = None


class ResolveResult(BaseModel):
    text: str
    matches: list[Resolution]
    suggestions: list[Resolution]


class SavedSearchCreate(Strict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=120)]
    search: SearchRequest


class SavedSearch(BaseModel):
    id: str
    owner: str
    name: str
    search: SearchRequest
    created_at: int
    seen_at: int | None = Field(default=None, description="the last visit (ms)")
    seen: list[str] = Field(default_factory=list, description="what it showed then")
