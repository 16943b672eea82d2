"""The credit for a held skill's level, for one expert (explanations) and for every expert at
once (ranking): the same numbers, written out by hand."""

import numpy as np
import pytest

from matching.rank import level_credit
from talent.resources.models import Requirement


@pytest.mark.parametrize(
    ("level", "factor", "min_level", "depth", "expected"),
    [
        (3.0, 1.0, 3, 1.0, 0.6),  # at the minimum: full credit
        (2.0, 1.0, 3, 1.0, 0.2),  # below it: half of 0.4
        (5.0, 0.5, 3, 2.0, 0.5),  # a broader skill's factor
        (4.0, 0.8, 1, 2.0, 0.512),  # 0.8 * 0.64
        (1.0, 1.0, 2, 2.0, 0.02),  # half of 0.04
    ],
)
def test_one_level_and_every_level_give_the_same_credit(
    level: float, factor: float, min_level: int, depth: float, expected: float
) -> None:
    requirement = Requirement(skill_id="machine-learning", min_level=min_level)
    one = level_credit(level, factor, requirement, depth)
    assert isinstance(one, float)
    assert one == pytest.approx(expected)
    many = level_credit(np.array([level, 5.0]), factor, requirement, depth)
    assert many[0] == pytest.approx(expected)
    assert many[1] == pytest.approx(factor)
