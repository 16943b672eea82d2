"""What the ledger leaves an expert, by hand: the ministry's limits, lowered by the hours they
declared committed elsewhere while those last, less the roles they are proposed for elsewhere."""

from datetime import date

import pytest

from matching.assignment.ledger import person
from matching.assignment.repository import Ledger

TODAY = date(2026, 12, 7)


def ledger(**facts: object) -> Ledger:
    base: dict[str, object] = {
        "expert_id": "an",
        "country": "VN",
        "diaspora": False,
        "years": 10,
        "lead_limit": None,
        "organizations": frozenset(),
        "held": (),
    }
    return Ledger(**{**base, **facts})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("facts", "lead", "roles"),
    [
        ({}, 1, 3),  # the ministry's defaults
        ({"lead_limit": 2}, 2, 3),
        ({"lead_limit": 0}, 0, 3),
        ({"held": ("chief_engineer",)}, 0, 2),
        ({"lead_limit": 2, "held": ("chief_architect", "engineer")}, 1, 1),
        # 160 hours a month; a lead role takes 40, any role 20.
        ({"commitment_hours": 100}, 1, 3),  # 60 free: one lead, three roles
        ({"commitment_hours": 120}, 1, 2),  # 40 free
        ({"commitment_hours": 121}, 0, 1),  # 39 free: no lead
        ({"commitment_hours": 150}, 0, 0),  # 10 free: nothing
        ({"commitment_hours": 150, "commitment_until": date(2026, 12, 6)}, 1, 3),  # ended
        ({"commitment_hours": 150, "commitment_until": TODAY}, 0, 0),  # ends today
        ({"lead_limit": 3, "commitment_hours": 40}, 3, 3),  # 120 free: three leads
        ({"commitment_hours": 100, "held": ("engineer",)}, 1, 2),
    ],
)
def test_the_limits_left_to_an_expert(facts: dict[str, object], lead: int, roles: int) -> None:
    found = person(ledger(**facts), today=TODAY)
    assert (found.lead_limit, found.role_limit) == (lead, roles)


def test_at_home_and_diaspora_are_read_from_the_profile() -> None:
    abroad = person(ledger(country="DE", diaspora=True), today=TODAY)
    assert (abroad.at_home, abroad.diaspora) == (False, True)
    assert person(ledger(), today=TODAY).at_home is True
