"""The attraction pipeline: each expert's entry, its stage changes and the KPI's reads."""

from collections.abc import Mapping

from graph.queries.entities import lock
from graph.query import Mode, Query


def pipeline_entry(expert_id: str) -> Query:
    text = "MATCH (p:PipelineEntry {id: $id})\nRETURN properties(p) AS entry"
    return Query(text, {"id": expert_id})


def pipeline_move(
    expert_id: str, expected: str | None, entry: Mapping[str, object], change: Mapping[str, object]
) -> Query:
    """Moves the expert to a stage if it is still at `expected` (none: not yet in the pipeline);
    no row when another move came first (its stage is read under its lock)."""
    text = (
        "MATCH (e:Expert {id: $id})\n"
        "MERGE (p:PipelineEntry {id: $id})\n"
        "ON CREATE SET p.stage = null\n"
        f"WITH e, p\n{lock('p')}\n"
        "WITH e, p WHERE ($expected IS NULL AND p.stage IS NULL) OR p.stage = $expected\n"
        "SET p += $entry\n"
        "CREATE (c:StageChange)\n"
        "SET c = $change\n"
        "RETURN properties(p) AS entry"
    )
    params = {"id": expert_id, "expected": expected, "entry": entry, "change": change}
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
