"""The attraction pipeline: each expert's entry, its stage changes, its follow-up (owner and
next action), the KPI's reads and its stored target."""

from collections.abc import Mapping

from graph.queries.entities import lock
from graph.query import Mode, Query


def pipeline_entry(expert_id: str) -> Query:
    text = "MATCH (p:PipelineEntry {id: $id})\nRETURN properties(p) AS entry"
    return Query(text, {"id": expert_id})


def pipeline_move(
    expert_id: str,
    expected: str | None,
    entry: Mapping[str, object],
    change: Mapping[str, object],
    version: int | None = None,
) -> Query:
    """Moves the expert to a stage if it is still at `expected` (none: not yet in the pipeline)
    and, when `version` is given, still at that `updated_at`; no row when another move came
    first (its stage is read under its lock). A null in `entry` removes that property."""
    text = (
        "MATCH (e:Expert {id: $id})\n"
        "MERGE (p:PipelineEntry {id: $id})\n"
        "ON CREATE SET p.stage = null\n"
        f"WITH e, p\n{lock('p')}\n"
        "WITH e, p WHERE (($expected IS NULL AND p.stage IS NULL) OR p.stage = $expected)\n"
        "  AND ($version IS NULL OR p.updated_at = $version)\n"
        "SET p += $entry\n"
        "CREATE (c:StageChange)\n"
        "SET c = $change\n"
        "RETURN properties(p) AS entry"
    )
    params = {
        "id": expert_id,
        "expected": expected,
        "entry": entry,
        "change": change,
        "version": version,
    }
    return Query(text, params, Mode.WRITE)


def pipeline_follow_up(expert_id: str, version: int, props: Mapping[str, object]) -> Query:
    """Sets the entry's owner and next action if it is still at `version` (its `updated_at`),
    read under its lock; no row when it changed meanwhile or is not in the pipeline."""
    text = (
        "MATCH (p:PipelineEntry {id: $id})\n"
        f"{lock('p')}\n"
        "WITH p WHERE p.stage IS NOT NULL AND p.updated_at = $version\n"
        "SET p += $props\n"
        "RETURN properties(p) AS entry"
    )
    return Query(text, {"id": expert_id, "version": version, "props": props}, Mode.WRITE)


def pipeline_entries() -> Query:
    """Every entry in the pipeline: the board filters and orders them (a few thousand at most)."""
    text = "MATCH (p:PipelineEntry) WHERE p.stage IS NOT NULL\nRETURN properties(p) AS entry"
    return Query(text)


def staff_accounts(roles: list[str]) -> Query:
    """The active accounts of `roles`, who may follow an expert through the pipeline."""
    text = (
        "MATCH (a:Account) WHERE a.role IN $roles AND a.active = true\n"
        "RETURN a.id AS id, a.name AS name, a.email AS email, a.role AS role ORDER BY id"
    )
    return Query(text, {"roles": roles})


def setting(key: str) -> Query:
    text = "MATCH (s:Setting {id: $id})\nRETURN properties(s) AS setting"
    return Query(text, {"id": key})


def set_setting(key: str, version: int, value: object, at: int, by: str) -> Query:
    """Stores the setting's value if it is still at `version` (0: never stored), read under its
    lock, and counts the version on; no row when another change came first."""
    text = (
        "MERGE (s:Setting {id: $id})\n"
        "ON CREATE SET s.version = 0\n"
        f"WITH s\n{lock('s')}\n"
        "WITH s WHERE s.version = $version\n"
        "SET s.value = $value, s.version = $version + 1, s.updated_at = $at, s.updated_by = $by\n"
        "RETURN properties(s) AS setting"
    )
    params = {"id": key, "version": version, "value": value, "at": at, "by": by}
    return Query(text, params, Mode.WRITE)


def pipeline_history(expert_id: str) -> Query:
    text = (
        "MATCH (c:StageChange {expert_id: $id})\nRETURN properties(c) AS change ORDER BY change.id"
    )
    return Query(text, {"id": expert_id})


def pipeline_page(stage: str | None, after: str, limit: int) -> Query:
    text = (
        "MATCH (p:PipelineEntry) WHERE p.id > $after AND ($stage IS NULL OR p.stage = $stage)\n"
        "WITH p ORDER BY p.id LIMIT $limit\n"
        "RETURN properties(p) AS entry"
    )
    return Query(text, {"stage": stage, "after": after, "limit": limit})


def pipeline_stages() -> Query:
    return Query("MATCH (p:PipelineEntry)\nRETURN p.id AS expert, p.stage AS stage")


def engagements() -> Query:
    """Each move to `engaged`, with its date: the KPI's trend."""
    text = (
        "MATCH (c:StageChange {to: 'engaged'})\n"
        "RETURN c.expert_id AS expert, c.at AS at ORDER BY at"
    )
    return Query(text)
