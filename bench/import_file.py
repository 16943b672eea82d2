"""Staff bulk import of experts from a CSV file, through the service as the job runs it: read
and keep the list, the dry run, and the run chunk by chunk (each chunk one transaction with
its audit events). Matching and name-search latency are measured while the import writes,
beside the same figures measured quietly before, on live indexes that follow the change log
as a serving process's do.

Target (design): 100,000 experts from a CSV file in <= 120 s. A smaller `--experts` gives a
quicker run; `--seed-experts` demo experts are in the graph first (the organisations and the
role the measurements use come with them).
"""

import argparse
import random
import threading
import time
from collections.abc import Sequence

from bench.common import percentiles, report, temp_store
from bench.match import _role
from bench.search import _name_queries
from graph import GraphStore
from matching.cache import IndexCache
from matching.live import Indexes, live_indexes
from matching.models import MatchRequest
from matching.service import top_candidates
from talent.accounts.models import AccountRead, Role
from talent.accounts.notices import Notices
from talent.audit.log import Actor
from talent.bulk import running, service
from talent.bulk.models import Outcome
from talent.demo.names import FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES, ORGANIZATIONS
from talent.duplicates.checker import DuplicateChecker
from talent.search.service import SearchRequest, search
from talent.taxonomy.bundled import load_bundled

OFFICER = AccountRead(
    id="bench-officer",
    email="bench.officer@example.org",
    role=Role.MINISTRY,
    name="Bench officer",
    active=True,
    created_at=0,
)
SKILLS = ("Học máy", "Học sâu", "Thị giác máy tính", "Machine learning", "Robotics")
COUNTRIES = ("VN", "Việt Nam", "Nhật Bản", "US", "Germany", "Hàn Quốc")


def list_csv(experts: int, seed: int, broken: Sequence[int] = ()) -> bytes:
    """A ministry's list: bilingual headers, Vietnamese names, keys, skills by label; the
    rows numbered in `broken` (as a spreadsheet numbers them) with an e-mail that is not one."""
    rng = random.Random(seed)
    lines = ["Họ và tên;Thư điện tử;Mã;Quốc gia;Tổ chức;Chức danh;Kỹ năng"]
    orgs = [o[0] if isinstance(o, tuple) else str(o) for o in ORGANIZATIONS]
    for n in range(experts):
        name = f"{rng.choice(FAMILY_NAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(GIVEN_NAMES)}"
        org = rng.choice(orgs) if rng.random() < 0.5 else ""
        title = "Nghiên cứu viên" if org else ""
        skills = "; ".join(f"{s}:{rng.randint(1, 5)}" for s in rng.sample(SKILLS, 2))
        country = rng.choice(COUNTRIES)
        email = "not-an-address" if n + 2 in broken else f"list{n}@example.org"
        lines.append(f"{name};{email};DS-{n:06d};{country};{org};{title};{skills}")
    return ("\n".join(lines) + "\n").encode("utf-8")


class Probe:
    """Matches and name searches, one after the other, on the live indexes; their timings."""

    def __init__(self, store: GraphStore, indexes: Indexes, role_id: str, names: list[str]):
        self.store = store
        self.indexes = indexes
        self.cache = IndexCache(store, source=indexes.match)
        self.role_id = role_id
        self.names = names
        self.match: list[float] = []
        self.search: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def once(self, n: int) -> None:
        started = time.perf_counter()
        top_candidates(self.store, self.cache, self.role_id, MatchRequest(k=50), viewer=None)
        self.match.append(time.perf_counter() - started)
        started = time.perf_counter()
        request = SearchRequest(q=self.names[n % len(self.names)])
        search(self.indexes.search.current(), request, limit=20, cursor=None)
        self.search.append(time.perf_counter() - started)

    def _loop(self) -> None:
        n = 0
        while not self._stop.is_set():
            self.once(n)
            n += 1
            # A pair every quarter second: the probe must not take the import's cores.
            self._stop.wait(0.25)

    def __enter__(self) -> "Probe":
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def _figures(samples: Sequence[float]) -> dict[str, float]:
    return percentiles(list(samples)) if len(samples) >= 2 else {"n": len(samples)}


def _nowhere(mail_ids: Sequence[str]) -> None:
    del mail_ids


def _import(store: GraphStore, indexes: Indexes, data: bytes, rows: int) -> dict[str, object]:
    """The list read and kept, its dry run and its run, each phase timed."""
    # Nothing is mailed (no invitations): nothing to hand to workers.
    notices = Notices(store, _nowhere, "http://bench.example")
    # The worker's own checker, as its task makes one (the serving process's indexes follow
    # the import beside it, as the probe measures).
    checker = DuplicateChecker(store)
    importer = running.Importer(store=store, checker=checker, notices=notices)
    phases: dict[str, float] = {}
    started = time.perf_counter()
    listed = service.upload(
        store=store,
        caller=OFFICER,
        data=data,
        filename="bench.csv",
        max_bytes=len(data) + 1,
        max_rows=rows,
    )
    phases["read_and_keep"] = time.perf_counter() - started
    mark = time.perf_counter()
    dry = service.dry_run(store=store, checker=checker, list_id=listed.id)
    phases["dry_run"] = time.perf_counter() - mark
    refused = [r.row for r in dry.rows if r.outcome is Outcome.REFUSED]
    mark = time.perf_counter()
    actor = Actor(id=OFFICER.id, role=OFFICER.role.value)
    result = importer.import_list(list_id=listed.id, job_id="bench", actor=actor, invite=False)
    phases["run"] = time.perf_counter() - mark
    seconds = time.perf_counter() - started
    return {
        "dry_run": dry.summary.model_dump(),
        "refused_rows": refused,
        "result": dict(result),
        "seconds": round(seconds, 1),
        "phases_seconds": {k: round(v, 1) for k, v in phases.items()},
        "rows_per_second": round(rows / seconds),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--experts", type=int, default=100_000, help="rows of the CSV file")
    parser.add_argument("--seed-experts", type=int, default=2_000, help="demo experts first")
    parser.add_argument("--runs", type=int, default=200, help="quiet matches and searches")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--broken", type=int, default=3, help="rows with a broken e-mail")
    args = parser.parse_args()
    broken = sorted(random.Random(args.seed).sample(range(2, args.experts + 2), args.broken))
    data = list_csv(args.experts, args.seed, broken)
    with temp_store(experts=max(args.seed_experts, 1)) as bench:
        store = bench.store
        load_bundled(store)
        role_id = _role(store)
        indexes = live_indexes(store)
        queries = _name_queries(indexes.search.current(), 100, random.Random(args.seed))
        probe = Probe(store, indexes, role_id, [text for _, _, text, _ in queries])
        for n in range(5):
            probe.once(n)  # warm-up
        probe.match.clear()
        probe.search.clear()
        for n in range(args.runs):
            probe.once(n)
        quiet = {"match": _figures(probe.match), "name_search": _figures(probe.search)}
        with Probe(store, indexes, role_id, probe.names) as loud:
            imported = _import(store, indexes, data, args.experts)
    report(
        {
            "backend": bench.backend,
            "rows": args.experts,
            "broken_rows": broken,
            "refused_exactly_the_broken": imported["refused_rows"] == broken,
            "seed_experts": args.seed_experts,
            **imported,
            "quiet": quiet,
            "during_import": {"match": _figures(loud.match), "name_search": _figures(loud.search)},
            "targets": {"seconds_at_100000": 120},
        }
    )


if __name__ == "__main__":
    main()
