"""Stops the embedded Redis (api/broker_server.py) once the process that owns it is gone and no
client is left: the server daemonizes into its own session, so a killed owner (or a killed
process group) would otherwise leave it running for good.

Run as `python -m api.broker_watchdog OWNER_PID OWNER_STARTED SERVER_PID SOCKET DATA_DIR`, in
its own session so that a signal to the owner's group does not reach it.
"""

import contextlib
import logging
import sys
import time
from pathlib import Path

import psutil
import redis

from api.broker_server import folder_lock, handed_over, other_clients, stopped

log = logging.getLogger("api.broker_watchdog")
POLL_S = 0.5
STOP_WAIT_S = 30.0


def _alive(pid: int, started: float | None = None) -> bool:
    """Whether `pid` runs, and is the same process (same start time) when one is given."""
    try:
        process = psutil.Process(pid)
        if started is not None and abs(process.create_time() - started) > 0.01:
            return False
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def watch(owner: int, owner_started: float, server: int, socket: str, data_dir: Path) -> None:
    """Wait for the owner to go, then for the last client; then shut the server down, unless
    another process has taken it over meanwhile."""
    while _alive(owner, owner_started):
        if not _alive(server):
            with folder_lock(data_dir):
                stopped(data_dir, server)
            return
        time.sleep(POLL_S)
    # No connection while the owner lives: it would count as a client for anyone deciding
    # whether they are the last.
    client = redis.Redis(unix_socket_path=socket, socket_timeout=5)
    while _alive(server):
        # Under the folder's lock: a process adopting the server (and about to connect) and
        # this decision do not interleave.
        with folder_lock(data_dir):
            if handed_over(data_dir, server, owner):
                return
            try:
                if other_clients(client) == 0:
                    # Every write is already in the append-only files.
                    client.shutdown(nosave=True)
                    _wait_gone(server)
                    stopped(data_dir, server)
                    return
            except redis.ConnectionError:
                _wait_gone(server)
                stopped(data_dir, server)  # the server went away meanwhile
                return
            except redis.RedisError as exc:
                log.warning("embedded Redis watchdog: %s", exc)
        time.sleep(POLL_S)


def _wait_gone(server: int) -> None:
    deadline = time.monotonic() + STOP_WAIT_S
    while _alive(server) and time.monotonic() < deadline:
        time.sleep(0.05)


def main(argv: list[str]) -> int:
    owner, owner_started, server, socket, data_dir = argv
    with contextlib.suppress(KeyboardInterrupt):
        watch(int(owner), float(owner_started), int(server), socket, Path(data_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
