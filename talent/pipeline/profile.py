"""An expert's profile as staff read it: what the expert lets them see (masked and audited by
`ExpertService.read`), skills and organisations by name, and the expert's pipeline history."""

from pydantic import BaseModel

from graph import GraphStore
from talent.accounts.models import AccountRead
from talent.experts.models import Affiliation, ExpertRead, SkillClaim
from talent.experts.service import ExpertService
from talent.pipeline.models import PipelineView, Stage
from talent.pipeline.service import Pipeline, next_stage
from talent.resources.catalog import ORGANIZATION
from talent.resources.repository import ResourceRepository
from talent.search.cards import ShownSkill, shown_skill
from talent.search.index import SearchIndex


class NamedSkill(BaseModel):
    claim: SkillClaim
    shown: ShownSkill


class NamedAffiliation(BaseModel):
    affiliation: Affiliation
    organization: str


class StaffProfile(BaseModel):
    expert: ExpertRead
    skills: list[NamedSkill]
    affiliations: list[NamedAffiliation]
    pipeline: PipelineView
    next_stage: Stage | None


def staff_profile(
    *, store: GraphStore, index: SearchIndex, viewer: AccountRead, expert_id: str
) -> StaffProfile:
    """The profile `viewer` may see (a merged id reads as its survivor), with names."""
    expert = ExpertService(store).read(viewer, expert_id)
    skills = sorted(expert.skills, key=lambda s: (-s.level, s.skill_id))
    organizations = ResourceRepository(store, ORGANIZATION)
    affiliations = []
    for affiliation in expert.affiliations:
        found = organizations.find(affiliation.organization_id)
        name = found.name if found else affiliation.organization_id
        affiliations.append(NamedAffiliation(affiliation=affiliation, organization=name))
    view = Pipeline(store).view(expert.id)
    return StaffProfile(
        expert=expert,
        skills=[NamedSkill(claim=s, shown=shown_skill(index, s.skill_id, s.level)) for s in skills],
        affiliations=affiliations,
        pipeline=view,
        next_stage=next_stage(view.entry),
    )
