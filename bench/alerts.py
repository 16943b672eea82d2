"""Alerts under a steady stream of writes: 300 watched roles (bench/assign.py's portfolio, each
watched for its top 10), 1,000 saved searches watched for their first 10 results and every
technology group watched by a ministry officer, on a store of demo experts, while `--rate`
writes a second come in for `--seconds`.

The writes are new experts: every `--strong-every`th one is made for a role (its three skills
at level 5, 30 years, verified, every engagement mode), which should enter its top 10 and the
saved searches built from the same skills; the others are ordinary demo experts. The worker's
part runs here as the beat drives it: an evaluation every second (`talent.evaluate_alerts`,
the same function), on its own index follower.

Reports the delay from a write's commit to its first alert (p50, p95, max, over the experts
that made one), the evaluations' wall time and the evaluating thread's CPU per change, how the
roles were brought up to date (ranked whole or by the changed experts alone), and as the
baseline, measured in the same run on the same batches, evaluations that rank every watched
role whole (no remembered tops, as before).

Target (design): alert delay p95 <= 5 s.
"""

import argparse
import random
import statistics
import threading
import time

from bench.assign import BENCH, portfolio
from bench.common import percentiles, report, temp_store
from graph import GraphStore
from matching.alerts.evaluate import Memory, evaluate
from matching.cache import IndexCache
from talent.accounts.models import AccountCreate, Role
from talent.accounts.repository import AccountRepository, Leadership
from talent.alerts.models import Alert, Watch, WatchKind
from talent.alerts.repository import AlertRepository
from talent.core.ids import new_id, now_ms
from talent.core.types import EngagementMode, Residency
from talent.demo.generator import DemoGenerator
from talent.experts.models import Consent, ExpertCreate, SkillClaim
from talent.experts.resource import EXPERT
from talent.resources import service
from talent.resources.catalog import ROLE
from talent.resources.repository import ResourceRepository
from talent.search.index import SearchIndex
from talent.search.models import SavedSearch, SearchRequest
from talent.search.repository import SavedSearchRepository

K = 10
TICK_S = 1.0


def _watch(store: GraphStore, kind: WatchKind, owner: str, target: str) -> None:
    AlertRepository(store).put_watch(
        Watch(
            id=new_id(),
            key=f"{owner}|{kind.value}|{target}",
            kind=kind,
            owner=owner,
            target=target,
            k=K,
            created_at=now_ms(),
        )
    )


def _account(store: GraphStore, role: Role, name: str) -> str:
    item = AccountCreate(
        email=f"{name}@example.org", password="bench password long enough", role=role, name=name
    )
    return AccountRepository(store).create(item).id


def _lead_watches(store: GraphStore, role_ids: list[str]) -> dict[str, list[str]]:
    """Each programme's lead (an account that leads it) watching each of its roles; the
    roles' skills."""
    repo, leads = ResourceRepository(store, ROLE), Leadership(store)
    skills: dict[str, list[str]] = {}
    lead_of: dict[str, str] = {}
    for role_id in role_ids:
        role = repo.get(role_id)
        if role.programme_id not in lead_of:
            lead = _account(store, Role.PROGRAMME_LEAD, f"bench-lead-{len(lead_of)}")
            leads.record(lead, role.programme_id)
            lead_of[role.programme_id] = lead
        _watch(store, WatchKind.ROLE, lead_of[role.programme_id], role_id)
        skills[role_id] = [q.skill_id for q in role.requirements]
    return skills


def _saved_searches(
    store: GraphStore, index: SearchIndex, skills: dict[str, list[str]], count: int, seed: int
) -> None:
    """`count` saved searches, ten per owner: two skills of a role (by their English labels),
    a level, and now and then a residency."""
    rng = random.Random(seed)
    roles = sorted(skills)
    repo = SavedSearchRepository(store)
    owner = ""
    for n in range(count):
        picked = rng.sample(skills[roles[n % len(roles)]], 2)
        labels = [label.label_en for s in picked if (label := index.resolver.label(s))]
        residency = rng.choice([Residency.ANY, Residency.ANY, Residency.OVERSEAS])
        if n % 10 == 0:
            owner = _account(store, Role.MINISTRY, f"bench-staff-{n // 10}")
        saved = repo.create(
            SavedSearch(
                id=new_id(),
                owner=owner,
                name=f"Tìm kiếm {n + 1}",
                search=SearchRequest(
                    skills=labels, min_level=rng.choice([3, 4]), residency=residency
                ),
                created_at=now_ms(),
            )
        )
        _watch(store, WatchKind.SEARCH, owner, saved.id)


def _strong(n: int, skills: list[str]) -> ExpertCreate:
    return ExpertCreate(
        full_name=f"Nguyễn Văn Mạnh {n}",
        country="DE",
        nationality="VN",
        years_experience=30,
        headline="Chief engineer",
        engagement_modes=list(EngagementMode),
        consent=Consent(match=True, contact=True),
        verification_grade=3,
        skills=[SkillClaim(skill_id=s, level=5) for s in skills],
    )


