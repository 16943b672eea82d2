"""Liveness of the graph and the broker."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import GraphDep
from api.worker import celery_app
from graph import GraphUnavailable

router = APIRouter(tags=["health"])


def _broker_ok() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:  # any failure to reach the broker is reported, not raised
        return False


@router.get("/health")
def health(store: GraphDep) -> JSONResponse:
    """200 when the graph and the broker answer, else 503 naming what is down."""
    try:
        store.ping()
        graph_ok = True
    except GraphUnavailable:
        graph_ok = False
    broker_ok = _broker_ok()
    body = {
        "status": "ok" if graph_ok and broker_ok else "degraded",
        "graph": "ok" if graph_ok else "unavailable",
        "broker": "ok" if broker_ok else "unavailable",
        "backend": store.dialect.name,
    }
    return JSONResponse(body, status_code=200 if graph_ok and broker_ok else 503)
