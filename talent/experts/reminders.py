"""The periodic freshness check: owners of profiles not confirmed for 12 months are reminded,
at most once a month, by a mail (talent/core/mails/freshness_reminder.txt)."""

from collections.abc import Callable

from graph import GraphStore
from talent.core.ids import now_ms
from talent.core.letters import Letters
from talent.core.mail import Mailer
from talent.experts import freshness
from talent.experts.repository import ExpertRepository

BATCH = 500
# Called with (done, total); False stops early (a cancelled job).
Progress = Callable[[int, int], bool]


def remind_stale(
    store: GraphStore,
    mailer: Mailer,
    *,
    public_url: str,
    progress: Progress | None = None,
    letters: Letters | None = None,
) -> dict[str, int]:
    """Mail every stale profile's owner and mark it reminded; returns how many were reminded
    and how many had no address to write to. The owner's language is not known: the mail is
    in Vietnamese, then English."""
    letters = letters or Letters()
    repo = ExpertRepository(store)
    now = now_ms()
    reminded = unreachable = 0
    while True:
        due = repo.due_reminders(
            stale_before=freshness.stale_before(now),
            remind_before=freshness.remind_before(now),
            limit=BATCH,
        )
        if not due:
            break
        for expert in due:
            addresses = expert.account_emails or expert.emails[:1]
            letter = letters.write(
                "freshness_reminder", None, {"name": expert.name, "link": f"{public_url}/me"}
            )
            for address in addresses:
                mailer.send(address, letter.subject, letter.body)
            if addresses:
                reminded += 1
            else:
                unreachable += 1
        repo.mark_reminded([expert.id for expert in due], now)
        done = reminded + unreachable
        if progress is not None and not progress(done, done):
            break
    return {"reminded": reminded, "unreachable": unreachable}