class Evaluator(threading.Thread):
    """The beat and the worker: an evaluation every TICK_S, timed (wall and this thread's
    CPU), until stopped and the log is drained."""

    def __init__(self, store: GraphStore, cache: IndexCache, memory: Memory) -> None:
        super().__init__(daemon=True)
        self.store, self.cache, self.memory = store, cache, memory
        self.stop = threading.Event()
        self.walls: list[float] = []
        self.cpu = 0.0
        self.changes = 0

    def run(self) -> None:
        while True:
            started, cpu = time.perf_counter(), time.thread_time()
            done = evaluate(self.store, self.cache, memory=self.memory)
            if done.changes:
                self.walls.append(time.perf_counter() - started)
                self.cpu += time.thread_time() - cpu
                self.changes += done.changes
            elif self.stop.is_set():
                return
            time.sleep(max(0.0, TICK_S - (time.perf_counter() - started)))


def _write(
    store: GraphStore, rate: float, seconds: float, strong_every: int, skills: dict[str, list[str]]
) -> dict[str, int]:
    """New experts at `rate` a second; the commit time (ms) of each."""
    generator = DemoGenerator()
    roles = sorted(skills)
    repo = ResourceRepository(store, EXPERT)
    written: dict[str, int] = {}
    started = time.perf_counter()
    for n in range(int(rate * seconds)):
        time.sleep(max(0.0, started + n / rate - time.perf_counter()))
        if n % strong_every == 0:
            item = _strong(n, skills[roles[(n // strong_every) % len(roles)]])
        else:
            item = generator.expert(10_000_000 + n).expert
        made = service.create(repo=repo, item=item, actor=BENCH)
        written[str(made.id)] = now_ms()
    return written


def _delays(alerts: list[Alert], written: dict[str, int]) -> list[float]:
    first: dict[str, int] = {}
    for a in alerts:
        if a.expert_id in written:
            first[a.expert_id] = min(first.get(a.expert_id, a.at), a.at)
    return [(at - written[e]) / 1000 for e, at in first.items()]


def _one_batch(store: GraphStore, cache: IndexCache, memory: Memory, writes: int, at: int) -> float:
    """`writes` new demo experts (numbered from `at`), then one evaluation of them, timed:
    with a fresh `memory` it ranks every watched role whole and resolves every search's skills
    (nothing kept from earlier evaluations, as before); with the run's, as the worker does."""
    repo, generator = ResourceRepository(store, EXPERT), DemoGenerator()
    for n in range(writes):
        service.create(repo=repo, item=generator.expert(at + n).expert, actor=BENCH)
    started = time.perf_counter()
    evaluate(store, cache, memory=memory)
    return time.perf_counter() - started


def _watched(
    store: GraphStore, args: argparse.Namespace
) -> tuple[list[str], dict[str, list[str]], IndexCache]:
    """The portfolio's roles, each watched by its lead, and the saved searches, each watched."""
    role_ids = portfolio(store, args.programmes, args.seed, 3)
    skills = _lead_watches(store, role_ids)
    cache = IndexCache(store)
    _saved_searches(store, cache.searching(), skills, args.searches, args.seed)
    officer = _account(store, Role.MINISTRY, "bench-groups")
    for group in cache.searching().groups:
        _watch(store, WatchKind.GROUP, officer, group)
    return role_ids, skills, cache


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--experts", type=int, default=100_000)
    parser.add_argument("--searches", type=int, default=1000)
    parser.add_argument("--programmes", type=int, default=100)
    parser.add_argument("--rate", type=float, default=20.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--strong-every", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with temp_store(experts=args.experts) as bench:
        store = bench.store
        role_ids, skills, cache = _watched(store, args)
        index = cache.current()
        memory = Memory()
        tops = memory.tops
        started = time.perf_counter()
        evaluate(store, cache, memory=memory)  # every watch's first look: each role ranked whole
        first_look = time.perf_counter() - started
        evaluator = Evaluator(store, cache, memory)
        evaluator.start()
        written = _write(store, args.rate, args.seconds, args.strong_every, skills)
        evaluator.stop.set()
        evaluator.join()
        repo = AlertRepository(store)
        owners = {w.owner for w, _ in repo.all_watches()}
        alerts = [a for o in owners for a in repo.alerts_of(o, before=None, limit=10_000)]
        delays = _delays(alerts, written)
        batch = max(1, round(args.rate * TICK_S))
        baseline = _one_batch(store, cache, Memory(), batch, at=20_000_000)
        remembered = _one_batch(store, cache, memory, batch, at=30_000_000)
    by_reason: dict[str, int] = {}
    for a in alerts:
        by_reason[a.reason.value] = by_reason.get(a.reason.value, 0) + 1
    report(
        {
            "experts": len(index),
            "seed_seconds": round(bench.seed_seconds, 1),
            "watched_roles": len(role_ids),
            "saved_searches": args.searches,
            "writes": len(written),
            "write_rate": args.rate,
            "first_look_seconds": round(first_look, 2),
            "evaluations": len(evaluator.walls),
            "evaluation": percentiles(evaluator.walls) if evaluator.walls else {},
            "cpu_ms_per_change": round(1000 * evaluator.cpu / max(1, evaluator.changes), 2),
            "changes": evaluator.changes,
            "roles_ranked_whole": tops.whole,
            "roles_brought_up_to_date": tops.partly,
            "roles_no_changed_expert_could_enter": tops.passed,
            "alerts": by_reason,
            "experts_told_of": len(delays),
            "alert_delay": percentiles(delays) if delays else {},
            "alert_delay_mean_s": round(statistics.mean(delays), 2) if delays else None,
            "baseline_evaluation_every_role_whole_s": round(baseline, 2),
            "same_batch_with_remembered_tops_s": round(remembered, 2),
            "targets": {"alert_delay_p95_ms": 5000},
        }
    )


if __name__ == "__main__":
    main()
