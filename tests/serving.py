"""`talent serve` started as an operator starts it, in its own data folder, for the tests that
need the whole process (its worker, its embedded server, its own address handling)."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil

from tests.conftest import ROOT, _free_port


@dataclass(frozen=True, slots=True)
class Served:
    process: subprocess.Popen[bytes]
    url: str


def servers_in(folder: Path) -> list[psutil.Process]:
    """The embedded redis servers running in `folder`."""
    found = []
    for process in psutil.process_iter(["name", "cwd"]):
        try:
            if "redis" in (process.info["name"] or "") and process.info["cwd"] == str(folder):
                found.append(process)
        except psutil.Error:
            continue
    return found


@contextlib.contextmanager
def talent_serve(folder: Path, **settings: str) -> Iterator[Served]:
    """The service up and healthy (graph and broker), with `TALENT_*` settings of its own; on
    leaving, stopped (SIGTERM, then kill) with whatever it left in `folder`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENT_")}
    env |= {"TALENT_DATA_DIR": str(folder), **settings}
    port = _free_port()
    with open(folder / "serve.log", "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            served = Served(process, f"http://127.0.0.1:{port}")
            _wait_healthy(served, folder)
            yield served
        finally:
            _stop(process, folder)


def _wait_healthy(served: Served, folder: Path) -> None:
    deadline = time.monotonic() + 90
    while True:
        assert served.process.poll() is None, (folder / "serve.log").read_text()
        assert time.monotonic() < deadline, (folder / "serve.log").read_text()
        try:
            health = httpx.get(f"{served.url}/health", timeout=2)
            if health.status_code == 200 and health.json()["broker"] == "ok":
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)


def _stop(process: subprocess.Popen[bytes], folder: Path) -> None:
    if process.poll() is None:
        children = psutil.Process(process.pid).children(recursive=True)
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
        psutil.wait_procs(children, timeout=30)
    for server in servers_in(folder):
        server.kill()
