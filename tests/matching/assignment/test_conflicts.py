"""Infeasibility explained: the named rules, by hand for three roles and two people; on random
portfolios, each named set is minimal by trying every assignment (the set alone holds for none,
without any one of its rules for some), and each relaxation is the least that lets it hold."""

import random

import pytest

from matching.assignment.conflicts import conflicts
from matching.assignment.problem import Opening, Option, Person, Problem, Rule, relaxed
from matching.assignment.solve import solve
from tests.matching.assignment.brute import holds, random_problem


def person(name: str) -> Person:
    return Person(name, True, False, frozenset(), 10, lead_limit=1, role_limit=3)


def lead(role: str, programme: str) -> Opening:
    options = (Option("sao", 0.9, 1), Option("tam", 0.8, 2))
    return Opening(role, programme, "chief_architect", 1, options)


def test_three_lead_roles_over_the_same_two_people_name_all_five_rules() -> None:
    # Roles A, B, C need the only two holders of a skill, each of whom may lead one programme;
    # a fourth role D has someone of its own and is no part of it.
    d = Opening("D", "W", "chief_engineer", 1, (Option("uyen", 0.5, 1),))
    problem = Problem(
        openings=(lead("A", "X"), lead("B", "Y"), lead("C", "Z"), d),
        people={n: person(n) for n in ("sao", "tam", "uyen")},
    )
    solved = solve(problem)
    assert solved.filled == 3  # two of A, B, C and D
    (conflict,) = conflicts(problem)
    assert sorted(r.key for r in conflict.rules) == [
        "fill:A",
        "fill:B",
        "fill:C",
        "lead_limit:sao",
        "lead_limit:tam",
    ]
    relaxations = {r.rule.key: (r.to, r.resolves_all) for r in conflict.relaxations}
    assert relaxations == {
        "fill:A": (0, True),  # leave A empty
        "fill:B": (0, True),
        "fill:C": (0, True),
        "lead_limit:sao": (2, True),  # let sao lead two programmes
        "lead_limit:tam": (2, True),
    }


def test_a_portfolio_that_holds_has_no_conflict() -> None:
    problem = Problem(
        openings=(lead("A", "X"), lead("B", "Y")), people={n: person(n) for n in ("sao", "tam")}
    )
    assert conflicts(problem) == []


def _without(rules: tuple[Rule, ...], rule: Rule) -> list[Rule]:
    return [r for r in rules if r != rule]


@pytest.mark.parametrize("seed", range(60))
def test_named_conflicts_are_minimal_and_their_relaxations_least(seed: int) -> None:
    rng = random.Random(1000 + seed)
    problem = random_problem(rng, roles=3, people=rng.choice([3, 4]))
    every = problem.rules()
    found = conflicts(problem)
    assert (found == []) == holds(problem, every)
    for conflict in found:
        assert not holds(problem, conflict.rules)
        for rule in conflict.rules:
            assert holds(problem, _without(conflict.rules, rule)), rule.key
        for relaxation in conflict.relaxations:
            rule, others = relaxation.rule, _without(conflict.rules, relaxation.rule)
            rest = _without(tuple(every), rule)
            if relaxation.to is not None:
                by = abs(relaxation.to - rule.bound)
                assert holds(problem, [*others, relaxed(rule, by)])
                assert by == 1 or not holds(problem, [*others, relaxed(rule, by - 1)])
                rest.append(relaxed(rule, by))
            assert relaxation.resolves_all == holds(problem, rest)
