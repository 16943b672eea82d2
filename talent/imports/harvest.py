"""Alive: the identifiers experts linked are read again on a schedule, and an expert who asked
to be told hears when new works wait for them."""

from collections import defaultdict

from graph import GraphStore
from talent.imports.models import IMPORT_JOB, IMPORT_TASK
from talent.imports.repository import ImportRepository
from talent.jobs import tasks as jobs
from talent.jobs.service import Broker, enqueue

# Experts queued per beat: a large backlog is worked off over several ticks.
PER_TICK = 200


def queue_due(store: GraphStore, broker: Broker, *, before: int) -> list[str]:
    """One import job per expert with an identifier not read since `before`; each is marked
    read as it is queued, so the next tick does not queue it again."""
    repo = ImportRepository(store)
    by_expert: dict[str, bool] = defaultdict(bool)
    for link in repo.due_identifiers(before, PER_TICK):
        by_expert[link.expert_id] |= link.notify
    queued: list[str] = []
    for expert_id in by_expert:
        job = enqueue(
            store,
            broker,
            kind=IMPORT_JOB,
            task=IMPORT_TASK,
            params={"expert_id": expert_id, "identifiers": True, "dois": [], "harvest": True},
            subject=expert_id,
        )
        repo.mark_harvested(expert_id)
        queued.append(job.id)
    return queued


def tell(store: GraphStore, expert_id: str, count: int) -> int:
    """Mail the expert's accounts that `count` new works wait, if an identifier they linked
    asks for it; how many mails went."""
    repo = ImportRepository(store)
    if not any(i.notify for i in repo.identifiers(expert_id)):
        return 0
    mailer, public_url, letters = jobs.mailing()
    name, addresses = repo.owner(expert_id)
    letter = letters.write(
        "works_found", None, {"name": name, "count": count, "link": f"{public_url}/me/imports"}
    )
    for address in addresses:
        mailer.send(address, letter.subject, letter.body)
    return len(addresses)
