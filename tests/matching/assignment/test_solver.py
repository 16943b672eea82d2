"""The solver: a star wanted by two roles, by hand; on random small portfolios, the same
optimum as trying every assignment, and every solution it gives keeps every rule."""

import random

import pytest

from matching.assignment.check import broken, malformed
from matching.assignment.greedy import greedy
from matching.assignment.problem import (
    SCALE,
    Edits,
    Opening,
    Option,
    Person,
    Problem,
    RuleKind,
    SideRules,
)
from matching.assignment.solve import SIDE, Outcome, solve
from matching.assignment.tradeoffs import tradeoffs
from tests.matching.assignment.brute import best, best_relaxed, fit, random_problem


def person(name: str, *, at_home: bool = True, lead_limit: int = 1, years: int = 10) -> Person:
    return Person(
        expert=name,
        at_home=at_home,
        diaspora=not at_home,
        organizations=frozenset(),
        years=years,
        lead_limit=lead_limit,
        role_limit=3,
    )


def opening(role: str, programme: str, *ranked: tuple[str, float]) -> Opening:
    options = tuple(Option(e, s, k) for k, (e, s) in enumerate(ranked, 1))
    return Opening(role, programme, "chief_engineer", 1, options)


# Sao tops both roles but may lead one programme: 0.9 + 0.75 for A beats 0.8 + 0.6 for B.
STAR = Problem(
    openings=(
        opening("B", "Y", ("sao", 0.8), ("quan", 0.75)),
        opening("A", "X", ("sao", 0.9), ("phuong", 0.6)),
    ),
    people={n: person(n) for n in ("sao", "quan", "phuong")},
)


def test_a_star_wanted_by_two_roles_leads_the_one_where_the_total_is_greatest() -> None:
    solved = solve(STAR)
    assert solved.outcome is Outcome.OPTIMAL
    assert solved.seats == {"A": ["sao"], "B": ["quan"]}
    assert solved.fit == pytest.approx(1.65)
    # Role by role in the order given, the star goes to B and A gets its second.
    assert greedy(STAR) == {"B": ["sao"], "A": ["phuong"]}


def test_what_the_assignment_traded_names_the_role_taken_and_the_rule() -> None:
    traded = tradeoffs(STAR, solve(STAR).seats)
    assert traded["A"] == []
    (passed,) = traded["B"]
    assert (passed.expert, passed.rank, passed.elsewhere) == ("sao", 1, ("A",))
    assert [r.key for r in passed.rules] == ["lead_limit:sao"]


def test_pins_and_side_rules_move_the_optimum() -> None:
    pinned = Problem(
        openings=STAR.openings,
        people=STAR.people,
        edits=Edits(pinned=frozenset({("B", "sao")})),
    )
    assert solve(pinned).seats == {"A": ["phuong"], "B": ["sao"]}
    abroad = {**STAR.people, "quan": person("quan", at_home=False)}
    # Sao may not take A; half the portfolio from the diaspora, and quan is its only member.
    share = Problem(
        openings=STAR.openings,
        people=abroad,
        side=SideRules(diaspora_percent=50),
        edits=Edits(forbidden=frozenset({("A", "sao")})),
    )
    solved = solve(share)
    assert solved.seats == {"A": ["phuong"], "B": ["quan"]}


def test_seats_come_before_scores() -> None:
    # Sao alone could fill A for 0.99; giving A to lan and B to sao fills both.
    problem = Problem(
        openings=(opening("A", "X", ("sao", 0.99), ("lan", 0.01)), opening("B", "Y", ("sao", 0.5))),
        people={n: person(n) for n in ("sao", "lan")},
    )
    solved = solve(problem)
    assert solved.seats == {"A": ["lan"], "B": ["sao"]}
    assert solved.filled == 2


@pytest.mark.parametrize("seed", range(120))
def test_random_portfolios_reach_the_optimum_found_by_trying_every_assignment(seed: int) -> None:
    rng = random.Random(seed)
    problem = random_problem(rng, roles=rng.choice([2, 3, 3]), people=rng.choice([4, 5]))
    solved = solve(problem)
    expected = best(problem)
    if expected is None:
        # The side rules cannot all hold: the fewest are broken, then seats, then fit.
        assert solved.outcome is Outcome.RELAXED
        assert malformed(problem, solved.seats) == []
        soft = [r for r in problem.rules() if r.kind in SIDE]
        assert solved.broken == broken(problem, solved.seats, soft) != []
        relaxed = (len(soft) - len(solved.broken), solved.filled, fit(problem, solved.seats))
        assert relaxed == best_relaxed(problem, SIDE)
        return
    assert solved.outcome is Outcome.OPTIMAL
    assert malformed(problem, solved.seats) == []
    kept = [r for r in problem.rules() if r.kind is not RuleKind.FILL]
    assert broken(problem, solved.seats, kept) == []
    assert (solved.filled, fit(problem, solved.seats)) == expected
    assert round(solved.fit * SCALE) == expected[1]
    baseline = greedy(problem)
    assert malformed(problem, baseline) == []


def test_the_greedy_baseline_keeps_the_rules_one_choice_can_break() -> None:
    people = {
        "sao": person("sao", years=5),  # too junior to lead with 10 years asked
        "quan": person("quan", years=15),
        "phuong": person("phuong", at_home=False, years=10),
    }
    problem = Problem(
        openings=STAR.openings, people=people, side=SideRules(lead_min_years=10, min_at_home=1)
    )
    seats = greedy(problem)
    assert seats == {"B": ["quan"], "A": ["phuong"]}
    # It cannot plan for a programme's experts at home: programme X's only one is abroad.
    assert [r.key for r in broken(problem, seats)] == ["at_home:X"]
