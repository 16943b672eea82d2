"""What an assignment traded: for each role, the candidates ranked above those it was given who
are not in it, and why: the roles they took instead, and the rules that taking them here would
break (found by trying the swap against the checker, not by guessing)."""

from dataclasses import dataclass

from matching.assignment.check import broken, malformed
from matching.assignment.problem import Opening, Problem, Rule, RuleKind

PER_ROLE = 3


@dataclass(frozen=True, slots=True)
class Passed:
    role_id: str
    expert: str
    rank: int
    elsewhere: tuple[str, ...]  # the roles of the portfolio they were given
    rules: tuple[Rule, ...]  # what taking them here would break
    meaning: tuple[str, ...]  # or what it would make no assignment (two roles of a programme)


def tradeoffs(
    problem: Problem, seats: dict[str, list[str]], *, per_role: int = PER_ROLE
) -> dict[str, list[Passed]]:
    given: dict[str, list[str]] = {}
    for role_id, experts in seats.items():
        for expert in experts:
            given.setdefault(expert, []).append(role_id)
    every = problem.rules()
    return {o.role_id: _passed(problem, o, seats, given, every, per_role) for o in problem.openings}


def _passed(
    problem: Problem,
    opening: Opening,
    seats: dict[str, list[str]],
    given: dict[str, list[str]],
    every: list[Rule],
    per_role: int,
) -> list[Passed]:
    role = opening.role_id
    chosen = seats.get(role, [])
    rank = {o.expert: o.rank for o in opening.options}
    full = len(chosen) >= opening.headcount
    last = max(chosen, key=lambda e: (rank[e], e)) if full and chosen else None
    cutoff = rank[last] if last is not None else None
    found: list[Passed] = []
    for option in sorted(problem.usable(opening), key=lambda o: (o.rank, o.expert)):
        if len(found) == per_role or (cutoff is not None and option.rank >= cutoff):
            break
        if option.expert in chosen:
            continue
        trial = dict(seats)
        trial[role] = [e for e in chosen if e != last] + [option.expert]
        touched = {option.expert, last}
        rules = [r for r in every if _concerns(r, opening, touched)]
        found.append(
            Passed(
                role_id=role,
                expert=option.expert,
                rank=option.rank,
                elsewhere=tuple(given.get(option.expert, ())),
                rules=tuple(broken(problem, trial, rules)),
                meaning=tuple(malformed(problem, trial)),
            )
        )
    return found


def _concerns(rule: Rule, opening: Opening, experts: set[str | None]) -> bool:
    """Whether a swap in `opening` between `experts` could change whether the rule holds."""
    if rule.kind is RuleKind.DIASPORA:
        return True
    if rule.kind is RuleKind.FILL:
        return False  # a swap keeps the count
    return (
        rule.role_id == opening.role_id
        or rule.expert in experts
        or rule.programme_id == opening.programme_id
    )
