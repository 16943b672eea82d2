"""A programme's team to assemble: the skills it needs, the candidates for each place (chief
architect, chief engineer, engineers) with their fit and the needs they cover, who has worked
with whom, and the members a lead has locked."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Place(StrEnum):
    CHIEF_ARCHITECT = "chief_architect"  # breadth: ranked as a chief architect
    CHIEF_ENGINEER = "chief_engineer"  # depth: ranked as a chief engineer
    ENGINEER = "engineer"


LEADS = (Place.CHIEF_ARCHITECT, Place.CHIEF_ENGINEER)
# Working together counts this much of a member's fit, per pair: a co-author 1, a colleague 0.5.
TOGETHER = 0.2


@dataclass(frozen=True, slots=True)
class Need:
    skill_id: str
    min_level: int
    weight: float


@dataclass(frozen=True, slots=True)
class Candidate:
    expert: str
    fit: Mapping[Place, float]  # the places they are ranked for, and their score there
    covers: frozenset[str]  # the needs' skills they hold at the level needed
    may_lead: bool  # their ledger leaves them a lead role
    may_join: bool  # and a role at all


@dataclass(frozen=True, slots=True)
class TeamProblem:
    needs: tuple[Need, ...]
    candidates: Mapping[str, Candidate]
    together: Mapping[frozenset[str], float]  # a pair and how closely they worked together
    engineers: int  # at most this many besides the two leads
    locked: Mapping[str, Place] = field(default_factory=dict)

    def eligible(self, expert: str, place: Place) -> bool:
        found = self.candidates.get(expert)
        if found is None or place not in found.fit or not found.may_join:
            return False
        return found.may_lead or place not in LEADS

    def uncoverable(self) -> list[Need]:
        """Needs no candidate holds at the level needed: no team can cover them."""
        held = set().union(*(c.covers for c in self.candidates.values()))
        return [n for n in self.needs if n.skill_id not in held]


@dataclass(frozen=True, slots=True)
class Team:
    members: dict[str, Place]  # expert: place
    covered: tuple[str, ...]  # the needs' skills the team covers, in the needs' order
    fit: float  # the members' fit at their places
    together: float  # the pairs of members who worked together, weighted

    def value(self, problem: TeamProblem) -> tuple[float, float]:
        """What a team is judged by: the weight of the needs covered, then fit and ties."""
        weight = sum(n.weight for n in problem.needs if n.skill_id in self.covered)
        return weight, self.fit + TOGETHER * self.together


def team_of(problem: TeamProblem, members: dict[str, Place]) -> Team:
    """A team's coverage, fit and ties, computed from its members alone."""
    covers = set().union(*(problem.candidates[e].covers for e in members))
    people = sorted(members)
    return Team(
        members=dict(members),
        covered=tuple(n.skill_id for n in problem.needs if n.skill_id in covers),
        fit=sum(problem.candidates[e].fit[p] for e, p in members.items()),
        together=sum(
            problem.together.get(frozenset((a, b)), 0.0)
            for i, a in enumerate(people)
            for b in people[i + 1 :]
        ),
    )


def valid(problem: TeamProblem, members: dict[str, Place]) -> list[str]:
    """What makes `members` no team: each place filled as asked, every member eligible there,
    the locked members in their places."""
    found = []
    places = list(members.values())
    for lead in LEADS:
        if places.count(lead) != 1:
            found.append(f"one {lead}")
    if places.count(Place.ENGINEER) > problem.engineers:
        found.append(f"at most {problem.engineers} engineers")
    found += [f"not eligible: {e} as {p}" for e, p in members.items() if not problem.eligible(e, p)]
    found += [f"locked: {e} as {p}" for e, p in problem.locked.items() if members.get(e) != p]
    return found
