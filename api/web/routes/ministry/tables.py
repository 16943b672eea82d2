"""The ministry's exports as tables, headed in the reader's language: the pipeline as
filtered, the KPI's figures and the capability map. Also the stages' names, shared with the
pages' notices."""

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime

from api.web.i18n import N_, ZONE
from talent.core.tables import Cell, Table
from talent.insights.capability import LEVELS, GroupCapability
from talent.pipeline.models import Entry, Kpi
from talent.search.index import RESIDENCIES

STAGES = {
    "identified": N_("Identified"),
    "contacted": N_("Contacted"),
    "interested": N_("Interested"),
    "negotiating": N_("Negotiating"),
    "committed": N_("Committed"),
    "engaged": N_("Engaged"),
    "declined": N_("Declined"),
    "paused": N_("Paused"),
}
RESIDENCY = {"domestic": N_("In Vietnam"), "overseas": N_("Abroad")}

type Say = Callable[[str], str]


def _moment(epoch_ms: int) -> datetime:
    return datetime.fromtimestamp(epoch_ms / 1000, tz=UTC).astimezone(ZONE)


def pipeline_table(
    say: Say,
    entries: Sequence[Entry],
    *,
    names: Callable[[str], str],
    owners: Callable[[str | None], str],
) -> Table:
    """One row per entry, the last changed first, as the board shows them."""
    headers = [
        say(N_("Expert")),
        say(N_("Stage")),
        say(N_("At this stage since")),
        say(N_("Owner")),
        say(N_("Next action on")),
        say(N_("Next action")),
        say(N_("Last change (Vietnam time)")),
        say(N_("Expert id")),
    ]
    rows: list[list[Cell]] = [
        [
            names(entry.expert_id),
            say(STAGES[entry.stage.value]),
            date.fromisoformat(entry.since),
            owners(entry.owner_id),
            date.fromisoformat(entry.next_action_on) if entry.next_action_on else None,
            entry.next_action,
            _moment(entry.updated_at),
            entry.expert_id,
        ]
        for entry in entries
    ]
    return Table(title=say(N_("Attraction pipeline")), headers=headers, rows=rows)


def kpi_table(say: Say, kpi: Kpi, group_names: dict[str, str]) -> Table:
    """The KPI's figures: the target and progress, each stage, each group, each month."""
    headers = [say(N_("Figure")), say(N_("Leading experts")), say(N_("All experts"))]
    rows: list[list[Cell]] = [
        [say(N_("Target")), kpi.target, None],
        [say(N_("Leading experts attracted")), kpi.engaged_leading, None],
        [say(N_("Progress (%)")), round(kpi.progress * 100, 2), None],
    ]
    for stage, count in kpi.leading_by_stage.items():
        label = say(N_("Stage: %(stage)s")) % {"stage": say(STAGES.get(stage, stage))}
        rows.append([label, count, kpi.by_stage.get(stage, 0)])
    for group in kpi.groups:
        name = group_names.get(group.group, group.group)
        rows.append([say(N_("Attracted in: %(group)s")) % {"group": name}, group.engaged_leading])
    for point in kpi.trend:
        label = say(N_("Attracted so far at the end of %(month)s")) % {"month": point.month}
        rows.append([label, point.engaged_leading, None])
    return Table(title=say(N_("Attraction target")), headers=headers, rows=rows)


def capability_table(
    say: Say, rows: Sequence[GroupCapability], local: Callable[[str, str], str]
) -> Table:
    """One line per group: the page's figures, then each residency's experts by level."""
    headers = [
        say(N_("No.")),
        say(N_("Technology group")),
        say(N_("Experts in Vietnam")),
        say(N_("Experts abroad")),
        say(N_("Leading in Vietnam")),
        say(N_("Leading abroad")),
        say(N_("Open roles")),
        say(N_("Experts needed")),
        say(N_("Gap")),
    ]
    for residency in RESIDENCIES:
        place = say(RESIDENCY[residency])
        headers += [
            say(N_("%(place)s, level %(level)s")) % {"place": place, "level": v} for v in LEVELS
        ]
    headers.append(say(N_("Group id")))
    lines: list[list[Cell]] = []
    for row in rows:
        line: list[Cell] = [
            row.no,
            local(row.name_en, row.name_vi),
            row.experts["domestic"],
            row.experts["overseas"],
            row.leading["domestic"],
            row.leading["overseas"],
            row.open_roles,
            row.demand,
            row.gap,
        ]
        for residency in RESIDENCIES:
            line += [row.by_level[residency][str(v)] for v in LEVELS]
        line.append(row.group)
        lines.append(line)
    return Table(title=say(N_("Capability map")), headers=headers, rows=lines)
