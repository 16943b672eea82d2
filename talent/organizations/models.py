"""Proposed organisations as admins review them."""

from typing import Literal

from pydantic import BaseModel, Field

from talent.core.types import Strict
from talent.resources.models import OrganizationRead


class ProposedOrganization(BaseModel):
    """An organisation a registrant named, waiting for an admin: offered to no one else."""

    organization: OrganizationRead
    expert_ids: list[str] = Field(description="the profiles affiliated with it")


class OrganizationDecision(Strict):
    decision: Literal["approve", "reject"] = Field(
        description="approve: offered to everyone from now on; reject: deleted, with the "
        "affiliations that name it"
    )


class Listed(BaseModel):
    """An organisation with how many profiles name it as an affiliation."""

    organization: OrganizationRead
    experts: int
