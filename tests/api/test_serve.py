"""`talent serve` as an operator runs it: up with its worker, and nothing left running after
SIGTERM (the embedded server stops only when its last client has gone)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil

from tests.conftest import ROOT, _free_port


def _servers_in(folder: Path) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["name", "cwd"]):
        try:
            if "redis" in (process.info["name"] or "") and process.info["cwd"] == str(folder):
                found.append(process)
        except psutil.Error:
            continue
    return found


def test_serve_leaves_no_process_behind_after_sigterm(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENT_")}
    env["TALENT_DATA_DIR"] = str(tmp_path)
    log = open(tmp_path / "serve.log", "wb")  # noqa: SIM115
    serve = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            assert serve.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
                if health.status_code == 200 and health.json()["broker"] == "ok":
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.5)
        assert _servers_in(tmp_path), "the embedded server should run while serving"
        # A login attempt opens the rate limiter's connection to the embedded server too.
        login = httpx.post(
            f"http://127.0.0.1:{port}/api/v1/auth/login",
            json={"email": "nobody@example.org", "password": "wrong"},
        )
        assert login.status_code == 401
        children = psutil.Process(serve.pid).children(recursive=True)
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=60)
        psutil.wait_procs(children, timeout=30)
        deadline = time.monotonic() + 15
        while _servers_in(tmp_path) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert _servers_in(tmp_path) == []
        assert not [c for c in children if c.is_running()]
    finally:
        if serve.poll() is None:
            serve.kill()
        for process in _servers_in(tmp_path):
            process.kill()
        log.close()
