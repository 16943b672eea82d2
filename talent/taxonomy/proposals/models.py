"""A proposed skill, as sent, as stored, and the admin's two decisions."""

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from talent.core.types import Strict

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=120)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)]
Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class ProposalStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class ProposalCreate(Strict):
    """A skill missing from the taxonomy: its name, and what it covers if need be."""

    name: Name
    description: Text = ""


class ProposalRead(BaseModel):
    id: str
    name: str
    description: str
    status: ProposalStatus
    proposer: str = Field(description="the proposing account, or the address of a visitor")
    proposer_role: str
    created_at: int
    version: int
    reason: str = Field(default="", description="why it was rejected")
    skill_id: str | None = Field(default=None, description="the skill it became, once accepted")
    decided_by: str = ""
    decided_at: int | None = None


class Acceptance(Strict):
    """The skill the proposal becomes: named in both languages, under a technology group and,
    if it narrows one, a broader skill; `version` is the proposal's as the admin read it."""

    label_en: Name
    label_vi: Name
    group: Id
    broader: str = Field(default="", max_length=200)
    version: int = Field(ge=1)


class Rejection(Strict):
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=1000)]
    version: int = Field(ge=1)
