"""Mixed load on the running service: how many requests a second, and how fast, with 1 and N
API processes.

Seeds `--experts` demo experts into a fresh data folder once (bench/served.py), then for each
`--workers` count starts `talent serve --workers N` on it (the second and later starts come up
from the first one's checkpoint) and, for each `--clients` count, runs that many clients at
once for `--seconds`, each sending one request after another, drawn at random in these shares:
name searches by the ministry analyst (API), expert profiles (API), a lead's match of a role,
top 50 explained (API), and the ministry's search page (HTML, a signed-in page session). Reports
requests a second and p50/p95 for each kind and for all together, with the server's errors.

The clients run on asyncio in this process, on the same machine: what they spend is taken from
the service, as a load balancer's would not be. The service runs without sentence vectors
(TALENT_EMBEDDING=false): the demo works have none, so matching does the same work, and the
worker's backfill, which would otherwise embed every demo work for hours, takes no core.

Target (design, 100,000 experts, 8 clients): >= 300 requests a second, p95 <= 50 ms.
"""

import argparse
import asyncio
import random
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

from api.web.session import CSRF_COOKIE, CSRF_FIELD
from bench.common import percentiles, report
from bench.live import make_roles, new_account, signed_in
from bench.served import ADMIN, PASSWORD, Seeded, seeded, serving

# Shares of each kind of request, as the design's mix: mostly reads of people and names.
MIX = {"search": 0.4, "profile": 0.3, "match": 0.1, "page": 0.2}
# The first requests build each process's indexes (or map them from a checkpoint).
WARM_UP_TIMEOUT_S = 1800.0
WARM_S = 5.0


@dataclass(frozen=True, slots=True)
class Setup:
    """What the clients ask about, made once on the first start."""

    role_id: str
    names: list[str]
    expert_ids: list[str]


@dataclass(frozen=True, slots=True)
class Sessions:
    """The credentials each kind of request is sent with."""

    ministry: str  # bearer token
    lead: str  # bearer token
    page_cookies: dict[str, str]


def _setup(url: str) -> Setup:
    admin = signed_in(url, ADMIN)
    lead = new_account(admin, url, "programme_lead")
    ministry = new_account(admin, url, "ministry")
    _, role_id = make_roles(lead)
    listed = ministry.get("/api/v1/experts", params={"limit": 200})
    listed.raise_for_status()
    experts = listed.json()["items"]
    names = [e["full_name"] for e in experts]
    return Setup(role_id, names, [e["id"] for e in experts])


def _page_cookies(url: str, email: str) -> dict[str, str]:
    """A page session, signed in through the login form as a person does."""
    with httpx.Client(base_url=url, timeout=60) as web:
        web.get("/login").raise_for_status()
        token = web.cookies[CSRF_COOKIE]
        form = {"email": email, "password": PASSWORD, "next": "/", CSRF_FIELD: token}
        done = web.post("/login", data=form)
        if done.status_code not in {302, 303}:
            raise RuntimeError(f"page login refused: {done.status_code}")
        return dict(web.cookies.items())


def _sessions(url: str) -> Sessions:
    def token(email: str) -> str:
        header = signed_in(url, email).headers["authorization"]
        return str(header.removeprefix("Bearer "))

    ministry = "bench-ministry@example.org"
    return Sessions(
        token(ministry), token("bench-programme_lead@example.org"), _page_cookies(url, ministry)
    )


Request = Callable[[httpx.AsyncClient], Awaitable[httpx.Response]]


