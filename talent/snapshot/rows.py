"""What a snapshot holds: the rows of one read of the graph, whole or for some experts."""

from dataclasses import dataclass, field
from typing import NamedTuple


class SkillLink(NamedTuple):
    id: str
    label: str | None
    label_vi: str | None
    aliases: list[str] | None
    broader: list[str]
    same: list[str]


class ExpertRow(NamedTuple):
    id: str
    status: str | None
    consent_match: bool | None
    residency: str | None
    years: int | None
    languages: list[str] | None
    modes: list[str] | None
    available_from: str | None
    available_until: str | None
    grade: int | None
    updated_at: int | None
    full_name: str | None
    headline: str | None
    country: str | None
    diaspora: bool | None
    emails: list[str] | None
    orcid: str | None
    birth_year: int | None
    external_id: str | None = None


class SkillEdge(NamedTuple):
    expert: str
    skill: str
    level: int | None
    source: str | None


class AffiliationEdge(NamedTuple):
    expert: str
    org: str
    end_year: int | None
    team_size: int | None
    title: str | None
    source: str | None


class Authorship(NamedTuple):
    expert: str
    work: str


class WorkText(NamedTuple):
    id: str
    title: str | None
    abstract: str | None
    year: int | None
    kind: str | None
    # Its sentence vector as stored (int8 bytes and scale), the model and the text hash it
    # was computed for; the index uses it only for its own model and the work's current text.
    vector: bytes | None = None
    vector_scale: float | None = None
    vector_model: str | None = None
    vector_hash: str | None = None


# The status an index gives an expert the graph no longer holds: out of every list.
GONE = "deleted"


def gone_row(expert_id: str) -> ExpertRow:
    """What is left of an expert deleted since the index was built."""
    return ExpertRow(expert_id, GONE, False, *([None] * 15))


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """Every skill in id order with its links, and the groups of the decision in force."""

    skills: list[SkillLink]
    groups: list[str]
    members: list[tuple[str, str]]  # (skill, group): the skills that define each group

    def canonical(self) -> tuple[object, ...]:
        """Its content in a stable order (the graph returns groups and members in any)."""
        return (self.skills, sorted(self.groups), sorted(self.members))


@dataclass(slots=True)
class Rows:
    """Experts in id order with their links and works: all of them, or those read again after
    a change (`ids` then names every expert asked for, found or not)."""

    experts: list[ExpertRow]
    skills: list[SkillEdge]
    affiliations: list[AffiliationEdge]
    authorships: list[Authorship]
    works: list[WorkText]
    ids: list[str] = field(default_factory=list)
    # Works the changes named: their texts are vectorised again even where their authors'
    # lists of works stay the same.
    works_changed: frozenset[str] = frozenset()
