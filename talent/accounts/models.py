"""Accounts and roles as the API takes and shows them."""

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, EmailStr, Field, StringConstraints

from talent.core.types import Strict


class Role(StrEnum):
    ADMIN = "admin"
    MINISTRY = "ministry"
    PROGRAMME_LEAD = "programme_lead"
    EXPERT = "expert"


Password = Annotated[str, StringConstraints(min_length=12, max_length=200)]


class AccountCreate(Strict):
    email: EmailStr
    password: Password = Field(description="at least 12 characters")
    role: Role
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    expert_id: str | None = Field(default=None, max_length=120, description="expert accounts")


class AccountRead(BaseModel):
    id: str
    email: str
    role: Role
    name: str
    expert_id: str | None = None
    active: bool
    created_at: int
