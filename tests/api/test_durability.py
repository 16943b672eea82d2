"""Durability of `talent serve` on its own local Neo4j, under concurrent writes: `kill -9` of the
graph server (which the service restarts), then of the whole service (started again by hand).
No write the service acknowledged is lost, and none is half-applied: every organisation has its
audit event and every audit event its organisation, as they are written in one transaction."""

import os
import signal
import threading
import time
from contextlib import closing
from pathlib import Path

import httpx
import psutil

from tests.serving import Served, admin, create_admin, talent_serve

API = "/api/v1"
WRITERS = 4


class Writers:
    """Threads creating organisations until stopped; what the service acknowledged."""

    def __init__(self, served: Served) -> None:
        self.client = admin(served)
        self.acknowledged: list[str] = []
        self.refused = 0
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._write, args=(n,)) for n in range(WRITERS)]
        for thread in self._threads:
            thread.start()

    def _write(self, n: int) -> None:
        k = 0
        while not self._stop.is_set():
            k += 1
            body = {"name": f"Viện {n}-{k}", "kind": "institute", "country": "VN"}
            try:
                response = self.client.post(f"{API}/organizations", json=body, timeout=10)
            except httpx.TransportError:
                response = None
            with self._lock:
                if response is not None and response.status_code == 201:
                    self.acknowledged.append(response.json()["id"])
                else:
                    self.refused += 1
            if response is None or response.status_code >= 500:
                time.sleep(0.2)

    def count(self) -> int:
        with self._lock:
            return len(self.acknowledged)

    def stop(self) -> list[str]:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=30)
        self.client.close()
        return list(self.acknowledged)


def _graph_server(served: Served) -> psutil.Process:
    for child in psutil.Process(served.process.pid).children(recursive=True):
        if "java" in child.name():
            return child
    raise AssertionError("talent serve runs no graph server")


def _grows(writers: Writers, by: int, within: float = 120) -> None:
    target = writers.count() + by
    deadline = time.monotonic() + within
    while writers.count() < target:
        assert time.monotonic() < deadline, f"writes did not resume ({writers.refused} refused)"
        time.sleep(0.2)


def _all(client: httpx.Client, path: str, **params: str) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    cursor: str | None = None
    while True:
        query = {**params, "limit": "200", **({"cursor": cursor} if cursor else {})}
        page = client.get(f"{API}/{path}", params=query).json()
        items += page["items"]
        cursor = page.get("next_cursor")
        if not cursor:
            return items


def test_kill_9_of_the_graph_and_of_the_service_loses_no_acknowledged_write(
    tmp_path: Path,
) -> None:
    create_admin(tmp_path)
    with talent_serve(tmp_path) as served:
        writers = Writers(served)
        _grows(writers, 20)
        first = _graph_server(served)
        first.kill()  # kill -9 of the graph server, mid-write
        _grows(writers, 20)
        assert _graph_server(served).pid != first.pid
        os.killpg(served.process.pid, signal.SIGKILL)  # kill -9 of the whole service
        served.process.wait(timeout=30)
        acknowledged = writers.stop()
        psutil.wait_procs([first], timeout=10)

    with talent_serve(tmp_path) as again, closing(admin(again)) as client:
        stored = {str(o["id"]) for o in _all(client, "organizations")}
        audited = [
            str(e["target"]) for e in _all(client, "audit-events", action="organization.create")
        ]
    assert set(acknowledged) <= stored, "an acknowledged write was lost"
    assert sorted(audited) == sorted(stored), "a write was half-applied"
    assert len(acknowledged) >= 40
