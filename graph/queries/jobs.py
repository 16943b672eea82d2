"""Background job records: state and progress kept in the graph so they outlive the broker."""

from collections.abc import Mapping

from graph.query import Mode, Query


def create(props: Mapping[str, object]) -> Query:
    return Query(
        "CREATE (j:Job) SET j = $props\nRETURN properties(j) AS job", {"props": props}, Mode.WRITE
    )


def update(job_id: str, changes: Mapping[str, object]) -> Query:
    text = "MATCH (j:Job {id: $id})\nSET j += $changes\nRETURN properties(j) AS job"
    return Query(text, {"id": job_id, "changes": changes}, Mode.WRITE)


def get(job_id: str) -> Query:
    return Query("MATCH (j:Job {id: $id})\nRETURN properties(j) AS job", {"id": job_id})
