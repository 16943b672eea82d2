"""The background of bench/live.py: a steady rate of writes to demo experts, and a loop that
samples match latency, each on threads of its own with clients of their own."""

import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench.common import percentiles

Json = dict[str, Any]
# Enough writers in flight to hold the rate while one write waits on the graph.
WRITERS = 8
# Idle connections are dropped before the server's keep-alive (uvicorn: 5 s) ends them: a
# request sent on one the server is closing would be reset.
LIMITS = httpx.Limits(keepalive_expiry=2.0)


def _client(url: str, token: str) -> httpx.Client:
    headers = {"authorization": f"Bearer {token}"}
    return httpx.Client(base_url=url, timeout=120, headers=headers, limits=LIMITS)


def token_of(http: httpx.Client) -> str:
    return http.headers["authorization"].removeprefix("Bearer ")


def stats(samples: list[float]) -> dict[str, float] | None:
    return percentiles(samples) if samples else None


@dataclass
class _Tally:
    seconds: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)  # by status code or exception
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, error: str | None) -> None:
        with self.lock:
            if error is None:
                self.seconds.append(seconds)
            else:
                self.errors[error] += 1

    def timed(self, call: Callable[[], httpx.Response], expected: int = 200) -> None:
        """Times one request; an unexpected answer or a failure counts as an error."""
        started = time.perf_counter()
        try:
            status = call().status_code
            error = None if status == expected else str(status)
        except httpx.HTTPError as exc:
            error = type(exc).__name__
        self.add(time.perf_counter() - started, error)

    def take(self) -> tuple[list[float], dict[str, int]]:
        with self.lock:
            taken = self.seconds, dict(self.errors)
            self.seconds, self.errors = [], Counter()
        return taken


class WriteLoad:
    """`rate` writes a second as an analyst makes them: mostly a demo expert's headline, every
    fourth one a level of one of their skills."""

    def __init__(self, url: str, token: str, pool: list[Json], rate: float, seed: int) -> None:
        self._url, self._token, self._pool, self._rate = url, token, pool, rate
        self._rng = random.Random(seed)
        self._local = threading.local()
        self._tally = _Tally()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._schedule, name="write-load", daemon=True)
        self._started = 0.0
        self._elapsed = 0.0

    def start(self) -> None:
        self._started = time.perf_counter()
        self._thread.start()

    def stop(self) -> dict[str, object]:
        """Stops the load once the writes in flight are answered; what it achieved."""
        self._stop.set()
        self._thread.join()
        elapsed = time.perf_counter() - self._started
        seconds, errors = self._tally.take()
        return {
            "target_per_s": self._rate,
            "achieved_per_s": round(len(seconds) / elapsed, 1) if elapsed else 0.0,
            "writes": len(seconds),
            "errors": errors,
            "write_latency": stats(seconds),
        }

    def _schedule(self) -> None:
        if self._rate <= 0 or not self._pool:
            return
        step = 1.0 / self._rate
        due = time.perf_counter()
        with ThreadPoolExecutor(WRITERS, thread_name_prefix="writer") as writers:
            for n in range(1_000_000_000):
                if self._stop.wait(max(0.0, due - time.perf_counter())):
                    break
                writers.submit(self._write, self._rng.choice(self._pool), n, self._rng.random())
                due += step

    def _http(self) -> httpx.Client:
        http: httpx.Client | None = getattr(self._local, "http", None)
        if http is None:
            http = self._local.http = _client(self._url, self._token)
        return http

    def _write(self, expert: Json, n: int, draw: float) -> None:
        if n % 4 == 3 and expert["skills"]:
            skills = [dict(s) for s in expert["skills"]]
            skills[int(draw * len(skills))]["level"] = 1 + n % 5
            patch: Json = {"skills": skills}
        else:
            patch = {"headline": f"Senior researcher, revision {n}"}
        path = f"/api/v1/experts/{expert['id']}"
        self._tally.timed(lambda: self._http().patch(path, json=patch))


class Sampler:
    """Times the lead's `POST /roles/{id}/matches` again and again."""

    def __init__(self, url: str, token: str, role_id: str, k: int, gap_s: float) -> None:
        self._http = _client(url, token)
        self._path = f"/api/v1/roles/{role_id}/matches"
        self._k, self._gap = k, gap_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="match-sampler", daemon=True)
        self._tally = _Tally()

    def _once(self) -> None:
        self._tally.timed(lambda: self._http.post(self._path, json={"k": self._k}))

    def sample(self, runs: int) -> dict[str, object]:
        """`runs` timings in a row on this thread."""
        for _ in range(runs):
            self._once()
            time.sleep(self._gap)
        return self._take()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> dict[str, object]:
        self._stop.set()
        self._thread.join()
        self._http.close()
        return self._take()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._once()
            self._stop.wait(self._gap)

    def _take(self) -> dict[str, object]:
        samples, errors = self._tally.take()
        return {"latency": stats(samples), "errors": errors}
