"""Evidence by source: per strategic technology group, the works that back its experts (the
experts the capability map counts in the group: active, consenting, with a skill that defines
it), split by where they came from (an import's origin, or typed in by hand) and by trust
level, and how fresh they are (the newest change, the share changed in the last 12 months).
A work of two experts of a group counts once in it."""

import time
from collections import Counter, defaultdict

import numpy as np
from pydantic import BaseModel, Field

from talent.core.types import Source
from talent.insights.evidence.repository import EvidenceRepository, WorkEvidence
from talent.insights.repository import GroupInfo, InsightsRepository
from talent.search.index import SearchIndex

# Where a work came from: the imports' origins, and "manual" for one typed in by hand.
MANUAL = "manual"
ORIGINS = ("orcid", "openalex", "crossref", "bibtex", "ris", MANUAL)
SOURCES = tuple(s.value for s in Source)
YEAR_MS = 365 * 24 * 3600 * 1000


class GroupEvidence(BaseModel):
    group: str
    no: int
    name_en: str
    name_vi: str
    experts: int = Field(description="experts counted in the group, as on the capability map")
    works: int = Field(description="works authored by those experts, each once")
    by_origin: dict[str, int] = Field(
        description=f"works per origin: {', '.join(ORIGINS)} ({MANUAL}: typed in by hand)"
    )
    by_source: dict[str, int] = Field(description="works per trust level")
    newest: int | None = Field(description="the latest change to one of the works (epoch ms)")
    recent: int = Field(description="works changed in the last 12 months")
    recent_share: float = Field(description="recent / works, 0 when there are none")


def origin_of(work: WorkEvidence) -> str:
    return work.origin if work.origin in ORIGINS else MANUAL


def _members(index: SearchIndex) -> dict[str, list[str]]:
    """Per group, the experts the capability map counts in it."""
    found = {}
    for k, group in enumerate(index.groups):
        rows = np.flatnonzero(index.searchable & (index.group_level[:, k] >= 1))
        found[group] = [index.ids[i] for i in rows]
    return found


def _figures(works: list[WorkEvidence], since: int) -> dict[str, object]:
    origins = Counter(origin_of(w) for w in works)
    sources = Counter(w.source or Source.SELF_DECLARED.value for w in works)
    recent = sum(1 for w in works if w.updated_at >= since)
    return {
        "works": len(works),
        "by_origin": {o: origins[o] for o in ORIGINS},
        "by_source": {s: sources[s] for s in SOURCES},
        "newest": max((w.updated_at for w in works), default=None),
        "recent": recent,
        "recent_share": round(recent / len(works), 4) if works else 0.0,
    }


def evidence_by_source(
    *,
    insights: InsightsRepository,
    evidence: EvidenceRepository,
    index: SearchIndex,
    now_ms: int | None = None,
) -> list[GroupEvidence]:
    """One row per group of the index, in the groups' order."""
    since = (now_ms if now_ms is not None else int(time.time() * 1000)) - YEAR_MS
    members = _members(index)
    everyone = sorted({e for ids in members.values() for e in ids})
    by_expert: dict[str, list[WorkEvidence]] = defaultdict(list)
    for work in evidence.works_of(everyone):
        for author in work.authors:
            by_expert[author].append(work)
    groups = insights.current_groups()
    rows = []
    for group in index.groups:
        works = {w.id: w for e in members[group] for w in by_expert.get(e, [])}
        info = groups.get(group, GroupInfo(id=group, no=0, name_en=group, name_vi=""))
        rows.append(
            GroupEvidence.model_validate(
                {
                    "group": group,
                    "no": info.no,
                    "name_en": info.name_en,
                    "name_vi": info.name_vi,
                    "experts": len(members[group]),
                    **_figures(list(works.values()), since),
                }
            )
        )
    return rows
