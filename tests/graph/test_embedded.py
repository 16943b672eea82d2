"""The embedded server: shared between processes, durable, and robust to a stale registry."""

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph import Mode, Query
from graph.embedded import close_server, open_server, registry_path
from graph.falkor import FalkorStore


@pytest.fixture(autouse=True)
def _stop_servers(tmp_path: Path) -> Iterator[None]:
    yield
    close_server(tmp_path)


ATTACH_AND_WRITE = """
import sys
from pathlib import Path
from graph.embedded import open_server
from graph.falkor import FalkorStore
from graph import Query, Mode
server = open_server(Path(sys.argv[1]))
store = FalkorStore(server.db, "shared")
store.run(Query("CREATE (n:Expert) SET n.id = $id", {"id": "child"}, Mode.WRITE))
print(server.pid)
"""


def test_a_second_process_attaches_to_the_running_server(tmp_path: Path) -> None:
    server = open_server(tmp_path)
    child = subprocess.run(
        [sys.executable, "-c", ATTACH_AND_WRITE, str(tmp_path)],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    assert int(child.stdout.strip()) == server.pid
    rows = FalkorStore(server.db, "shared").run(Query("MATCH (n:Expert) RETURN n.id AS id"))
    assert rows == [{"id": "child"}]


def test_a_stale_registry_is_removed_and_a_server_started(tmp_path: Path) -> None:
    # A registry left by a killed server whose pid now belongs to another process.
    (tmp_path / "gone.pid").write_text(str(os.getpid()))
    registry_path(tmp_path).write_text(
        json.dumps({
            "pidfile": str(tmp_path / "gone.pid"),
            "unixsocket": str(tmp_path / "gone.socket"),
            "dbdir": str(tmp_path),
            "dbfilename": "graph.rdb",
        })
    )  # fmt: skip
    server = open_server(tmp_path)
    server.db.client.ping()
    assert server.pid != os.getpid()


def test_writes_survive_a_killed_server(tmp_path: Path) -> None:
    server = open_server(tmp_path)
    store = FalkorStore(server.db, "durable")
    store.run(Query("CREATE (n:Expert) SET n.id = 'kept'", mode=Mode.WRITE))
    time.sleep(1.5)  # appendfsync everysec
    os.kill(server.pid, signal.SIGKILL)
    time.sleep(0.5)
    restarted = open_server(tmp_path)
    assert restarted.pid != server.pid
    rows = FalkorStore(restarted.db, "durable").run(Query("MATCH (n:Expert) RETURN n.id AS id"))
    assert rows == [{"id": "kept"}]
