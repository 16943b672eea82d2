"""What team assembly takes and gives over the API."""

from typing import Self

from pydantic import BaseModel, Field, model_validator

from matching.teams.problem import Place
from talent.core.types import Key, Strict, unique


class Lock(Strict):
    expert_id: Key
    place: Place


class TeamRequest(Strict):
    engineers: int = Field(default=3, ge=0, le=10, description="engineers besides the two leads")
    k: int = Field(default=30, ge=2, le=100, description="candidates considered per place")
    alternatives: int = Field(default=3, ge=1, le=5, description="how many teams to propose")
    locked: list[Lock] = Field(default_factory=list, max_length=12)

    @model_validator(mode="after")
    def _one_place_each(self) -> Self:
        unique([lock.expert_id for lock in self.locked], "locked[].expert_id")
        for lead in (Place.CHIEF_ARCHITECT, Place.CHIEF_ENGINEER):
            if sum(lock.place is lead for lock in self.locked) > 1:
                raise ValueError(f"one {lead} at most may be locked")
        if sum(lock.place is Place.ENGINEER for lock in self.locked) > self.engineers:
            raise ValueError("more engineers locked than the team has places")
        return self


class NeedView(BaseModel):
    skill_id: str
    label: str
    min_level: int
    weight: float


class MemberView(BaseModel):
    expert_id: str
    full_name: str
    place: Place
    fit: float = Field(description="their score at this place (the ranking's)")
    covers: list[str] = Field(description="the needs' skills they hold at the level needed")
    worked_with: list[str] = Field(description="members they wrote a work with or work beside")


class CoverageRow(BaseModel):
    skill_id: str
    members: list[str] = Field(description="the members who hold it at the level needed")


class TeamView(BaseModel):
    members: list[MemberView]
    coverage: list[CoverageRow]
    covered: int
    fit: float
    together: float


class TeamProposals(BaseModel):
    programme_id: str
    needs: list[NeedView]
    uncoverable: list[str] = Field(description="needs no candidate holds at the level needed")
    teams: list[TeamView]
