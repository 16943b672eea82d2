"""The checker, on assignments written out by hand: each rule kind kept and broken."""

from matching.assignment.check import broken, malformed
from matching.assignment.problem import (
    Edits,
    Opening,
    Option,
    Person,
    Problem,
    Rule,
    RuleKind,
    SideRules,
)


def _person(name: str, **facts: object) -> Person:
    base: dict[str, object] = {
        "at_home": False,
        "diaspora": False,
        "organizations": frozenset(),
        "years": 10,
        "lead_limit": 1,
        "role_limit": 2,
    }
    return Person(expert=name, **{**base, **facts})  # type: ignore[arg-type]


PEOPLE = {
    "an": _person("an", at_home=True, organizations=frozenset({"hust"})),
    "binh": _person("binh", diaspora=True, organizations=frozenset({"hust"}), years=4),
    "chi": _person("chi", diaspora=True, lead_limit=0),
}
OPTIONS = tuple(
    Option(e, s, k) for k, (e, s) in enumerate([("an", 0.9), ("binh", 0.8), ("chi", 0.7)], 1)
)
PROBLEM = Problem(
    openings=(
        Opening("ce", "P1", "chief_engineer", 1, OPTIONS),
        Opening("ca", "P1", "chief_architect", 1, OPTIONS),
        Opening("eng", "P2", "engineer", 2, OPTIONS),
    ),
    people=PEOPLE,
    side=SideRules(min_at_home=1, max_per_organization=1, diaspora_percent=50, lead_min_years=5),
    edits=Edits(pinned=frozenset({("eng", "chi")}), forbidden=frozenset({("ca", "an")})),
)


def keys(rules: list[Rule]) -> list[str]:
    return sorted(r.key for r in rules)


def test_an_assignment_is_judged_rule_by_rule() -> None:
    # P1: an (at home, hust) leads as chief engineer; chi may lead nothing and binh has too few
    # years, so the architect's seat stays empty. P2: chi and binh, neither at home.
    seats = {"ce": ["an"], "ca": [], "eng": ["chi", "binh"]}
    assert malformed(PROBLEM, seats) == []
    # 2 of 3 from the diaspora: 67 % >= 50 %.
    assert keys(broken(PROBLEM, seats)) == ["at_home:P2", "fill:ca"]


def test_each_rule_is_named_when_broken() -> None:
    seats = {"ce": ["binh"], "ca": ["an"], "eng": ["an"]}
    # an holds two roles, within her limit of 2, and leads one, within her limit of 1.
    assert keys(broken(PROBLEM, seats)) == [
        "diaspora",  # 1 of 3 from the diaspora, 50 % asked
        "fill:eng",  # one of two
        "forbid:ca:an",
        "lead_years:ce",  # binh has 4 years, 5 asked
        "per_organization:P1:hust",  # an and binh both from hust in P1
        "pin:eng:chi",
    ]


def test_lead_and_role_limits_count_across_programmes() -> None:
    people = {**PEOPLE, "an": _person("an", at_home=True, lead_limit=1, role_limit=1)}
    problem = Problem(openings=PROBLEM.openings, people=people)
    seats = {"ce": ["an"], "ca": [], "eng": ["an"]}
    assert keys(broken(problem, seats)) == ["fill:ca", "fill:eng", "role_limit:an"]
    chi_leads = {"ce": ["chi"], "ca": [], "eng": []}
    assert "lead_limit:chi" in keys(broken(problem, chi_leads))


def test_at_home_counts_per_programme() -> None:
    seats = {"ce": ["an"], "ca": [], "eng": ["binh", "chi"]}
    rules = [r for r in PROBLEM.rules() if r.kind is RuleKind.AT_HOME]
    assert keys(rules) == ["at_home:P1", "at_home:P2"]
    assert keys(broken(PROBLEM, seats, rules)) == ["at_home:P2"]


def test_what_no_assignment_may_do_is_malformed() -> None:
    seats = {"ce": ["an", "binh"], "ca": ["an"], "eng": ["chi", "chi"], "ghost": []}
    assert sorted(malformed(PROBLEM, seats)) == [
        "not an open role: ghost",
        "over headcount: ce",
        "twice in one role: eng",
        "two roles in one programme: P1:an",
    ]
    assert malformed(PROBLEM, {"ce": ["dung"]}) == ["not a candidate: ce:dung"]


def test_the_diaspora_share_holds_at_its_bound() -> None:
    # P2's two engineers: chi from the diaspora, an not: exactly 50 %, as asked.
    problem = Problem(openings=PROBLEM.openings, people=PEOPLE, side=SideRules(diaspora_percent=50))
    (rule,) = [r for r in problem.rules() if r.kind is RuleKind.DIASPORA]
    assert broken(problem, {"eng": ["chi", "an"]}, [rule]) == []
    assert broken(problem, {"eng": ["an"]}, [rule]) == [rule]
    assert broken(problem, {}, [rule]) == []  # nobody assigned: nothing to share