def _requests(setup: Setup, sessions: Sessions, rng: random.Random) -> dict[str, Request]:
    ministry = {"authorization": f"Bearer {sessions.ministry}"}
    lead = {"authorization": f"Bearer {sessions.lead}"}

    def query() -> str:
        # As ministries type names: the whole name, or the given name alone, often unaccented.
        name = rng.choice(setup.names)
        return name.split()[-1] if rng.random() < 0.3 else name

    return {
        "search": lambda c: c.get(
            "/api/v1/experts/search", params={"q": query()}, headers=ministry
        ),
        "profile": lambda c: c.get(
            f"/api/v1/experts/{rng.choice(setup.expert_ids)}", headers=ministry
        ),
        "match": lambda c: c.post(
            f"/api/v1/roles/{setup.role_id}/matches", json={"k": 50}, headers=lead
        ),
        "page": lambda c: c.get("/search", params={"q": query()}, cookies=sessions.page_cookies),
    }


async def _run(
    url: str, requests: dict[str, Request], clients: int, seconds: float, seed: int
) -> dict[str, object]:
    samples: dict[str, list[float]] = defaultdict(list)
    errors: Counter[str] = Counter()
    kinds, weights = list(MIX), list(MIX.values())
    limits = httpx.Limits(max_connections=clients, keepalive_expiry=2.0)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as http:
        deadline = time.perf_counter() + seconds

        async def client(n: int) -> None:
            rng = random.Random(seed * 1000 + n)
            while time.perf_counter() < deadline:
                kind = rng.choices(kinds, weights)[0]
                started = time.perf_counter()
                response = await requests[kind](http)
                took = time.perf_counter() - started
                if response.status_code >= 400:
                    errors[f"{kind} {response.status_code}"] += 1
                samples[kind].append(took)

        started = time.perf_counter()
        await asyncio.gather(*(client(n) for n in range(clients)))
        wall = time.perf_counter() - started
    every = [s for kind in samples.values() for s in kind]
    return {
        "clients": clients,
        "requests_per_s": round(len(every) / wall, 1),
        "all": percentiles(every),
        **{kind: percentiles(values) for kind, values in sorted(samples.items())},
        "errors": dict(errors),
    }


async def _warm(url: str, requests: dict[str, Request], clients: int) -> None:
    """Rounds of every kind of request, `clients` of each at once, until a whole round answers
    within WARM_S: every process has built or mapped its indexes (minutes, the first time)."""
    timeout = httpx.Timeout(WARM_UP_TIMEOUT_S)
    async with httpx.AsyncClient(base_url=url, timeout=timeout) as http:
        while True:
            started = time.perf_counter()
            sent = [requests[kind](http) for kind in MIX for _ in range(clients)]
            for response in await asyncio.gather(*sent):
                response.raise_for_status()
            if time.perf_counter() - started < WARM_S:
                return


def _measure(
    data: Seeded, workers: int, args: argparse.Namespace, setup: Setup | None
) -> tuple[Setup, dict[str, object]]:
    # The demo works have no sentence vectors: without the worker's backfill (hours of one
    # core at 100,000 experts) the API does the same work, and the figures are the service's.
    settings = {"TALENT_EMBEDDING": "false"}
    with serving(data, workers=workers, start_timeout_s=1800, settings=settings) as service:
        setup = setup or _setup(service.url)
        sessions = _sessions(service.url)
        rng = random.Random(args.seed)
        requests = _requests(setup, sessions, rng)
        asyncio.run(_warm(service.url, requests, max(args.clients)))
        runs = [
            asyncio.run(_run(service.url, requests, clients, args.seconds, args.seed))
            for clients in args.clients
        ]
        return setup, {"workers": workers, "start_s": round(service.start_seconds, 1), "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--experts", type=int, default=100_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--clients", type=int, nargs="+", default=[8, 32])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    figures: list[object] = []
    setup: Setup | None = None
    with seeded(args.experts) as data:
        for workers in args.workers:
            setup, measured = _measure(data, workers, args, setup)
            figures.append(measured)
    targets = {"requests_per_s_8_clients": 300, "p95_ms": 50}
    report(
        {
            "experts": args.experts,
            "seed_seconds": round(data.seed_seconds, 1),
            "configurations": figures,
            "targets": targets,
        }
    )


if __name__ == "__main__":
    main()
