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

from tests.accounts import PASSWORD
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
def talent_serve(folder: Path, *args: str, **settings: str) -> Iterator[Served]:
    """The service up and healthy (graph and broker), with `talent serve` arguments `args` and
    `TALENT_*` settings of its own; on leaving, stopped (SIGTERM, then kill) with whatever it
    left in `folder`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENT_")}
    env |= {"TALENT_DATA_DIR": str(folder), **settings}
    port = _free_port()
    with open(folder / "serve.log", "wb") as log:
        # In a process group of its own, as a service manager runs it: a test may kill the
        # whole group.
        process = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--port", str(port), *args],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            served = Served(process, f"http://127.0.0.1:{port}")
            _wait_healthy(served, folder)
            yield served
        finally:
            _stop(process, folder)


def create_admin(folder: Path, email: str = "admin@example.org") -> None:
    """An admin in `folder`'s graph, made by `talent create-admin` before the service starts."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENT_")}
    env |= {"TALENT_DATA_DIR": str(folder), "TALENT_ADMIN_PASSWORD": PASSWORD}
    command = [sys.executable, "-m", "api.cli", "create-admin", "--email", email]
    made = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, timeout=120)
    assert made.returncode == 0, made.stderr.decode()


def admin(served: Served, email: str = "admin@example.org") -> httpx.Client:
    """A client signed in as the admin `create_admin` made."""
    client = httpx.Client(base_url=served.url, timeout=30)
    login = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert login.status_code == 200, login.text
    client.headers["authorization"] = f"Bearer {login.json()['access_token']}"
    return client


def children_named(served: Served, word: str) -> list[psutil.Process]:
    """`talent serve`'s child processes whose command line has `word` (worker, beat)."""
    found = []
    for child in psutil.Process(served.process.pid).children():
        try:
            if word in child.cmdline():
                found.append(child)
        except psutil.Error:
            continue
    return found


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
