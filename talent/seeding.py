"""Writing demo data in batches, reporting progress and stopping when asked."""

from collections.abc import Callable
from itertools import batched

from graph import GraphStore
from talent.demo import DemoGenerator
from talent.exceptions import Conflict
from talent.repository import ResourceRepository, now_ms
from talent.resources import EXPERT, ORGANIZATION, WORK
from talent.taxonomy.bundled import load_bundled

# Returns False to stop early (a cancelled job).
Progress = Callable[[int, int], bool]


def seed_demo(
    store: GraphStore,
    count: int,
    *,
    seed: int = 21,
    batch: int = 500,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Load the taxonomy, demo organisations and `count` demo experts with their works."""
    experts = ResourceRepository(store, EXPERT)
    if experts.count() > 0:
        raise Conflict("the graph already holds experts; demo data goes into an empty graph")
    load_bundled(store)
    generator = DemoGenerator(seed)
    orgs = ResourceRepository(store, ORGANIZATION)
    works = ResourceRepository(store, WORK)
    stamp = now_ms()
    orgs.create_many(list(generator.organizations()), stamp=stamp)
    done = n_works = 0
    for chunk in batched(generator.experts(count), batch):
        experts.create_many([(d.id, d.expert) for d in chunk], stamp=stamp)
        chunk_works = [w for d in chunk for w in d.works]
        if chunk_works:
            n_works += works.create_many(chunk_works, stamp=stamp)
        done += len(chunk)
        if progress is not None and not progress(done, count):
            break
    return {"experts": done, "works": n_works, "organizations": len(generator.org_ids)}
