"""The local Neo4j of a data folder (graph/local.py): started for a command's lifetime, shared
with another process of the folder, durable across a killed JVM, and refused on the old
engine's data."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import psutil
import pytest
from neo4j import GraphDatabase

from graph import local
from graph.old_engine import OldEngineData, refuse_old_engine_data

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(local.problem() is not None, reason=str(local.problem()))

ATTACH = """
import sys
from pathlib import Path
from graph import local
print(local.url_for(Path(sys.argv[1])))
"""


def _count(url: str) -> int:
    with GraphDatabase.driver(url, auth=None) as driver:
        n: int = driver.execute_query("MATCH (p:Probe) RETURN count(p) AS n").records[0]["n"]
        return n


def test_a_committed_write_survives_kill_9_and_another_process_attaches(tmp_path: Path) -> None:
    server = local.Server(tmp_path, local.free_port())
    server.start()
    try:
        with GraphDatabase.driver(server.url, auth=None) as driver:
            driver.execute_query("CREATE (:Probe)")
        assert server.process is not None
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait()
        server.start()  # same port, same store
        assert _count(server.url) == 1
        attached = subprocess.run(
            [sys.executable, "-c", ATTACH, str(tmp_path)],
            capture_output=True, text=True, check=True, timeout=120, cwd=ROOT,
        )  # fmt: skip
        assert attached.stdout.strip() == server.url
    finally:
        server.stop()
    assert not (local.home(tmp_path) / local.RECORD).exists()


def test_a_command_starts_one_for_its_lifetime_only(tmp_path: Path) -> None:
    started = subprocess.run(
        [sys.executable, "-c", ATTACH, str(tmp_path)],
        capture_output=True, text=True, check=True, timeout=180, cwd=ROOT,
    )  # fmt: skip
    assert started.stdout.startswith("bolt://127.0.0.1:")
    assert not (local.home(tmp_path) / local.RECORD).exists()
    home = str(local.home(tmp_path))
    assert not [
        p for p in psutil.process_iter(["cmdline"]) if home in " ".join(p.info["cmdline"] or [])
    ]


def test_the_old_engines_data_is_refused(tmp_path: Path) -> None:
    (tmp_path / "graph.rdb").write_bytes(b"REDIS0011")
    with pytest.raises(OldEngineData, match="no migration"):
        refuse_old_engine_data(tmp_path)
    with pytest.raises(OldEngineData):
        local.url_for(tmp_path)
