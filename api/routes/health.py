"""Liveness of the graph, the broker, the worker and the beat."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.deps import GraphDep, SettingsDep
from api.worker import celery_app
from graph import GraphStore, GraphUnavailable
from talent.core.ids import now_ms
from talent.jobs.repository import JobRepository

router = APIRouter(tags=["health"])
# A health check must answer fast: a worker that takes longer to answer a ping counts as gone.
PING_TIMEOUT_S = 0.5
# The beat counts as running while its last sweep is at most this many intervals old.
BEAT_GRACE_INTERVALS = 3


def _broker_ok() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            # One attempt: a broker that is down is reported at once, not after a retry's wait.
            conn.ensure_connection(max_retries=0, timeout=PING_TIMEOUT_S)
        return True
    except Exception:  # any failure to reach the broker is reported, not raised
        return False


def _worker_ok() -> bool:
    """Whether at least one worker answers a ping on the broker."""
    try:
        # limit=1: the first answer is enough, so a live worker costs milliseconds, not the
        # whole timeout.
        replies = celery_app.control.ping(timeout=PING_TIMEOUT_S, limit=1)
    except Exception:  # an unreachable broker is reported as such; no worker can answer
        return False
    return bool(replies)


def _beat_ok(store: GraphStore, interval_s: float) -> tuple[bool, int | None]:
    """Whether the beat swept lately, and when it last did (ms)."""
    try:
        last = JobRepository(store).last_tick()
    except GraphUnavailable:
        return False, None
    fresh = last is not None and now_ms() - last <= BEAT_GRACE_INTERVALS * interval_s * 1000
    return fresh, last


def _indexes(request: Request) -> dict[str, int | float | str]:
    """This process's indexes: how often built whole or restored from a checkpoint, how many
    changes followed since, how many checkpoints written."""
    stats = request.app.state.indexes.follower.stats()
    return {
        "rebuilds": stats.rebuilds,
        "restored": stats.restored,
        "checkpoints_written": stats.saved,
        "changes_applied": stats.applied,
        "build_seconds": round(stats.build_seconds, 3),
        "revision": stats.revision,
    }


def _jobs(store: GraphStore) -> dict[str, dict[str, int]] | None:
    """Per kind of job (imports, demo data, reminders…), how many are queued or running now
    and how many finished, each way, in the last day."""
    try:
        return JobRepository(store).activity(since=now_ms() - 24 * 3600 * 1000)
    except GraphUnavailable:
        return None


@router.get("/health")
def health(request: Request, store: GraphDep, settings: SettingsDep) -> JSONResponse:
    """200 while the graph and the broker answer (503 otherwise); `status` is "ok" only when a
    worker answers and the beat has swept lately too, "degraded" otherwise."""
    try:
        store.ping()
        graph_ok = True
    except GraphUnavailable:
        graph_ok = False
    broker_ok = _broker_ok()
    worker_ok = broker_ok and _worker_ok()
    beat_ok, beat_at = _beat_ok(store, settings.sweep_interval) if graph_ok else (False, None)
    serving = graph_ok and broker_ok
    body = {
        "status": "ok" if serving and worker_ok and beat_ok else "degraded",
        "graph": "ok" if graph_ok else "unavailable",
        "broker": "ok" if broker_ok else "unavailable",
        "worker": "ok" if worker_ok else "unavailable",
        "beat": "ok" if beat_ok else "unavailable",
        "beat_last_run": beat_at,
        "backend": "neo4j",
        "indexes": _indexes(request),
        "jobs": _jobs(store) if graph_ok else None,
    }
    return JSONResponse(body, status_code=200 if serving else 503)
