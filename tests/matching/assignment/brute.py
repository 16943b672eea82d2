"""Assignments found by trying every one: the checker alone says which keep the rules, so what
these return owes nothing to the solver."""

import itertools
import random
from collections.abc import Iterable, Iterator

from matching.assignment.check import broken, malformed
from matching.assignment.problem import (
    SCALE,
    Edits,
    Opening,
    Option,
    Person,
    Problem,
    Rule,
    RuleKind,
    SideRules,
)

Seats = dict[str, list[str]]


def every_assignment(problem: Problem) -> Iterator[Seats]:
    choices = []
    for opening in problem.openings:
        experts = [o.expert for o in problem.usable(opening)]
        subsets = [
            list(c)
            for size in range(opening.headcount + 1)
            for c in itertools.combinations(experts, size)
        ]
        choices.append(subsets)
    roles = [o.role_id for o in problem.openings]
    for picked in itertools.product(*choices):
        seats = dict(zip(roles, picked, strict=True))
        if not malformed(problem, seats):
            yield seats


def holds(problem: Problem, rules: Iterable[Rule]) -> bool:
    """Whether some assignment keeps every one of `rules`."""
    named = list(rules)
    return any(not broken(problem, s, named) for s in every_assignment(problem))


def best(problem: Problem) -> tuple[int, int] | None:
    """The most seats, then the greatest fit (in SCALE parts), keeping every rule but the
    headcounts; None when no assignment keeps them."""
    rules = [r for r in problem.rules() if r.kind is not RuleKind.FILL]
    found = None
    for seats in every_assignment(problem):
        if broken(problem, seats, rules):
            continue
        value = (sum(len(v) for v in seats.values()), fit(problem, seats))
        found = value if found is None or value > found else found
    return found


def best_relaxed(problem: Problem, side: frozenset[RuleKind]) -> tuple[int, int, int] | None:
    """The most side rules kept, then seats, then fit, keeping every other rule but the
    headcounts."""
    rules = [r for r in problem.rules() if r.kind is not RuleKind.FILL]
    hard = [r for r in rules if r.kind not in side]
    soft = [r for r in rules if r.kind in side]
    found = None
    for seats in every_assignment(problem):
        if broken(problem, seats, hard):
            continue
        kept = len(soft) - len(broken(problem, seats, soft))
        value = (kept, sum(len(v) for v in seats.values()), fit(problem, seats))
        found = value if found is None or value > found else found
    return found


def fit(problem: Problem, seats: Seats) -> int:
    total = 0
    for opening in problem.openings:
        score = {o.expert: round(o.score * SCALE) for o in opening.options}
        total += sum(score[e] for e in seats.get(opening.role_id, ()))
    return total


def random_problem(rng: random.Random, *, roles: int = 3, people: int = 5) -> Problem:
    names = [f"p{i}" for i in range(people)]
    persons = {
        n: Person(
            expert=n,
            at_home=rng.random() < 0.5,
            diaspora=rng.random() < 0.4,
            organizations=frozenset(rng.sample(["o1", "o2", "o3"], rng.randint(0, 2))),
            years=rng.choice([3, 8, 15]),
            lead_limit=rng.choice([0, 1, 1, 2]),
            role_limit=rng.choice([1, 2, 3]),
        )
        for n in names
    }
    openings = []
    for i in range(roles):
        picked = rng.sample(names, rng.randint(1, min(4, people)))
        scores = sorted((rng.randint(1, 100) / 100 for _ in picked), reverse=True)
        options = tuple(
            Option(expert=e, score=s, rank=k)
            for k, (e, s) in enumerate(zip(picked, scores, strict=True), 1)
        )
        openings.append(
            Opening(
                role_id=f"r{i}",
                programme_id=rng.choice(["P1", "P2"]),
                kind=rng.choice(["chief_engineer", "chief_architect", "engineer"]),
                headcount=rng.choice([1, 1, 2]),
                options=options,
            )
        )
    pairs = [(o.role_id, x.expert) for o in openings for x in o.options]
    side = SideRules(
        min_at_home=rng.choice([0, 0, 1]),
        max_per_organization=rng.choice([None, None, 1]),
        diaspora_percent=rng.choice([0, 0, 25, 50]),
        lead_min_years=rng.choice([0, 0, 8]),
    )
    edits = Edits(
        pinned=frozenset(rng.sample(pairs, rng.choice([0, 0, 1]))),
        forbidden=frozenset(rng.sample(pairs, rng.choice([0, 0, 1]))),
    )
    return Problem(openings=tuple(openings), people=persons, side=side, edits=edits)
