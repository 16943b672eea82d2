"""Background job records: state and progress kept in the graph so they outlive the broker."""

from collections.abc import Mapping, Sequence

from graph.queries.entities import lock
from graph.query import Mode, Query

# When a job last showed life: its heartbeat, or its last change before the first heartbeat.
_LAST_SEEN = "coalesce(j.heartbeat_at, j.updated_at)"


def create(props: Mapping[str, object]) -> Query:
    return Query(
        "CREATE (j:Job) SET j = $props\nRETURN properties(j) AS job", {"props": props}, Mode.WRITE
    )


def update(job_id: str, changes: Mapping[str, object]) -> Query:
    text = "MATCH (j:Job {id: $id})\nSET j += $changes\nRETURN properties(j) AS job"
    return Query(text, {"id": job_id, "changes": changes}, Mode.WRITE)


def move(job_id: str, states: Sequence[str], changes: Mapping[str, object]) -> Query:
    """Change a job only while it is still in one of `states` (read under its lock): a cancel
    that read a running job never undoes the finish its worker recorded meanwhile."""
    text = (
        f"MATCH (j:Job {{id: $id}})\n{lock('j')}\n"
        "WITH j WHERE j.state IN $states\n"
        "SET j += $changes\n"
        "RETURN properties(j) AS job"
    )
    return Query(text, {"id": job_id, "states": list(states), "changes": changes}, Mode.WRITE)


def finish(job_id: str, changes: Mapping[str, object]) -> Query:
    """A worker's job ends: cancelled if a cancel was asked meanwhile, else succeeded; decided
    under the job's lock, so a cancel arriving at the same moment is either seen or refused."""
    text = (
        f"MATCH (j:Job {{id: $id}})\n{lock('j')}\n"
        "WITH j WHERE j.state IN ['running', 'cancelling']\n"
        "SET j += $changes,\n"
        "    j.state = CASE j.state WHEN 'cancelling' THEN 'cancelled' ELSE 'succeeded' END\n"
        "RETURN properties(j) AS job"
    )
    return Query(text, {"id": job_id, "changes": changes}, Mode.WRITE)


def get(job_id: str) -> Query:
    return Query("MATCH (j:Job {id: $id})\nRETURN properties(j) AS job", {"id": job_id})


def claim(job_id: str, stale_before: int, changes: Mapping[str, object]) -> Query:
    """Start a queued job, or take over a running one whose worker stopped beating; one
    conditional write, read under the job's lock, so two deliveries of the same job never both
    run it."""
    text = (
        f"MATCH (j:Job {{id: $id}})\n{lock('j')}\n"
        f"WITH j WHERE j.state = 'queued' OR (j.state = 'running' AND {_LAST_SEEN} < $before)\n"
        "SET j += $changes, j.attempts = coalesce(j.attempts, 0) + 1\n"
        "RETURN properties(j) AS job"
    )
    return Query(text, {"id": job_id, "before": stale_before, "changes": changes}, Mode.WRITE)


def beat(job_id: str, at: int) -> Query:
    """A running job's sign of life; a finished job keeps its last one."""
    text = (
        f"MATCH (j:Job {{id: $id}})\n{lock('j')}\n"
        "WITH j WHERE j.state IN ['running', 'cancelling']\n"
        "SET j.heartbeat_at = $at\n"
        "RETURN j.state AS state"
    )
    return Query(text, {"id": job_id, "at": at}, Mode.WRITE)


def stale(states: Sequence[str], stale_before: int, limit: int) -> Query:
    text = (
        "MATCH (j:Job)\n"
        f"WHERE j.state IN $states AND {_LAST_SEEN} < $before\n"
        "RETURN properties(j) AS job\n"
        "ORDER BY j.id\n"
        "LIMIT $limit"
    )
    return Query(text, {"states": list(states), "before": stale_before, "limit": limit})


def settle_stale(
    job_id: str, state: str, stale_before: int, changes: Mapping[str, object]
) -> Query:
    """Move a job out of `state` only while its heartbeat is still stale: a worker that beat
    meanwhile keeps it, and of two sweeps at once only the first moves it (read under the
    job's lock)."""
    text = (
        f"MATCH (j:Job {{id: $id}})\n{lock('j')}\n"
        f"WITH j WHERE j.state = $state AND {_LAST_SEEN} < $before\n"
        "SET j += $changes\n"
        "RETURN properties(j) AS job"
    )
    params = {"id": job_id, "state": state, "before": stale_before, "changes": changes}
    return Query(text, params, Mode.WRITE)


def tick(name: str, at: int) -> Query:
    """A periodic process (the beat) records that it ran."""
    text = "MERGE (t:Tick {id: $name})\nSET t.at = $at\nRETURN t.at AS at"
    return Query(text, {"name": name, "at": at}, Mode.WRITE)


def last_tick(name: str) -> Query:
    return Query("OPTIONAL MATCH (t:Tick {id: $name})\nRETURN t.at AS at", {"name": name})


def latest(kind: str, subject: str | None = None) -> Query:
    """The most recently created job of a kind, about `subject` when one is given."""
    text = (
        "MATCH (j:Job {kind: $kind})\n"
        "WHERE $subject IS NULL OR j.subject = $subject\n"
        "RETURN properties(j) AS job\n"
        "ORDER BY j.created_at DESC, j.id DESC\n"
        "LIMIT 1"
    )
    return Query(text, {"kind": kind, "subject": subject})


def recent(kind: str, limit: int) -> Query:
    """The jobs of a kind, the latest created first."""
    text = (
        "MATCH (j:Job {kind: $kind})\n"
        "RETURN properties(j) AS job\n"
        "ORDER BY j.created_at DESC, j.id DESC\n"
        "LIMIT $limit"
    )
    return Query(text, {"kind": kind, "limit": limit})


def activity(since: int) -> Query:
    """Live jobs by kind and state (cancelling counts as running), and those finished lately."""
    text = (
        "MATCH (j:Job)\n"
        "WHERE j.state IN ['queued', 'running', 'cancelling'] OR j.updated_at >= $since\n"
        "RETURN j.kind AS kind,\n"
        "       CASE j.state WHEN 'cancelling' THEN 'running' ELSE j.state END AS state,\n"
        "       count(*) AS n"
    )
    return Query(text, {"since": since})
