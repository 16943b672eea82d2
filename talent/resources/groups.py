"""A programme targets groups of the decision in force: a group a later decision superseded
is refused for a new target, while one a programme already targets stays readable and kept."""

from graph import GraphStore
from talent.resources.models import ProgrammeCreate, ProgrammeRead
from talent.taxonomy.decisions import superseded_groups
from talent.taxonomy.repository import TaxonomyRepository


def groups_in_force(
    store: GraphStore, item: ProgrammeCreate, current: ProgrammeRead | None
) -> dict[str, str]:
    """`{"tech_group_ids": why}` if the programme newly targets a superseded group."""
    kept = set(current.tech_group_ids) if current else set()
    problems = superseded_groups(TaxonomyRepository(store), item.tech_group_ids, kept=kept)
    return {"tech_group_ids": "; ".join(problems)} if problems else {}
