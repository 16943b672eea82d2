"""The snapshot reads return each row as a list: its values in the order of the row's fields."""

from graph.queries.matching import EXPERT_FIELDS
from talent.snapshot.rows import ExpertRow


def test_the_expert_read_lists_the_fields_of_an_expert_row_in_order() -> None:
    assert [name for name, _ in EXPERT_FIELDS] == list(ExpertRow._fields)
