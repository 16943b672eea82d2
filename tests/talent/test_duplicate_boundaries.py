"""The duplicate rules at their boundaries, with the expected outcome written out by hand:
birth years one apart support a match (half as much as the same year), two apart contradict
it whatever else the profiles share; support of exactly 1.5 is enough for review and 1.25 is
not; exactly 2.25 makes an uncommon, identical name likely."""

import pytest

from talent.duplicates.scoring import DuplicateIndex, Profile, Verdict, distinct

NAME = "Phạm Quốc Bảo"
ORG = "org-hust"
SKILLS = distinct({"machine-learning", "computer-vision", "robotics", "edge-ai"})
# Enough other people that no word of NAME is a common family name (one in 25 is 4 %).
CROWD = [
    Profile(id=f"crowd-{i:02d}", full_name=f"Zyx{chr(97 + i)}q Wvu{chr(97 + i)}k")
    for i in range(24)
]


def _index(old: Profile) -> DuplicateIndex:
    return DuplicateIndex([*CROWD, old])


def _found(old: Profile, new: Profile) -> list[tuple[str, Verdict, dict[str, float]]]:
    return [(c.id, c.verdict, c.reasons) for c in _index(old).find(new)]


def _pair(
    *, old_year: int | None, new_year: int | None, **shared: object
) -> tuple[Profile, Profile]:
    old = Profile(id="old", full_name=NAME, birth_year=old_year, **shared)  # type: ignore[arg-type]
    new = Profile(id="new", full_name=NAME, birth_year=new_year, **shared)  # type: ignore[arg-type]
    return old, new


def test_the_name_is_not_common_in_this_index() -> None:
    """The verdicts below assume the needed support of an uncommon name (2.25)."""
    old, _ = _pair(old_year=None, new_year=None)
    assert not _index(old)._is_common("bao pham quoc")


@pytest.mark.parametrize(
    ("gap", "expected"),
    [
        (0, [("old", Verdict.REVIEW, {"birth_year": 1.0, "organizations": 1.0, "name": 1.0})]),
        (1, [("old", Verdict.REVIEW, {"birth_year": 0.5, "organizations": 1.0, "name": 1.0})]),
        (-1, [("old", Verdict.REVIEW, {"birth_year": 0.5, "organizations": 1.0, "name": 1.0})]),
        (2, []),
        (-2, []),
    ],
)
def test_birth_years_one_apart_support_and_two_apart_contradict(
    gap: int, expected: list[tuple[str, Verdict, dict[str, float]]]
) -> None:
    old, new = _pair(old_year=1980, new_year=1980 + gap, organizations=distinct({ORG}))
    assert _found(old, new) == expected


def test_two_years_apart_contradicts_even_with_everything_else_shared() -> None:
    """Same name, organisation, skills and country: without the birth years, a likely match;
    two years apart, none at all."""
    shared = {"organizations": distinct({ORG}), "skills": SKILLS, "country": "VN"}
    old, new = _pair(old_year=None, new_year=None, **shared)
    assert [(c.id, c.verdict) for c in _index(old).find(new)] == [("old", Verdict.LIKELY)]
    old, new = _pair(old_year=1975, new_year=1977, **shared)
    assert _found(old, new) == []
    old, new = _pair(old_year=1975, new_year=1976, **shared)
    assert [(c.id, c.verdict) for c in _index(old).find(new)] == [("old", Verdict.LIKELY)]


def test_a_birth_year_missing_on_one_side_neither_supports_nor_contradicts() -> None:
    old, new = _pair(old_year=1980, new_year=None, organizations=distinct({ORG}))
    # Organisation (1.0) alone is under the review threshold (1.5).
    assert _found(old, new) == []
    old, new = _pair(old_year=1980, new_year=None, organizations=distinct({ORG}), country="VN")
    assert _found(old, new) == []


def test_support_of_exactly_one_and_a_half_is_enough_for_review() -> None:
    # Organisation 1.0 + birth year one apart 0.5 = 1.5.
    old, new = _pair(old_year=1980, new_year=1981, organizations=distinct({ORG}))
    assert [(c.id, c.verdict) for c in _index(old).find(new)] == [("old", Verdict.REVIEW)]
    # Organisation 1.0 + country 0.25 = 1.25: not enough.
    old, new = _pair(old_year=None, new_year=None, organizations=distinct({ORG}), country="VN")
    assert _found(old, new) == []


def test_support_of_exactly_the_likely_threshold_makes_an_identical_name_likely() -> None:
    # Same year 1.0 + organisation 1.0 + country 0.25 = 2.25, the threshold of an uncommon name.
    old, new = _pair(old_year=1980, new_year=1980, organizations=distinct({ORG}), country="VN")
    assert [(c.id, c.verdict) for c in _index(old).find(new)] == [("old", Verdict.LIKELY)]
    # One year apart: 0.5 + 1.0 + 0.25 = 1.75, review only.
    old, new = _pair(old_year=1980, new_year=1981, organizations=distinct({ORG}), country="VN")
    assert [(c.id, c.verdict) for c in _index(old).find(new)] == [("old", Verdict.REVIEW)]


def test_other_organisations_give_no_support_and_skills_count_by_their_overlap() -> None:
    """Two of six skills shared between them (a third, over the quarter strangers share):
    1.5 x (1/3 - 1/4) / (1/4) = 0.5; the organisations differ and count nothing."""
    old = Profile(
        id="old",
        full_name=NAME,
        birth_year=1980,
        organizations=("org-hust",),
        skills=distinct({"machine-learning", "computer-vision", "robotics", "edge-ai"}),
    )
    new = Profile(
        id="new",
        full_name=NAME,
        birth_year=1980,
        organizations=("org-vnu",),
        skills=distinct({"machine-learning", "computer-vision", "photonics", "lasers"}),
    )
    assert _found(old, new) == [
        ("old", Verdict.REVIEW, {"birth_year": 1.0, "skills": 0.5, "name": 1.0})
    ]
