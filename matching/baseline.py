"""Parameters of the single-query reference ranking (graph.queries.matching)."""

from datetime import date
from typing import Any

from graph.queries import matching as q
from graph.query import Query
from matching.index import DAY_MS, LEADERSHIP_WORDS
from matching.profiles import RoleProfile
from matching.rank import RoleContext, RoleSpec


def reference_query(
    role: RoleSpec, context: RoleContext, profile: RoleProfile, *, today: date, k: int
) -> Query:
    """The statement that ranks like the index with the evidence weight set to 0."""
    c = role.constraints
    weights = profile.weights.normalised()
    epoch_days = today.toordinal() - date(1970, 1, 1).toordinal()
    params: dict[str, Any] = {
        "rejected": context.rejected,
        "min_years": c.min_years,
        "languages": list(c.languages),
        "residency": c.residency.value,
        "modes": [m.value for m in c.engagement_modes],
        "conflicts": sorted(set(context.contractors) | set(c.exclude_organization_ids)),
        "contractors": context.contractors,
        "team": context.team,
        "year": today.year,
        "requirements": [r.model_dump() for r in role.requirements],
        "total_weight": sum(r.weight for r in role.requirements),
        "depth": profile.depth,
        "leadership_words": list(LEADERSHIP_WORDS),
        "today_days": today.year * 365 + today.timetuple().tm_yday,
        "today_ms": epoch_days * DAY_MS,
        "w": weights,
        "k": k,
    }
    return q.reference_ranking(params)
