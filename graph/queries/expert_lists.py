"""Expert lists staff upload for a bulk import: the list, its rows in chunks (kept with the
list so that a worker reads them, not the API's memory), and the keys existing profiles carry.
"""

from collections.abc import Mapping

from graph.queries.entities import at_version, lock
from graph.query import Mode, Query


def create_list(props: Mapping[str, object], chunks: list[dict[str, object]]) -> Query:
    """The list node and its chunks of rows, in one statement."""
    text = (
        "CREATE (l:ExpertList) SET l = $props\n"
        "WITH l\n"
        "UNWIND $chunks AS chunk\n"
        "CREATE (c:ExpertListChunk) SET c = chunk, c.list_id = l.id\n"
        "RETURN count(c) AS chunks"
    )
    return Query(text, {"props": props, "chunks": chunks}, Mode.WRITE)


def get_list(list_id: str) -> Query:
    return Query("MATCH (l:ExpertList {id: $id})\nRETURN properties(l) AS list", {"id": list_id})


def update_list(list_id: str, changes: Mapping[str, object], *, version: int) -> Query:
    """Change the list if it is still at `version` (read under its lock), which moves on by
    one; no row, and nothing changed, otherwise."""
    text = (
        "MATCH (l:ExpertList {id: $id})\n"
        f"{at_version('l')}\n"
        "SET l += $changes\n"
        "SET l.version = $version + 1\n"
        "RETURN properties(l) AS list"
    )
    return Query(text, {"id": list_id, "changes": changes, "version": version}, Mode.WRITE)


def list_version(list_id: str) -> Query:
    """The list's version, if it exists (why a versioned write found nothing)."""
    text = "MATCH (l:ExpertList {id: $id})\nRETURN coalesce(l.version, 0) AS version"
    return Query(text, {"id": list_id})


def chunks(list_id: str) -> Query:
    """The list's chunks in order, with their rows and what happened to them."""
    text = (
        "MATCH (c:ExpertListChunk {list_id: $id}) WHERE c.n >= 0\n"
        "RETURN c.n AS n, c.rows AS rows, c.report AS report, c.outcomes AS outcomes,\n"
        "  c.job AS job\n"
        "ORDER BY c.n"
    )
    return Query(text, {"id": list_id})


def chunk_reports(list_id: str) -> Query:
    text = (
        "MATCH (c:ExpertListChunk {list_id: $id}) WHERE c.n >= 0\n"
        "RETURN c.n AS n, c.report AS report\n"
        "ORDER BY c.n"
    )
    return Query(text, {"id": list_id})


def set_reports(list_id: str, reports: list[dict[str, object]]) -> Query:
    """Each chunk's dry-run report (`[{n, report}]`)."""
    text = (
        "UNWIND $reports AS r\n"
        "MATCH (c:ExpertListChunk {list_id: $id, n: r.n})\n"
        "SET c.report = r.report"
    )
    return Query(text, {"id": list_id, "reports": reports}, Mode.WRITE)


def claim_chunk(list_id: str, n: int, job_id: str) -> Query:
    """The chunk under its lock, if no run has written it yet: a retried batch, or a second
    run of the same list, finds it done and goes no further."""
    text = (
        "MATCH (c:ExpertListChunk {list_id: $id, n: $n})\n"
        f"{lock('c')}\n"
        "WITH c WHERE c.outcomes IS NULL\n"
        "RETURN c.rows AS rows"
    )
    return Query(text, {"id": list_id, "n": n, "job": job_id}, Mode.WRITE)


def finish_chunk(list_id: str, n: int, job_id: str, outcomes: str) -> Query:
    text = (
        "MATCH (c:ExpertListChunk {list_id: $id, n: $n})\nSET c.outcomes = $outcomes, c.job = $job"
    )
    return Query(text, {"id": list_id, "n": n, "job": job_id, "outcomes": outcomes}, Mode.WRITE)


def delete_list(list_id: str) -> Query:
    text = (
        "MATCH (l:ExpertList {id: $id})\n"
        "OPTIONAL MATCH (c:ExpertListChunk {list_id: $id})\n"
        "DETACH DELETE c, l"
    )
    return Query(text, {"id": list_id}, Mode.WRITE)
