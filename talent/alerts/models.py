"""Watches, alerts and the delivery each person chose."""

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field, JsonValue

from talent.core.types import Key, Strict

DEFAULT_K = 10
MAX_K = 50


class WatchKind(StrEnum):
    ROLE = "role"  # a lead's role: who enters its top k, what happens to its shortlist
    OPEN_ROLES = "open_roles"  # an expert's: open roles whose top k they enter
    GROUP = "group"  # the ministry's: a technology group's supply of leading experts
    SEARCH = "search"  # a saved search's: who enters its first k results


class Reason(StrEnum):
    ENTERED_TOP = "entered_top"  # an expert entered the watched role's top k
    WITHDREW = "withdrew"  # a shortlisted expert withdrew from the database
    AVAILABILITY = "availability"  # a shortlisted expert's availability changed
    ROLE_FITS = "role_fits"  # an open role ranks the watching expert in its top k
    GROUP_JOINED = "group_joined"  # an expert became one of a group's leading experts
    GROUP_LEFT = "group_left"  # an expert is no longer one of them
    GROUP_SHORT = "group_short"  # the group's open roles now need more than its leading experts
    SEARCH_NEW = "search_new"  # an expert entered a saved search's first k results


class Delivery(StrEnum):
    APP = "app"  # in the app only
    IMMEDIATE = "immediate"
    DAILY = "daily"
    WEEKLY = "weekly"


class WatchRequest(Strict):
    k: int = Field(default=DEFAULT_K, ge=1, le=MAX_K, description="how far down the ranking")


class Watch(BaseModel):
    id: str
    key: str
    kind: WatchKind
    owner: str = Field(description="the account told")
    target: str = Field(
        description="the role, group or saved search watched, or the expert who watches open roles"
    )
    k: int
    created_at: int
    evaluated_at: int | None = Field(
        default=None, description="first looked at by the worker: alerts start from there"
    )


class Alert(BaseModel):
    """One thing a person is told. `expert_id` is the expert it is about (for an expert's own
    alert, themself; none for a group's shortage); the role, group or saved search it is of."""

    id: str
    watch_id: str
    account: str
    kind: WatchKind
    reason: Reason
    role_id: str = ""
    group_id: str = ""
    search_id: str = ""
    expert_id: str = ""
    at: int
    read_at: int | None = None
    mailed_at: int | None = None
    details: dict[str, JsonValue] = Field(default_factory=dict)


class AlertPrefs(Strict):
    delivery: Delivery = Delivery.APP
    language: Literal["vi", "en"] = "vi"


class ReadRequest(Strict):
    ids: list[Key] | None = Field(default=None, max_length=500, description="none: every one")


class Unsubscribe(Strict):
    token: str = Field(min_length=10, max_length=2000)
