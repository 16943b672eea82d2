"""How soon a write is seen, end to end over HTTP, on the running service.

Starts `talent serve` as a child process on a fresh data folder seeded with demo experts
(bench/served.py), signs in over HTTP as an admin, a ministry analyst and a programme lead, then
makes `--writes` writes as the analyst, one at a time: mostly new experts (POST), every
`--update-every`th a rename of a demo expert that also gives them new skills (PATCH). After
each write's answer it polls, every `--poll-ms`, the name search (`GET /experts/search?q=`) and
the lead's matches (`POST /roles/{id}/matches`) until each shows the expert, up to `--cap-s`.

Matching is probed on a role of its own whose must-have skills come from three technology
groups at level 4: demo experts hold skills of two groups at most, so its candidates are the
written experts, each within the top 200 a match returns. Match latency is sampled on a second,
ordinary role (one must-have among thousands of candidates, top 50 explained, as in
bench/match.py): alone first (baseline), then while a background load of `--write-rate` writes
a second (headlines and skill levels of demo experts) runs: with the writes alone, then beside
the probes (whose polling, every `--poll-ms`, is itself a load of searches and matches).

Target (design): a write visible to search and matching <= 1 s p95 at 100,000 experts.
"""

import argparse
import random
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import httpx

from bench.common import report
from bench.live_load import LIMITS, Json, Sampler, WriteLoad, stats, token_of
from bench.served import ADMIN, PASSWORD, Service, served

PROBE_SKILLS = ("open-ran", "offshore-engineering", "high-speed-rail")
PROBE_K = 200  # the most a match returns: every written expert must fit in it
SYLLABLES = [c + v for c in "bdfghklmnprstvxz" for v in "aeiou"]
# The first search and match build the indexes: minutes at a million experts.
WARM_UP_TIMEOUT_S = 1800.0


def signed_in(url: str, email: str) -> httpx.Client:
    """A client carrying the token of this account, signed in over HTTP."""
    http = httpx.Client(base_url=url, timeout=120, limits=LIMITS)
    login = http.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    login.raise_for_status()
    http.headers["authorization"] = f"Bearer {login.json()['access_token']}"
    return http


def new_account(admin: httpx.Client, url: str, role: str) -> httpx.Client:
    email = f"bench-{role}@example.org"
    body = {"email": email, "password": PASSWORD, "role": role, "name": f"Bench {role}"}
    admin.post("/api/v1/accounts", json=body).raise_for_status()
    return signed_in(url, email)


def make_roles(lead: httpx.Client) -> tuple[str, str]:
    """The probe role (candidates: the written experts) and the ordinary one."""
    programme = lead.post("/api/v1/programmes", json={"name": "Nền tảng số quốc gia"})
    programme.raise_for_status()
    pid = programme.json()["id"]
    probe: Json = {
        "programme_id": pid,
        "title": "Chief engineer, coastal rail and networks",
        "requirements": [{"skill_id": s, "min_level": 4, "must": True} for s in PROBE_SKILLS],
    }
    ordinary: Json = {
        "programme_id": pid,
        "title": "Chief engineer, national AI platform",
        "description": "Deep learning for Vietnamese speech recognition and computer vision, "
        "federated learning across hospitals, efficient inference on edge AI chips.",
        "requirements": [
            {"skill_id": "machine-learning", "weight": 1, "min_level": 3, "must": True},
            {"skill_id": "deep-learning", "weight": 0.8, "min_level": 2},
            {"skill_id": "computer-vision", "weight": 0.5, "min_level": 2},
            {"skill_id": "speech-recognition", "weight": 0.5, "min_level": 2},
        ],
        "constraints": {"languages": ["vi"], "min_years": 5},
    }
    ids = []
    for role in (probe, ordinary):
        made = lead.post("/api/v1/roles", json=role)
        made.raise_for_status()
        ids.append(str(made.json()["id"]))
    return ids[0], ids[1]


def _pool(ministry: httpx.Client, size: int) -> list[Json]:
    """Up to `size` active demo experts who consent to be proposed, as the analyst lists them."""
    found: list[Json] = []
    cursor: str | None = None
    while len(found) < size:
        params: dict[str, str | int] = {"limit": 200, **({"cursor": cursor} if cursor else {})}
        page = ministry.get("/api/v1/experts", params=params)
        page.raise_for_status()
        body = page.json()
        found += [e for e in body["items"] if e["status"] == "active" and e["consent"]["match"]]
        cursor = body.get("next_cursor")
        if not cursor:
            break
    return found[:size]


def _name(rng: random.Random) -> str:
    """Three made-up words no demo name shares, so that the expert is the one hit."""
    return " ".join("".join(rng.choices(SYLLABLES, k=3)).capitalize() for _ in range(3))


