"""`talent serve` as a child process for the benchmarks that measure the service over HTTP: a
fresh data folder seeded with demo experts and given an admin by the command line, as an
operator prepares one, a free port, and a stop that takes every process it started with it."""

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
ADMIN = "bench-admin@example.org"
PASSWORD = "bench password, long enough"


@dataclass(frozen=True, slots=True)
class Service:
    url: str
    folder: Path
    seed_seconds: float  # the seed command's own figure: the import alone
    seed_wall_seconds: float  # the whole command, with the store's start and schema
    start_seconds: float  # from `talent serve` to a healthy answer


def _env(folder: Path, **extra: str) -> dict[str, str]:
    # The benchmark's service is embedded whatever the caller's shell says.
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENT_")}
    return env | {"TALENT_DATA_DIR": str(folder), **extra}


def _cli(folder: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "api.cli", *args, "--data-dir", str(folder)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _seed(folder: Path, experts: int) -> tuple[float, float]:
    """The seed command's seconds and the wall time; its progress goes to our stderr."""
    started = time.perf_counter()
    done = subprocess.run(
        _cli(folder, "seed", "--demo", str(experts)),
        cwd=ROOT,
        env=_env(folder),
        stdout=subprocess.PIPE,
        check=True,
    )
    wall = time.perf_counter() - started
    seconds = float(json.loads(done.stdout.decode().strip().splitlines()[-1])["seconds"])
    return seconds, wall


def _create_admin(folder: Path) -> None:
    subprocess.run(
        _cli(folder, "create-admin", "--email", ADMIN),
        cwd=ROOT,
        env=_env(folder, TALENT_ADMIN_PASSWORD=PASSWORD),
        stdout=subprocess.DEVNULL,
        check=True,
    )


def _wait_healthy(process: subprocess.Popen[bytes], url: str, log: Path, limit_s: float) -> None:
    deadline = time.monotonic() + limit_s
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"talent serve exited:\n{_tail(log)}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"talent serve not healthy after {limit_s:.0f} s:\n{_tail(log)}")
        try:
            health = httpx.get(f"{url}/health", timeout=5)
            if health.status_code == 200 and health.json().get("broker") == "ok":
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)


def _tail(log: Path, lines: int = 40) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def _servers_in(folder: Path) -> list[psutil.Process]:
    """The embedded Redis servers running in `folder`, which `talent serve` started."""
    found = []
    for process in psutil.process_iter(["name", "cwd"]):
        try:
            if "redis" in (process.info["name"] or "") and process.info["cwd"] == str(folder):
                found.append(process)
        except psutil.Error:
            continue
    return found


def _stop(process: subprocess.Popen[bytes], folder: Path) -> None:
    """SIGTERM to the service's process group, then a kill of whatever of it is left."""
    try:
        started = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        started = []
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    _, alive = psutil.wait_procs(started + _servers_in(folder), timeout=30)
    for left in alive:
        try:
            left.kill()
        except psutil.NoSuchProcess:
            continue


@dataclass(frozen=True, slots=True)
class Seeded:
    folder: Path
    seed_seconds: float
    seed_wall_seconds: float


@contextmanager
def seeded(experts: int) -> Iterator[Seeded]:
    """A temporary data folder with `experts` demo experts and the admin ADMIN; removed on
    leaving."""
    with tempfile.TemporaryDirectory(prefix="talentgraph-live-") as name:
        folder = Path(name)
        print(f"seeding {experts} demo experts", file=sys.stderr, flush=True)
        seed_seconds, seed_wall = _seed(folder, experts)
        _create_admin(folder)
        yield Seeded(folder, seed_seconds, seed_wall)


@contextmanager
def serving(
    data: Seeded,
    *,
    workers: int = 1,
    start_timeout_s: float = 900,
    settings: dict[str, str] | None = None,
) -> Iterator[Service]:
    """`talent serve --workers N` on a seeded folder with these TALENT_ `settings`, up and
    healthy; stopped with its worker, beat and graph server on leaving (the folder stays, for
    the next start)."""
    folder = data.folder
    port = free_port()
    log = folder / f"serve-{port}.log"
    started = time.perf_counter()
    # A benchmark stopped by a signal stops the service too (it runs in its own group).
    previous = signal.signal(signal.SIGTERM, _exit_on_signal)
    with open(log, "wb") as out:
        # Its own process group, as a service manager runs it: the stop reaches every child.
        command = _cli(folder, "serve", "--port", str(port), "--workers", str(workers))
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=_env(folder, **(settings or {})),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_healthy(process, url, log, start_timeout_s)
            start = time.perf_counter() - started
            yield Service(url, folder, data.seed_seconds, data.seed_wall_seconds, start)
        except BaseException:
            print(f"the service's log ends:\n{_tail(log)}", file=sys.stderr)
            raise
        finally:
            _stop(process, folder)
            signal.signal(signal.SIGTERM, previous)


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


@contextmanager
def served(
    experts: int, *, start_timeout_s: float = 900, settings: dict[str, str] | None = None
) -> Iterator[Service]:
    """The service up and healthy on `experts` demo experts in a temporary folder, with the
    admin ADMIN and these TALENT_ `settings`; stopped with its worker, beat and graph server,
    and removed, on leaving."""
    with (
        seeded(experts) as data,
        serving(data, start_timeout_s=start_timeout_s, settings=settings) as service,
    ):
        yield service
