"""A second API process on the test graph, for what must hold across processes."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from tests.accounts import signed_in
from tests.conftest import ROOT, _free_port


@pytest.fixture
def second_process(store: Neo4jStore) -> Iterator[str]:
    """Another API process on the same graph, answering from its previous index at once while
    a full build runs in the background."""
    port = _free_port()
    env = {**os.environ, "TALENT_INDEX_WAIT": "0"}
    command = [sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app"]
    process = subprocess.Popen(
        [*command, "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, "the second API process exited"
            assert time.monotonic() < deadline, "the second API process did not start"
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code in (200, 503):
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture
def second_client(second_process: str, store: Neo4jStore) -> Iterator[httpx.Client]:
    """An administrator signed in to the second process."""
    client = signed_in(second_process, store, Role.ADMIN)
    try:
        yield client
    finally:
        client.close()
