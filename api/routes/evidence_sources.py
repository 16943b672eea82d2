"""Evidence by source for ministries: per technology group, the works behind its experts by
origin and trust level, and how fresh they are."""

from fastapi import APIRouter

from api.auth import CallerDep
from api.deps import GraphDep
from api.routes.search import SearchCacheDep
from talent.insights.evidence.repository import EvidenceRepository
from talent.insights.evidence_sources import GroupEvidence, evidence_by_source
from talent.insights.repository import InsightsRepository

router = APIRouter(tags=["insights"])


@router.get("/insights/evidence-sources", response_model=list[GroupEvidence])
def get_evidence_sources(
    store: GraphDep, cache: SearchCacheDep, _: CallerDep
) -> list[GroupEvidence]:
    """Per strategic technology group: the works of its experts (as the capability map counts
    them), by origin (orcid, openalex, crossref, bibtex, ris; manual: typed in by hand) and
    trust level, the newest change and the share changed in the last 12 months."""
    return evidence_by_source(
        insights=InsightsRepository(store),
        evidence=EvidenceRepository(store),
        index=cache.current(),
    )