def _probe_skills() -> list[Json]:
    return [{"skill_id": s, "level": 5, "years": 15} for s in PROBE_SKILLS]


def _write(ministry: httpx.Client, name: str, target: Json | None) -> httpx.Response:
    """One probe write as the analyst makes it."""
    if target is None:
        body: Json = {"full_name": name, "country": "VN", "languages": ["vi", "en"]}
        body |= {"years_experience": 20, "skills": _probe_skills()}
        return ministry.post("/api/v1/experts", json=body)
    kept = [s for s in target["skills"] if s["skill_id"] not in PROBE_SKILLS]
    patch: Json = {"full_name": name, "skills": kept + _probe_skills()}
    return ministry.patch(f"/api/v1/experts/{target['id']}", json=patch)


def write(ministry: httpx.Client, rng: random.Random, target: Json | None) -> tuple[str, str]:
    """The written expert's id and new name; a name the duplicate check finds too close to
    another (409) is drawn again."""
    for _ in range(5):
        name = _name(rng)
        answer = _write(ministry, name, target)
        if answer.status_code != 409:
            answer.raise_for_status()
            return str(answer.json()["id"]), name
    answer.raise_for_status()
    raise AssertionError("unreachable: a 409 raises above")


@dataclass(slots=True)
class Probe:
    ministry: httpx.Client
    lead: httpx.Client
    role_id: str
    poll_s: float
    cap_s: float
    # The probe role's candidates are the experts written so far: a match of that many
    # returns them all, without explaining 200 each time.
    written: int = 0

    def in_search(self, expert_id: str, name: str) -> bool:
        found = self.ministry.get("/api/v1/experts/search", params={"q": name, "limit": 20})
        found.raise_for_status()
        return any(hit["expert_id"] == expert_id for hit in found.json()["items"])

    def in_matches(self, expert_id: str) -> bool:
        k = min(PROBE_K, max(1, self.written))
        found = self.lead.post(f"/api/v1/roles/{self.role_id}/matches", json={"k": k})
        found.raise_for_status()
        return any(c["expert_id"] == expert_id for c in found.json()["items"])

    def watch(self, expert_id: str, name: str, written: float) -> tuple[float | None, float | None]:
        """Seconds from the write's answer until search, and matching, show the expert; None
        for one that did not within the cap. Both are polled at once: one slow answer (a
        rebuild) must not delay noticing the other."""
        with ThreadPoolExecutor(2, thread_name_prefix="probe") as pollers:
            search = pollers.submit(self._until, lambda: self.in_search(expert_id, name), written)
            match = pollers.submit(self._until, lambda: self.in_matches(expert_id), written)
            return search.result(), match.result()

    def _until(self, shown: Callable[[], bool], written: float) -> float | None:
        while time.perf_counter() - written < self.cap_s:
            if shown():
                return time.perf_counter() - written
            time.sleep(self.poll_s)
        return None


@dataclass
class Seen:
    search_s: list[float] = field(default_factory=list)
    match_s: list[float] = field(default_factory=list)
    search_never: int = 0
    match_never: int = 0
    new: int = 0
    updated: int = 0

    def add(self, search_s: float | None, match_s: float | None) -> None:
        if search_s is None:
            self.search_never += 1
        else:
            self.search_s.append(search_s)
        if match_s is None:
            self.match_never += 1
        else:
            self.match_s.append(match_s)

    def summary(self) -> dict[str, object]:
        return {
            "new_experts": self.new,
            "renamed_experts": self.updated,
            "search_visible": stats(self.search_s),
            "search_never_visible": self.search_never,
            "match_visible": stats(self.match_s),
            "match_never_visible": self.match_never,
        }


def _probe_writes(probe: Probe, targets: list[Json], args: argparse.Namespace) -> Seen:
    rng = random.Random(args.seed)
    seen = Seen()
    for n in range(args.writes):
        target = targets.pop() if (n + 1) % args.update_every == 0 and targets else None
        expert_id, name = write(probe.ministry, rng, target)
        written = time.perf_counter()
        probe.written += 1
        seen.add(*probe.watch(expert_id, name, written))
        seen.updated += target is not None
        seen.new += target is None
        print(f"\rprobe writes: {n + 1}/{args.writes}", end="", file=sys.stderr, flush=True)
        time.sleep(rng.uniform(0, 0.2))  # off any rebuild's rhythm
    print(file=sys.stderr)
    return seen


