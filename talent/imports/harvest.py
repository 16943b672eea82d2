"""Alive: the identifiers experts linked are read again on a schedule, and an expert who asked
to be told hears when new works wait for them."""

from graph import GraphStore
from talent.imports.models import IMPORT_JOB, IMPORT_TASK
from talent.imports.repository import ImportRepository
from talent.jobs import tasks as jobs
from talent.jobs.model import FINISHED
from talent.jobs.repository import JobRepository
from talent.jobs.service import Broker, enqueue
from talent.outbox.repository import OutboxRepository
from talent.outbox.service import Dispatch

# Experts queued per beat: a large backlog is worked off over several ticks.
PER_TICK = 200


def queue_due(store: GraphStore, broker: Broker, *, before: int) -> list[str]:
    """One import job per expert with an identifier not read since `before`, unless an import
    of theirs is still queued or running; the job marks the identifiers read when it has read
    them, so one that fails is tried again at a later tick."""
    repo = ImportRepository(store)
    jobs_repo = JobRepository(store)
    experts = dict.fromkeys(link.expert_id for link in repo.due_identifiers(before, PER_TICK))
    queued: list[str] = []
    for expert_id in experts:
        latest = jobs_repo.latest(IMPORT_JOB, subject=expert_id)
        if latest is not None and latest.state not in FINISHED:
            continue
        job = enqueue(
            store,
            broker,
            kind=IMPORT_JOB,
            task=IMPORT_TASK,
            params={"expert_id": expert_id, "identifiers": True, "dois": [], "harvest": True},
            subject=expert_id,
        )
        queued.append(job.id)
    return queued


def tell(store: GraphStore, dispatch: Dispatch, expert_id: str, count: int) -> int:
    """Write to the expert's accounts, through the outbox, that `count` new works wait, if an
    identifier they linked asks for it (their consent); how many mails."""
    repo = ImportRepository(store)
    if not any(i.notify for i in repo.identifiers(expert_id)):
        return 0
    _mailer, public_url, letters = jobs.mailing()
    name, addresses = repo.owner(expert_id)
    letter = letters.write(
        "works_found", None, {"name": name, "count": count, "link": f"{public_url}/me/imports"}
    )

    def write(tx: GraphStore) -> list[str]:
        outbox = OutboxRepository(tx)
        return [outbox.add(address, letter.subject, letter.body) for address in addresses]

    written = store.write(write)
    dispatch(written)
    return len(written)
