"""`talent serve` as an operator runs it: up with its worker, and nothing left running after
SIGTERM (the embedded server stops only when its last client has gone)."""

import os
import signal
import time
from pathlib import Path

import httpx
import psutil

from tests.factories import expert_body
from tests.serving import admin, create_admin, servers_in, talent_serve


def test_serve_leaves_no_process_behind_after_sigterm(tmp_path: Path) -> None:
    with talent_serve(tmp_path) as served:
        assert servers_in(tmp_path), "the embedded server should run while serving"
        # A login attempt opens the rate limiter's connection to the embedded server too.
        login = httpx.post(
            f"{served.url}/api/v1/auth/login",
            json={"email": "nobody@example.org", "password": "wrong"},
        )
        assert login.status_code == 401
        serve = served.process
        children = psutil.Process(serve.pid).children(recursive=True)
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=60)
        psutil.wait_procs(children, timeout=30)
        deadline = time.monotonic() + 15
        while servers_in(tmp_path) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert servers_in(tmp_path) == []
        assert not [c for c in children if c.is_running()]


def test_serve_leaves_no_process_behind_when_its_group_is_killed(tmp_path: Path) -> None:
    with talent_serve(tmp_path) as served:
        assert servers_in(tmp_path)
        children = psutil.Process(served.process.pid).children(recursive=True)
        os.killpg(served.process.pid, signal.SIGKILL)
        served.process.wait(timeout=30)
        deadline = time.monotonic() + 15
        while servers_in(tmp_path) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert servers_in(tmp_path) == []
        psutil.wait_procs(children, timeout=15)
        assert not [c for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]


def test_serve_with_two_api_processes_serves_a_write_from_both_and_stops_them(
    tmp_path: Path,
) -> None:
    """Two API processes: each starts its indexes (the second, most often, from the checkpoint
    the first wrote), a write through one is found through whichever answers next, and
    SIGTERM leaves nothing behind."""
    create_admin(tmp_path)
    with talent_serve(tmp_path, "--workers", "2") as served:
        serve = served.process
        children = psutil.Process(serve.pid).children(recursive=True)
        api_processes = [c for c in children if "--multiprocessing-fork" in c.cmdline()]
        assert len(api_processes) == 2, [c.cmdline() for c in children]
        client = admin(served)
        try:
            made = client.post("/api/v1/experts", json=expert_body(full_name="Lê Quý Đôn"))
            assert made.status_code == 201, made.text
            # New connections: the kernel hands each to either process.
            for _ in range(12):
                found = httpx.get(
                    f"{served.url}/api/v1/experts/search",
                    params={"q": "le quy don"},
                    headers={"authorization": client.headers["authorization"]},
                )
                assert found.status_code == 200, found.text
                assert [i["expert_id"] for i in found.json()["items"]] == [made.json()["id"]]
        finally:
            client.close()
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=60)
        psutil.wait_procs(children, timeout=30)
        assert not [c for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]
