"""Which decision is in force: the one that took effect last, on or before today; before any
took effect, the one marked current."""

from datetime import UTC, date, datetime

from talent.taxonomy.models import TechGroup
from talent.taxonomy.repository import TaxonomyRepository


def in_force(groups: list[TechGroup], today: date) -> list[TechGroup]:
    """The groups of the decision in force on `today`, in their order."""
    started = {g.version: g.effective for g in groups if g.effective and g.effective <= str(today)}
    if started:
        version = max(started, key=lambda v: (started[v], v))
        return [g for g in groups if g.version == version]
    return [g for g in groups if g.current]


def groups_now(repo: TaxonomyRepository) -> list[TechGroup]:
    """The groups of the decision in force today, in their order."""
    return in_force(repo.groups(None), datetime.now(UTC).date())


def superseded_groups(
    repo: TaxonomyRepository, group_ids: list[str], *, kept: set[str] | None = None
) -> list[str]:
    """A message for each known group of `group_ids` whose decision is no longer in force,
    naming the group that replaced it; those in `kept` (already targeted) pass."""
    groups = repo.groups(None)
    by_id = {g.id: g for g in groups}
    current = in_force(groups, datetime.now(UTC).date())
    if not current:
        return []
    allowed = {g.id for g in current}
    decision = current[0].decision
    problems: list[str] = []
    for group_id in group_ids:
        old = by_id.get(group_id)
        if old is None or group_id in allowed or group_id in (kept or set()):
            continue
        successor = f" such as '{old.successor}'" if old.successor in allowed else ""
        problems.append(
            f"superseded group '{group_id}' of Decision {old.decision}; "
            f"use a group of Decision {decision}{successor}"
        )
    return problems
