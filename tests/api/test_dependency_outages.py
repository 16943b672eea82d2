"""A dependency that dies: while it is down every request answers 503 with the error shape, at
once; `talent serve` starts again each server it started (the local Neo4j, the embedded Redis),
and the service works again without being restarted."""

import time
from pathlib import Path

import httpx
import psutil

from api.app import create_app
from api.settings import get_settings
from graph.neo4j_store import Neo4jStore
from tests.conftest import serving
from tests.serving import Served, servers_in, talent_serve

API = "/api/v1"
WRONG_LOGIN = {"email": "nobody@example.org", "password": "not the password"}
# Generous bounds for a busy machine: the README gives the times as measured.
ANSWERS_WITHIN_S = 5.0
RESTARTED_WITHIN_S = 180.0
# The suite's own limits are lifted (tests/conftest.py); `talent serve` reads none of them.
NO_LIMITS = {
    "TALENT_RATE_LIMIT_LOGIN": "10000/minute",
    "TALENT_RATE_LIMIT_LOGIN_ADDRESS": "10000/minute",
}


def _unavailable(response: httpx.Response) -> None:
    """A 503 with the error shape, answered at once."""
    assert response.status_code == 503, response.text
    assert set(response.json()) >= {"error", "detail", "fields"}, response.text
    assert response.elapsed.total_seconds() < ANSWERS_WITHIN_S, response.elapsed


def _login(served: Served) -> httpx.Response:
    return httpx.post(f"{served.url}{API}/auth/login", json=WRONG_LOGIN, timeout=60)


def _until_login_works(served: Served) -> None:
    """Log in until the service answers as usual (a wrong password: 401); every answer before
    is a 503 with the error shape, never a 500. (A server just started again may be slow to
    answer its first requests: only the 503s are timed.)"""
    deadline = time.monotonic() + RESTARTED_WITHIN_S
    while True:
        response = _login(served)
        if response.status_code == 401:
            return
        _unavailable(response)
        assert time.monotonic() < deadline, "the service did not recover"
        time.sleep(0.5)


def _children(served: Served, name: str) -> list[psutil.Process]:
    return [
        child
        for child in psutil.Process(served.process.pid).children(recursive=True)
        if name in child.name()
    ]


def test_login_and_registration_answer_503_while_the_rate_limits_store_is_down(
    session_store: Neo4jStore, tmp_path: Path
) -> None:
    gone = tmp_path / "gone.sock"  # no Redis listens there
    settings = get_settings().model_copy(update={"rate_limit_storage": f"redis+unix://{gone}"})
    with serving(create_app(settings, session_store)) as url, httpx.Client(base_url=url) as c:
        _unavailable(c.post(f"{API}/auth/login", json=WRONG_LOGIN))
        _unavailable(c.post(f"{API}/registrations", json={}))


def test_serve_restarts_its_graph_and_its_redis_after_kill_9(tmp_path: Path) -> None:
    with talent_serve(tmp_path, **NO_LIMITS) as served:
        assert _login(served).status_code == 401
        (graph,) = _children(served, "java")
        graph.kill()
        graph.wait(timeout=30)
        # The supervisor waits a second before starting it again, which takes seconds more.
        _unavailable(_login(served))
        health = httpx.get(f"{served.url}/health", timeout=30)
        assert (health.status_code, health.json()["graph"]) == (503, "unavailable")
        assert health.elapsed.total_seconds() < ANSWERS_WITHIN_S
        _until_login_works(served)
        assert [p.pid for p in _children(served, "java")] != [graph.pid]

        (redis,) = servers_in(tmp_path)
        redis.kill()
        redis.wait(timeout=30)
        _until_login_works(served)
        assert [p.pid for p in servers_in(tmp_path)] not in ([], [redis.pid])
        deadline = time.monotonic() + 30
        while httpx.get(f"{served.url}/health", timeout=30).status_code != 200:
            assert time.monotonic() < deadline, "the broker stays unavailable"
            time.sleep(0.5)
