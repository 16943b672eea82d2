"""The embedded Redis of a data folder: shared between processes, durable, a plain Redis (no
graph module), robust to a stale registry and to a killed owner."""

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from api.broker_server import REGISTRY, Kept, close_server, open_server

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _stop_servers(tmp_path: Path) -> Iterator[None]:
    yield
    close_server(tmp_path)


ATTACH = """
import sys
from pathlib import Path
import redis
from api.broker_server import open_server
server = open_server(Path(sys.argv[1]))
redis.Redis(unix_socket_path=server.socket_path).set("from-child", "1")
print(server.pid)
"""


def test_a_second_process_attaches_to_the_running_server(tmp_path: Path) -> None:
    server = open_server(tmp_path)
    child = subprocess.run(
        [sys.executable, "-c", ATTACH, str(tmp_path)],
        capture_output=True, text=True, check=True, timeout=60, cwd=ROOT,
    )  # fmt: skip
    assert int(child.stdout.strip()) == server.pid
    assert redis.Redis(unix_socket_path=server.socket_path).get("from-child") == b"1"


def test_it_is_a_plain_redis_whose_files_are_not_the_old_graph_engines(tmp_path: Path) -> None:
    server = open_server(tmp_path)
    client = redis.Redis(unix_socket_path=server.socket_path)
    modules = {m[b"name"] for m in client.module_list()}
    assert b"graph" not in modules
    client.set("k", "v")
    assert not (tmp_path / "graph.rdb").exists()
    assert not (tmp_path / "appendonlydir").exists()
    assert (tmp_path / "broker-aof").is_dir()


def test_a_stale_registry_is_replaced(tmp_path: Path) -> None:
    (tmp_path / REGISTRY).write_text(
        json.dumps({
            "pid": 2**22 - 1, "started": 0.0, "socket": str(tmp_path / "gone.sock"),
            "run_dir": str(tmp_path / "gone"), "owner": 2**22 - 2, "owner_started": 0.0,
        })
    )  # fmt: skip
    server = open_server(tmp_path)
    assert redis.Redis(unix_socket_path=server.socket_path).ping()


def test_writes_survive_a_killed_server(tmp_path: Path) -> None:
    server = open_server(tmp_path)
    redis.Redis(unix_socket_path=server.socket_path, db=1).set("kept", "yes")
    time.sleep(1.5)  # appendfsync everysec
    os.kill(server.pid, signal.SIGKILL)
    time.sleep(0.5)
    restarted = open_server(tmp_path)
    assert restarted.pid != server.pid
    assert redis.Redis(unix_socket_path=restarted.socket_path, db=1).get("kept") == b"yes"


OWN_AND_WAIT = """
import sys, time
from pathlib import Path
from api.broker_server import open_server
print(open_server(Path(sys.argv[1])).pid, flush=True)
time.sleep(600)
"""


def test_a_server_whose_owner_was_killed_is_taken_over_not_stopped(tmp_path: Path) -> None:
    owner = subprocess.Popen(
        [sys.executable, "-c", OWN_AND_WAIT, str(tmp_path)], stdout=subprocess.PIPE, cwd=ROOT
    )
    assert owner.stdout is not None
    pid = int(owner.stdout.readline())
    owner.kill()
    owner.wait()
    server = open_server(tmp_path)  # adopts it: the old watchdog leaves it alone
    assert server.pid == pid
    time.sleep(2)  # several watchdog polls with no client connected
    assert redis.Redis(unix_socket_path=server.socket_path).ping()


def test_a_kept_server_starts_again_where_its_clients_reconnect(tmp_path: Path) -> None:
    kept = Kept(tmp_path)
    first = kept.server
    client = redis.Redis(unix_socket_path=first.socket_path, db=1)
    try:
        client.set("kept", "yes")
        time.sleep(1.5)  # appendfsync everysec
        os.kill(first.pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while kept.server.pid == first.pid:
            assert time.monotonic() < deadline, "the embedded Redis was not started again"
            time.sleep(0.1)
        assert kept.server.socket_path == first.socket_path
        assert client.get("kept") == b"yes"  # the same client, reconnected
    finally:
        client.close()
        kept.stop()
