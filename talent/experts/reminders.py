"""The periodic freshness check: owners of profiles not confirmed for 12 months are reminded,
at most once a month, by e-mail."""

from graph import GraphStore
from graph.queries import experts as q
from talent.core.ids import now_ms
from talent.core.mail import Mailer
from talent.experts import freshness
from talent.jobs.model import Progress

BATCH = 500


def remind_stale(
    store: GraphStore, mailer: Mailer, *, public_url: str, progress: Progress | None = None
) -> dict[str, int]:
    """Mail every stale profile's owner and mark it reminded; returns how many were reminded
    and how many had no address to write to."""
    now = now_ms()
    reminded = unreachable = 0
    while True:
        rows = store.run(
            q.due_reminders(freshness.stale_before(now), freshness.remind_before(now), BATCH)
        )
        if not rows:
            break
        for row in rows:
            addresses = row["accounts"] or (row["emails"] or [])[:1]
            for address in addresses:
                mailer.send(
                    address,
                    "Is your expert profile still current?",
                    f"Dear {row['name']},\n\nYour profile has not been confirmed for a year. "
                    f"Please sign in at {public_url} and confirm or update it, so that "
                    "programmes see you as you are today.\n",
                )
            if addresses:
                reminded += 1
            else:
                unreachable += 1
        store.run(q.mark_reminded([row["id"] for row in rows], now))
        done = reminded + unreachable
        if progress is not None and not progress(done, done):
            break
    return {"reminded": reminded, "unreachable": unreachable}
