"""The capability map: per strategic technology group, the experts the country can draw on (by
residency and level), the demand of open roles, and the gap."""

from collections import defaultdict

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, Field

from talent.core.tables import Cell, Table, to_csv
from talent.insights.repository import GroupInfo, InsightsRepository
from talent.search.index import RESIDENCIES, SearchIndex

LEADING_LEVEL = 4
LEVELS = range(1, 6)


class GroupCapability(BaseModel):
    group: str
    no: int
    name_en: str
    name_vi: str
    experts: dict[str, int] = Field(description="by residency: best level 1+ in the group")
    by_level: dict[str, dict[str, int]] = Field(description="residency -> level -> experts")
    leading: dict[str, int] = Field(description=f"by residency: level {LEADING_LEVEL}+")
    open_roles: int = Field(
        description="roles of planned or active programmes needing a defining skill of the group"
    )
    demand: int = Field(description="experts those roles need: the sum of their headcounts")
    gap: int = Field(description="experts needed beyond the leading ones available, at least 0")


def _open_roles(repo: InsightsRepository, index: SearchIndex) -> dict[str, dict[str, int]]:
    """Per group, the open roles needing one of the skills that define it, with their
    headcounts; a cross-cutting skill (leadership) is in no group's columns, so it adds none."""
    skill_groups: dict[str, set[str]] = defaultdict(set)
    for k, columns in enumerate(index.group_columns):
        for column in columns:
            skill_groups[index.skill_ids[column]].add(index.groups[k])
    roles: dict[str, dict[str, int]] = defaultdict(dict)
    for need in repo.open_demand():
        for group in skill_groups.get(need.skill_id, ()):
            roles[group][need.role_id] = need.headcount
    return roles


def group_demand(repo: InsightsRepository, index: SearchIndex) -> dict[str, int]:
    """Per group, the experts its open roles need: the sum of their headcounts."""
    return {group: sum(roles.values()) for group, roles in _open_roles(repo, index).items()}


def leading(index: SearchIndex, k: int) -> npt.NDArray[np.bool_]:
    """The experts the map counts as leading in the index's k-th group, wherever they live."""
    found: npt.NDArray[np.bool_] = index.searchable & (index.group_level[:, k] >= LEADING_LEVEL)
    return found


def capability_map(*, repo: InsightsRepository, index: SearchIndex) -> list[GroupCapability]:
    """Per group of the index, the experts by residency and level, and the open roles' demand."""
    groups = repo.current_groups()
    demand = _open_roles(repo, index)
    available = index.searchable
    result = []
    for k, group in enumerate(index.groups):
        level = index.group_level[:, k]
        experts, leading, by_level = {}, {}, {}
        for r, residency in enumerate(RESIDENCIES):
            here = available & (index.residency == r)
            experts[residency] = int(np.count_nonzero(here & (level >= 1)))
            leading[residency] = int(np.count_nonzero(here & (level >= LEADING_LEVEL)))
            by_level[residency] = {
                str(v): int(np.count_nonzero(here & (level == v))) for v in LEVELS
            }
        roles = demand.get(group, {})
        needed = sum(roles.values())
        info = groups.get(group, GroupInfo(id=group, no=0, name_en=group, name_vi=""))
        result.append(
            GroupCapability(
                group=group,
                no=info.no,
                name_en=info.name_en,
                name_vi=info.name_vi,
                experts=experts,
                by_level=by_level,
                leading=leading,
                open_roles=len(roles),
                demand=needed,
                gap=max(0, needed - sum(leading.values())),
            )
        )
    return result


def capability_csv(*, repo: InsightsRepository, index: SearchIndex) -> bytes:
    """The capability map as CSV (UTF-8 with a byte-order mark), machine headings."""
    return as_csv(capability_map(repo=repo, index=index))


def as_csv(rows: list[GroupCapability]) -> bytes:
    """One line per group: the same figures, flat, for spreadsheets and programs."""
    header = ["group", "no", "name_en", "name_vi"]
    for residency in RESIDENCIES:
        header += [f"{residency}_experts", f"{residency}_leading"]
        header += [f"{residency}_level_{v}" for v in LEVELS]
    header += ["open_roles", "demand", "gap"]
    lines: list[list[Cell]] = []
    for row in rows:
        line: list[Cell] = [row.group, row.no, row.name_en, row.name_vi]
        for residency in RESIDENCIES:
            line += [row.experts[residency], row.leading[residency]]
            line += [row.by_level[residency][str(v)] for v in LEVELS]
        line += [row.open_roles, row.demand, row.gap]
        lines.append(line)
    return to_csv(Table(title="capability-map", headers=header, rows=lines))
