"""Writing demo data in batches, reporting progress and stopping when asked."""

import multiprocessing
import random
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import UTC, datetime, timedelta

from graph import GraphStore
from graph.store import Row
from talent.accounts.models import AccountRead, Role
from talent.core.errors import Conflict
from talent.core.ids import now_ms
from talent.demo.generator import DemoGenerator, demo_id
from talent.experts.resource import EXPERT
from talent.jobs.model import Progress
from talent.pipeline.models import ORDER, Transition
from talent.pipeline.service import Pipeline
from talent.resources.catalog import ORGANIZATION, PROGRAMME, ROLE, WORK
from talent.resources.repository import ResourceRepository
from talent.taxonomy.bundled import load_bundled

Rows = tuple[list[Row], list[Row]]


def demo_rows(seed: int, start: int, size: int, stamp: int) -> Rows:
    """Expert and work rows of demo experts start .. start + size (run in a helper process)."""
    generator = DemoGenerator(seed)
    batch = [generator.expert(n) for n in range(start, start + size)]
    experts = EXPERT.rows(((d.id, d.expert) for d in batch), stamp=stamp)
    works = WORK.rows((w for d in batch for w in d.works), stamp=stamp)
    return experts, works


def seed_demo(
    store: GraphStore,
    count: int,
    *,
    seed: int = 21,
    batch: int = 500,
    progress: Progress | None = None,
    resume: bool = False,
) -> dict[str, int]:
    """Load the taxonomy, demo organisations and `count` demo experts with their works;
    `resume` continues a load whose worker died (the same rows are written again)."""
    experts = ResourceRepository(store, EXPERT)
    if experts.count() > 0 and not resume:
        raise Conflict("the graph already holds experts; demo data goes into an empty graph")
    load_bundled(store)
    generator = DemoGenerator(seed)
    orgs = ResourceRepository(store, ORGANIZATION)
    works = ResourceRepository(store, WORK)
    stamp = now_ms()
    orgs.upsert_many(generator.organizations(), stamp=stamp)
    done = n_works = 0
    starts = iter(range(0, count, batch))
    # Generation runs in a helper process while this one sends the previous batch: the FalkorDB
    # client turns parameters into query text in Python, so the two would share one core.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:

        def submit() -> Future[Rows] | None:
            start = next(starts, None)
            if start is None:
                return None
            return pool.submit(demo_rows, seed, start, min(batch, count - start), stamp)

        pending = [f for f in (submit(), submit()) if f is not None]
        while pending:
            expert_rows, work_rows = pending.pop(0).result()
            if (more := submit()) is not None:
                pending.append(more)
            experts.upsert_rows(expert_rows)
            n_works += works.upsert_rows(work_rows) if work_rows else 0
            done += len(expert_rows)
            if progress is not None and not progress(done, count):
                for future in pending:
                    future.cancel()
                break
    demo_programmes = generator.programmes()
    ResourceRepository(store, PROGRAMME).upsert_many(
        [programme for programme, _ in demo_programmes], stamp=stamp
    )
    ResourceRepository(store, ROLE).upsert_many(
        [role for _, roles in demo_programmes for role in roles], stamp=stamp
    )
    return {
        "experts": done,
        "works": n_works,
        "organizations": len(generator.org_ids),
        "programmes": len(demo_programmes),
        "in_pipeline": seed_pipeline(store, done, seed=seed),
    }


# Who moved the demo experts along the pipeline.
DEMO_STAFF = AccountRead(
    id="demo-ministry",
    email="demo-ministry@example.org",
    role=Role.MINISTRY,
    name="Demo ministry",
    active=True,
    created_at=0,
)


def seed_pipeline(
    store: GraphStore, experts: int, *, seed: int = 21, every: int = 15, at_most: int = 200
) -> int:
    """Put one demo expert in `every` (at most `at_most`) into the attraction pipeline, at
    stages spread over the past year, so that the KPI and its trend show something."""
    rng = random.Random(seed)
    pipeline = Pipeline(store)
    today = datetime.now(UTC).date()
    chosen = range(0, min(experts, every * at_most), every)
    for n in chosen:
        last = rng.choices(range(len(ORDER)), weights=[5, 4, 3, 2, 2, 3])[0]
        day = today - timedelta(days=rng.randrange(60, 365))
        for stage in ORDER[: last + 1]:
            # Unaudited: demo data is no one's work.
            pipeline.step(
                caller=DEMO_STAFF,
                expert_id=demo_id("expert", n, seed),
                transition=Transition(to=stage, at=day, note="demo"),
            )
            day = min(today, day + timedelta(days=rng.randrange(7, 45)))
    return len(chosen)
