"""Completeness and freshness: how much of a profile is filled in, and whether it is current."""

from datetime import timedelta

from talent.experts.models import ExpertCreate, ExpertRead

STALE_AFTER = timedelta(days=365)
# Remind again at most this often while a profile stays unconfirmed.
REMIND_EVERY = timedelta(days=30)
_MS = 1000

# What a complete profile holds, and how much each part counts.
_WEIGHTS = {
    "contact": 1.0,
    "languages": 1.0,
    "headline": 1.0,
    "bio": 1.0,
    "orcid": 0.5,
    "engagement": 1.0,
    "availability": 0.5,
    "skills": 2.0,
    "affiliations": 1.5,
    "works": 1.5,
}
_TOTAL = sum(_WEIGHTS.values())


def completeness(expert: ExpertCreate, works: int) -> float:
    """0..1: the weighted share of the parts present; lists count in part up to a useful size."""
    present = _present(expert, works)
    return round(sum(_WEIGHTS[k] * v for k, v in present.items()) / _TOTAL, 3)


def missing(expert: ExpertCreate, works: int) -> list[str]:
    """The parts not yet filled in whole (the names of `_WEIGHTS`), heaviest first."""
    present = _present(expert, works)
    return sorted((k for k, v in present.items() if v < 1.0), key=lambda k: -_WEIGHTS[k])


def _present(expert: ExpertCreate, works: int) -> dict[str, float]:
    return {
        "contact": 1.0 if expert.emails else 0.0,
        "languages": 1.0 if expert.languages else 0.0,
        "headline": 1.0 if expert.headline else 0.0,
        "bio": min(1.0, len(expert.bio) / 200),
        "orcid": 1.0 if expert.orcid else 0.0,
        "engagement": 1.0 if expert.engagement_modes else 0.0,
        "availability": 1.0 if expert.available_from else 0.0,
        "skills": min(1.0, len(expert.skills) / 5),
        "affiliations": 1.0 if expert.affiliations else 0.0,
        "works": min(1.0, works / 3),
    }


def last_confirmed(expert: ExpertRead) -> int:
    return expert.confirmed_at or expert.created_at


def is_stale(expert: ExpertRead, now_ms: int) -> bool:
    return last_confirmed(expert) < stale_before(now_ms)


def stale_before(now_ms: int) -> int:
    """Profiles last confirmed before this instant are stale."""
    return now_ms - int(STALE_AFTER.total_seconds() * _MS)


def remind_before(now_ms: int) -> int:
    """Owners last reminded before this instant are reminded again."""
    return now_ms - int(REMIND_EVERY.total_seconds() * _MS)


def with_scores(expert: ExpertRead, works: int, now_ms: int) -> ExpertRead:
    return expert.model_copy(
        update={"completeness": completeness(expert, works), "stale": is_stale(expert, now_ms)}
    )
