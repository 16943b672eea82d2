"""Team assembly: a team by hand (coverage before fit, working together as the tie-break), and
on random small programmes the same teams, in the same order of value, as trying every team."""

import itertools
import random

import pytest

from matching.teams.problem import (
    LEADS,
    Candidate,
    Need,
    Place,
    TeamProblem,
    team_of,
    valid,
)
from matching.teams.solve import best_teams

CA, CE, ENG = Place.CHIEF_ARCHITECT, Place.CHIEF_ENGINEER, Place.ENGINEER


def cand(
    expert: str,
    covers: str,
    *,
    ca: float = 0.0,
    ce: float = 0.0,
    eng: float = 0.0,
    lead: bool = True,
) -> Candidate:
    fit = {p: f for p, f in ((CA, ca), (CE, ce), (ENG, eng)) if f}
    return Candidate(expert, fit, frozenset(covers.split()), may_lead=lead, may_join=True)


NEEDS = (Need("chips", 4, 1.0), Need("lidar", 3, 1.0), Need("rf", 3, 0.5))


def test_the_team_covers_every_need_before_it_takes_the_best_fit() -> None:
    problem = TeamProblem(
        needs=NEEDS,
        candidates={
            c.expert: c
            for c in (
                cand("an", "chips", ca=0.9, ce=0.5),
                cand("binh", "chips", ce=0.95),
                cand("chi", "lidar", ce=0.7, eng=0.6),
                cand("dung", "rf", eng=0.3),
                cand("em", "chips", eng=0.9),
            )
        },
        together={},
        engineers=1,
    )
    best, *others = best_teams(problem, count=3)
    # Binh (0.95) as chief engineer would leave lidar uncovered: chi takes the place, and the
    # one engineer is dung, for rf, though em fits better.
    assert best.members == {"an": CA, "chi": CE, "dung": ENG}
    assert best.covered == ("chips", "lidar", "rf")
    assert best.fit == pytest.approx(0.9 + 0.7 + 0.3)
    # Only that team covers all three (dung alone holds rf, chi alone lidar): the next gives
    # rf up.
    assert others[0].covered == ("chips", "lidar")


def test_people_who_worked_together_break_a_tie_and_locks_hold() -> None:
    candidates = {
        c.expert: c
        for c in (
            cand("an", "chips lidar rf", ca=0.8),
            cand("binh", "chips", ce=0.6),
            cand("chi", "chips", ce=0.6),
        )
    }
    together = {frozenset(("an", "chi")): 1.0}
    problem = TeamProblem(needs=NEEDS, candidates=candidates, together=together, engineers=0)
    (best,) = best_teams(problem, count=1)
    assert best.members == {"an": CA, "chi": CE}
    assert best.together == 1.0
    locked = TeamProblem(
        needs=NEEDS, candidates=candidates, together=together, engineers=0, locked={"binh": CE}
    )
    assert best_teams(locked, count=1)[0].members == {"an": CA, "binh": CE}
    nobody = TeamProblem(
        needs=NEEDS, candidates=candidates, together={}, engineers=0, locked={"binh": CA}
    )
    assert best_teams(nobody, count=1) == []


def test_a_need_nobody_holds_is_named() -> None:
    problem = TeamProblem(
        needs=(*NEEDS, Need("quantum", 4, 1.0)),
        candidates={"an": cand("an", "chips", ca=0.5, ce=0.5), "binh": cand("binh", "rf", ce=0.5)},
        together={},
        engineers=2,
    )
    assert [n.skill_id for n in problem.uncoverable()] == ["lidar", "quantum"]
    (best,) = best_teams(problem, count=1)
    assert set(best.covered) == {"chips", "rf"}


def _every_team(problem: TeamProblem) -> dict[frozenset[str], tuple[float, float]]:
    """The best value of each set of people that can be a team, by trying every team."""
    people = sorted(problem.candidates)
    found: dict[frozenset[str], tuple[float, float]] = {}
    for size in range(len(LEADS), len(LEADS) + problem.engineers + 1):
        for group in itertools.permutations(people, size):
            members = {group[0]: CA, group[1]: CE, **dict.fromkeys(group[2:], ENG)}
            if valid(problem, members):
                continue
            value = team_of(problem, members).value(problem)
            value = (round(value[0] * 100), round(value[1] * 1000))
            key = frozenset(members)
            found[key] = max(found.get(key, value), value)
    return found


@pytest.mark.parametrize("seed", range(40))
def test_random_programmes_get_the_teams_found_by_trying_every_team(seed: int) -> None:
    rng = random.Random(seed)
    skills = ["s1", "s2", "s3", "s4"]
    needs = tuple(Need(s, 3, rng.choice([0.5, 1.0])) for s in skills)
    people = [f"p{i}" for i in range(rng.randint(3, 6))]
    candidates = {
        e: Candidate(
            e,
            {p: rng.randint(1, 100) / 100 for p in Place if rng.random() < 0.7},
            frozenset(rng.sample(skills, rng.randint(0, 2))),
            may_lead=rng.random() < 0.8,
            may_join=rng.random() < 0.95,
        )
        for e in people
    }
    together = {
        frozenset(pair): rng.choice([0.5, 1.0])
        for pair in itertools.combinations(people, 2)
        if rng.random() < 0.3
    }
    problem = TeamProblem(needs, candidates, together, engineers=rng.randint(0, 2))
    expected = sorted(_every_team(problem).values(), reverse=True)[:3]
    teams = best_teams(problem, count=3)
    for team in teams:
        assert valid(problem, team.members) == []
    values = [team.value(problem) for team in teams]
    assert [(round(a * 100), round(b * 1000)) for a, b in values] == expected


def test_the_ledger_keeps_an_expert_out_of_a_lead_place_or_out_of_the_team() -> None:
    candidates = {
        "an": Candidate("an", {CA: 0.9, ENG: 0.1}, frozenset({"chips"}), False, True),
        "binh": Candidate("binh", {CA: 0.5, CE: 0.5}, frozenset(), True, True),
        "chi": Candidate("chi", {CE: 0.95, ENG: 0.95}, frozenset({"lidar"}), True, False),
        "dung": Candidate("dung", {CA: 0.2, CE: 0.4}, frozenset(), True, True),
    }
    problem = TeamProblem(needs=NEEDS, candidates=candidates, together={}, engineers=1)
    (best,) = best_teams(problem, count=1)
    # An may no longer lead: an engineer; Chi may take no role at all.
    assert best.members == {"an": ENG, "binh": CA, "dung": CE}
