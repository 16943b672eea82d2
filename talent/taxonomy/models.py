"""The taxonomy in its data file, as read from the graph (groups with their products, skills),
and the rows that loading a taxonomy writes."""

from dataclasses import dataclass
from typing import NotRequired, TypedDict

from pydantic import BaseModel, Field

# A graph node's properties: scalars and lists of text; a null removes the property.
Props = dict[str, str | int | bool | list[str] | None]


class BundledGroup(TypedDict):
    id: str
    no: int
    vi: str
    en: str
    status: str
    successor: NotRequired[str | None]


class BundledProduct(TypedDict):
    id: str
    no: int
    vi: str
    en: str
    group: str
    group_inferred: bool
    tier: NotRequired[int]


class Decision(TypedDict):
    """A government decision listing the strategic technology groups and products."""

    id: str
    number: str
    signed: str
    effective: str
    current: bool
    groups: list[BundledGroup]
    products: list[BundledProduct]


class BundledSkill(TypedDict):
    id: str
    en: str
    vi: str
    aliases: list[str]
    broader: list[str]
    groups: list[str]
    # Needed across groups (leadership, policy): listed under them, yet no sign of belonging.
    cross_cutting: NotRequired[bool]


class Bundled(TypedDict):
    """The data file `talent/taxonomy/data/taxonomy.json`."""

    scheme: str
    version: str
    credit: str
    sources: dict[str, list[str]]
    decisions: list[Decision]
    skills: list[BundledSkill]


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
    effective: str = Field(default="", description="the day its decision took effect (ISO)")
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
    groups: list[str] = Field(description="the groups it is listed under, cross-cutting or not")
    cross_cutting: bool = Field(
        default=False,
        description="needed across groups: it does not place an expert in any of its groups",
    )


@dataclass(frozen=True, slots=True)
class NodeRow:
    """A node to merge by id, with the properties to set."""

    id: str
    props: Props


@dataclass(frozen=True, slots=True)
class ProductRow:
    id: str
    group: str
    props: Props


@dataclass(frozen=True, slots=True)
class Link:
    """An edge to merge between two nodes by id."""

    source: str
    target: str
