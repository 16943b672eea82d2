"""How an expert profile maps onto its graph node, skill and affiliation links."""

from graph.queries import entities
from graph.store import Row
from talent.core.names import fold_name
from talent.core.types import residency_of
from talent.experts.models import EXPERT_SYSTEM_FIELDS, ExpertCreate, ExpertRead
from talent.resources.mapping import LinkField, Resource


def _expert_derived(props: Row) -> Row:
    return {
        "name_folded": fold_name(props["full_name"]),
        "residency": residency_of(props["country"]).value,
    }


EXPERT = Resource(
    "expert",
    entities.EXPERT,
    ExpertCreate,
    ExpertRead,
    links=(
        LinkField("skills", "skills", id_field="skill_id"),
        LinkField("affiliations", "affiliations", id_field="organization_id"),
    ),
    nested=("consent", "visibility"),
    derived=_expert_derived,
    system=EXPERT_SYSTEM_FIELDS,
)
