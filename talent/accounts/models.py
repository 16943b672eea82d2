"""Accounts and roles as the API takes and shows them."""

from enum import StrEnum
from typing import Annotated, Literal

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


# What an e-mailed token proves (no docstring: it would change the API schema).
class Purpose(StrEnum):
    CONFIRM = "confirm"  # a registration's e-mail address
    CLAIM = "claim"  # an existing profile, by a new account
    RESET = "reset"  # a forgotten password, by the open account's address


class TokenRecord(BaseModel):
    """A stored token: its digest, never the token itself."""

    id: str
    digest: str
    purpose: Purpose
    account_id: str
    expert_id: str
    created_at: int
    expires_at: int
    used_at: int | None = None
    # The account's session epoch when it was issued (set by the graph when it is stored): the
    # link works only while the account's is the same.
    epoch: int = 0


class Standing(BaseModel):
    """Where an account stands in its life: pending (awaiting its address's confirmation, until
    `expires_at`), open, or closed for good."""

    id: str
    pending_email: str | None = None
    expires_at: int | None = None
    closed_at: int | None = None


class Login(Strict):
    """Stripped like the password it was created with."""

    email: str = Field(min_length=3, max_length=320)
    password: str = Field(min_length=1, max_length=200)


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    account: AccountRead


class PasswordForgot(Strict):
    """An address whose account's password is forgotten."""

    email: EmailStr = Field(max_length=254)


class PasswordReset(Strict):
    token: Annotated[str, StringConstraints(min_length=10, max_length=200)]
    password: Password = Field(description="the new password; 12 characters or more")


class ResetRequested(BaseModel):
    """The one answer to every well-formed request, whatever exists: a link goes to the address
    only if an open account holds it."""

    state: Literal["received"] = "received"
    email: str


class PasswordChanged(BaseModel):
    state: Literal["changed"] = "changed"