def _warm_up(probe: Probe, ordinary: str, rng: random.Random) -> int:
    """Builds every index once, and waits for a first write to be seen, before timing; the
    probe role's candidates before any write (0 expected)."""
    long = httpx.Timeout(WARM_UP_TIMEOUT_S)
    probe.ministry.get("/api/v1/experts/search", params={"q": "nguyen"}, timeout=long)
    probe.lead.post(f"/api/v1/roles/{ordinary}/matches", json={}, timeout=long)
    first = probe.lead.post(f"/api/v1/roles/{probe.role_id}/matches", json={}, timeout=long)
    before = int(first.raise_for_status().json()["candidates"])
    expert_id, name = write(probe.ministry, rng, None)  # the duplicate checker's first build
    probe.written = before + 1
    patient = Probe(probe.ministry, probe.lead, probe.role_id, 0.2, WARM_UP_TIMEOUT_S, before + 1)
    patient.watch(expert_id, name, time.perf_counter())
    return before


def measure(service: Service, args: argparse.Namespace) -> dict[str, object]:
    admin = signed_in(service.url, ADMIN)
    ministry = new_account(admin, service.url, "ministry")
    lead = new_account(admin, service.url, "programme_lead")
    probe_role, ordinary = make_roles(lead)
    pool = _pool(ministry, args.pool + args.writes // args.update_every)
    targets = pool[: args.writes // args.update_every]
    loaded = pool[len(targets) :]
    probe = Probe(ministry, lead, probe_role, args.poll_ms / 1000, args.cap_s)
    print("warming up: building the indexes", file=sys.stderr, flush=True)
    probe_candidates = _warm_up(probe, ordinary, random.Random(args.seed + 1))
    sampler = Sampler(service.url, token_of(lead), ordinary, args.k, args.sample_gap_ms / 1000)
    first = lead.post(f"/api/v1/roles/{ordinary}/matches", json={"k": args.k})
    candidates = first.raise_for_status().json()["candidates"]
    print("baseline match latency", file=sys.stderr, flush=True)
    baseline = sampler.sample(args.baseline_runs)
    load = WriteLoad(service.url, token_of(ministry), loaded, args.write_rate, args.seed)
    load.start()
    try:
        time.sleep(2.0)  # the load under way before the first sample
        print("match latency under the write load", file=sys.stderr, flush=True)
        under_writes = sampler.sample(args.loaded_runs)
        sampler.start()
        seen = _probe_writes(probe, targets, args)
    finally:
        under_load = sampler.stop()
        background = load.stop()
    return {
        "ordinary_role_candidates": candidates,
        "probe_role_candidates_before": probe_candidates,
        **seen.summary(),
        "match_latency_baseline": baseline,
        "match_latency_under_writes": under_writes,
        "match_latency_under_writes_and_probes": under_load,
        "background_writes": background,
    }


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--experts", type=int, default=100_000)
    parser.add_argument("--writes", type=int, default=100, help="probe writes, one at a time")
    parser.add_argument("--update-every", type=int, default=5, help="every nth is a rename")
    parser.add_argument("--write-rate", type=float, default=20.0, help="background writes/s")
    parser.add_argument("--pool", type=int, default=1000, help="demo experts the load edits")
    parser.add_argument("--poll-ms", type=float, default=20.0)
    parser.add_argument("--cap-s", type=float, default=60.0, help="a write never seen after")
    parser.add_argument("--k", type=int, default=50, help="candidates of a timed match")
    parser.add_argument("--baseline-runs", type=int, default=100, help="matches before the load")
    parser.add_argument(
        "--loaded-runs", type=int, default=200, help="matches under the writes, before the probes"
    )
    parser.add_argument("--sample-gap-ms", type=float, default=50.0, help="between timed matches")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument(
        "--no-embedding",
        action="store_true",
        help="TALENT_EMBEDDING=false: no backfill of sentence vectors in the worker (the demo "
        "works have none: matching does the same work, with the worker's core free)",
    )
    args = parser.parse_args()
    if args.writes + 1 > PROBE_K:
        parser.error(f"--writes: at most {PROBE_K - 1}, or the probe role's top {PROBE_K} fills")
    return args


def main() -> None:
    args = _arguments()
    settings = {"TALENT_EMBEDDING": "false"} if args.no_embedding else {}
    with served(args.experts, settings=settings) as service:
        figures = measure(service, args)
    report(
        {
            "experts": args.experts,
            "seed_seconds": round(service.seed_seconds, 1),
            "seed_wall_seconds": round(service.seed_wall_seconds, 1),
            "service_start_seconds": round(service.start_seconds, 1),
            "writes": args.writes,
            **figures,
            "targets": {"visible_p95_ms": 1000},
        }
    )


if __name__ == "__main__":
    main()
