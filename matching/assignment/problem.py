"""A portfolio to assign: the open roles with their ranked candidates, the people's ledgers, the
officer's side rules and edits; and the rules an assignment must keep, each by name.

Every rule is named (`Rule`) so that an assignment that cannot keep them all can say which of
them conflict. Two things are not rules but the meaning of an assignment, and always hold: a
role gets at most its headcount, and nobody takes two roles of one programme (its chief engineer
is not also its chief architect).
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

LEAD_KINDS = frozenset({"chief_engineer", "chief_architect"})
# Scores are compared as whole numbers of this many parts: the solver works on integers.
SCALE = 10_000


@dataclass(frozen=True, slots=True)
class Option:
    """A ranked candidate for a role: the ranking's score and rank (1 first)."""

    expert: str
    score: float
    rank: int


@dataclass(frozen=True, slots=True)
class Opening:
    role_id: str
    programme_id: str
    kind: str
    headcount: int
    options: tuple[Option, ...]

    @property
    def lead(self) -> bool:
        return self.kind in LEAD_KINDS


@dataclass(frozen=True, slots=True)
class Person:
    """What the rules read of a candidate. The limits are what is left of the ledger: the roles
    they hold or are proposed for outside the openings assigned are already taken off."""

    expert: str
    at_home: bool
    diaspora: bool
    organizations: frozenset[str]
    years: int
    lead_limit: int
    role_limit: int


@dataclass(frozen=True, slots=True)
class SideRules:
    """The officer's rules: per programme at least `min_at_home` experts at home and at most
    `max_per_organization` from one organisation; at least `diaspora_percent` % of everyone
    assigned from the diaspora; `lead_min_years` of experience for a lead role."""

    min_at_home: int = 0
    max_per_organization: int | None = None
    diaspora_percent: int = 0
    lead_min_years: int = 0


@dataclass(frozen=True, slots=True)
class Edits:
    """The officer's edits, kept when the portfolio is solved again: (role, expert) pairs."""

    pinned: frozenset[tuple[str, str]] = frozenset()
    forbidden: frozenset[tuple[str, str]] = frozenset()


class RuleKind(StrEnum):
    FILL = "fill"  # the role gets its whole headcount
    LEAD_LIMIT = "lead_limit"  # the expert leads no more programmes than their ledger allows
    ROLE_LIMIT = "role_limit"  # nor holds more roles
    AT_HOME = "at_home"  # the programme has at least so many experts at home
    PER_ORGANIZATION = "per_organization"  # nor more than so many from one organisation
    DIASPORA = "diaspora"  # the portfolio's share of the diaspora
    LEAD_YEARS = "lead_years"  # a lead role's years of experience
    PIN = "pin"
    FORBID = "forbid"


@dataclass(frozen=True, slots=True, order=True)
class Rule:
    """One rule of a portfolio; `bound` is its number (a headcount, a limit, a share)."""

    kind: RuleKind
    role_id: str = ""
    expert: str = ""
    programme_id: str = ""
    organization: str = ""
    bound: int = 0

    @property
    def key(self) -> str:
        parts = (self.kind, self.role_id, self.expert, self.programme_id, self.organization)
        return ":".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class Problem:
    openings: tuple[Opening, ...]
    people: Mapping[str, Person]
    side: SideRules = field(default_factory=SideRules)
    edits: Edits = field(default_factory=Edits)

    def opening(self, role_id: str) -> Opening:
        return next(o for o in self.openings if o.role_id == role_id)

    def seats(self) -> int:
        return sum(o.headcount for o in self.openings)

    def usable(self, opening: Opening) -> Iterator[Option]:
        """The options whose person is known: someone gone since the ranking is no option."""
        return (o for o in opening.options if o.expert in self.people)

    def programmes(self) -> dict[str, list[Opening]]:
        grouped: dict[str, list[Opening]] = {}
        for opening in self.openings:
            grouped.setdefault(opening.programme_id, []).append(opening)
        return grouped

    def rules(self) -> list[Rule]:
        """Every rule of this portfolio, in a fixed order."""
        found = [Rule(RuleKind.FILL, role_id=o.role_id, bound=o.headcount) for o in self.openings]
        experts = sorted({o.expert for op in self.openings for o in self.usable(op)})
        leads = {o.expert for op in self.openings if op.lead for o in self.usable(op)}
        for expert in experts:
            person = self.people[expert]
            if expert in leads:
                found.append(Rule(RuleKind.LEAD_LIMIT, expert=expert, bound=person.lead_limit))
            found.append(Rule(RuleKind.ROLE_LIMIT, expert=expert, bound=person.role_limit))
        found += self._programme_rules()
        if self.side.diaspora_percent > 0:
            found.append(Rule(RuleKind.DIASPORA, bound=self.side.diaspora_percent))
        if self.side.lead_min_years > 0:
            found += [
                Rule(RuleKind.LEAD_YEARS, role_id=o.role_id, bound=self.side.lead_min_years)
                for o in self.openings
                if o.lead
            ]
        found += [Rule(RuleKind.PIN, role_id=r, expert=e) for r, e in sorted(self.edits.pinned)]
        found += [
            Rule(RuleKind.FORBID, role_id=r, expert=e) for r, e in sorted(self.edits.forbidden)
        ]
        return found

    def _programme_rules(self) -> list[Rule]:
        found: list[Rule] = []
        limit = self.side.max_per_organization
        for programme, openings in sorted(self.programmes().items()):
            if self.side.min_at_home > 0:
                found.append(
                    Rule(RuleKind.AT_HOME, programme_id=programme, bound=self.side.min_at_home)
                )
            if limit is None:
                continue
            members: dict[str, set[str]] = {}
            for opening in openings:
                for option in self.usable(opening):
                    for org in self.people[option.expert].organizations:
                        members.setdefault(org, set()).add(option.expert)
            found += [
                Rule(
                    RuleKind.PER_ORGANIZATION, programme_id=programme, organization=org, bound=limit
                )
                for o, experts in sorted(members.items())
                if len(experts) > limit  # fewer could never break it
            ]
        return found


def relaxed(rule: Rule, by: int) -> Rule:
    """The rule made easier by `by`: a lower headcount, share or minimum, a higher limit."""
    if rule.kind in (RuleKind.LEAD_LIMIT, RuleKind.ROLE_LIMIT, RuleKind.PER_ORGANIZATION):
        return replace(rule, bound=rule.bound + by)
    return replace(rule, bound=max(0, rule.bound - by))
