"""Stops an embedded redis-server once the process that started it is gone and no client is
left: the server daemonizes into its own session, so a killed owner (or a killed process
group) would otherwise leave it running for good.

Run as `python -m graph.watchdog OWNER_PID OWNER_STARTED SERVER_PID SOCKET`, in its own session
so that a signal to the owner's group does not reach it.
"""

import contextlib
import logging
import sys
import time

import psutil
import redis

log = logging.getLogger("graph.watchdog")
POLL_S = 0.5


def _alive(pid: int, started: float | None = None) -> bool:
    """Whether `pid` runs, and is the same process (same start time) when one is given."""
    try:
        process = psutil.Process(pid)
        if started is not None and abs(process.create_time() - started) > 0.01:
            return False
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _other_clients(client: redis.Redis) -> int:
    me = client.client_id()
    return sum(1 for c in client.client_list() if int(c["id"]) != me)


def watch(owner: int, owner_started: float, server: int, socket: str) -> None:
    """Wait for the owner to go, then for the last client; then shut the server down."""
    while _alive(owner, owner_started):
        if not _alive(server):
            return
        time.sleep(POLL_S)
    # No connection while the owner lives: the owner's own client shuts the server down when it
    # is the last one, and counts connections to decide.
    client = redis.Redis(unix_socket_path=socket, socket_timeout=5)
    while _alive(server):
        try:
            if _other_clients(client) == 0:
                # Every write is already in the append-only file.
                client.shutdown(nosave=True)
                return
        except redis.ConnectionError:
            return  # the server went away meanwhile
        except redis.RedisError as exc:
            log.warning("embedded server watchdog: %s", exc)
        time.sleep(POLL_S)


def main(argv: list[str]) -> int:
    owner, owner_started, server, socket = argv
    with contextlib.suppress(KeyboardInterrupt):
        watch(int(owner), float(owner_started), int(server), socket)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
