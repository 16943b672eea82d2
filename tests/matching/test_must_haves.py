"""A must-have, worked out by hand: the skill itself or a narrower one at the minimum level
proves it, whoever vouches for it; a broader skill, or a level below the minimum, does not;
and the skill credit of those who pass."""

from datetime import date

import pytest

from matching.build import build_index
from matching.models import RoleContext, RoleSpec
from matching.profiles import FeatureWeights, RoleProfile
from matching.rank import rank
from talent.resources.models import Requirement, RoleConstraints
from talent.snapshot.rows import Rows, SkillEdge, SkillLink, Taxonomy
from tests.factories import expert_row

TODAY = date(2026, 12, 7)
# ai > ml > dl: dl is narrower than ml, ai broader.
TAXONOMY = Taxonomy(
    [
        SkillLink("ai", "AI", "AI", [], [], []),
        SkillLink("dl", "DL", "DL", [], ["ml"], []),
        SkillLink("ml", "ML", "ML", [], ["ai"], []),
    ],
    [],
    [],
)
PROFILE = RoleProfile(
    weights=FeatureWeights(
        skill=1.0, evidence=0.0, seniority=0.0, network=0.0, availability=0.0, confidence=0.0
    ),
    depth=1.0,
)


SKILLS = [
    SkillEdge("e1", "ml", 4, "verified"),  # the skill itself
    SkillEdge("e2", "dl", 3, "verified"),  # a narrower one, at the minimum
    SkillEdge("e3", "ml", 3, "self_declared"),  # declared only: still proves it
    SkillEdge("e4", "ml", 2, "verified"),  # below the minimum
    SkillEdge("e5", "ai", 5, "verified"),  # a broader one
    SkillEdge("e6", "dl", 2, "verified"),  # narrower, below the minimum
]


def test_who_meets_a_must_have_and_their_credit() -> None:
    rows = Rows([expert_row(f"e{k}") for k in range(1, 8)], SKILLS, [], [], [])
    index = build_index(TAXONOMY, rows, "r1", today=TODAY)
    role = RoleSpec(
        id="r1",
        kind="chief_engineer",
        title="Chief engineer",
        description="",
        requirements=[Requirement(skill_id="ml", weight=1.0, min_level=3, must=True)],
        constraints=RoleConstraints(),
    )
    ranking = rank(index, role, RoleContext("p1", "P", [], [], []), PROFILE, today=TODAY)
    candidates = [index.ids[int(p)] for p in ranking.candidates]
    assert candidates == ["e1", "e2", "e3"]
    reasons = ranking.excluded_by_reason()
    assert reasons["missing_must_have"] == 4  # e4, e5, e6 and e7 (no skill at all)
    # Credit (level / 5) ** depth, x0.8 for a narrower skill, x0.8 for a self-declared one.
    credit = dict(zip(candidates, ranking.features["skill"].tolist(), strict=True))
    assert credit == pytest.approx({"e1": 0.8, "e2": 0.48, "e3": 0.48})
