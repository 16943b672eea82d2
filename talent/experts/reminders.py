"""The periodic freshness check: owners of profiles not confirmed for 12 months are reminded,
at most once a month, by e-mail."""

from collections.abc import Callable

from graph import GraphStore
from talent.core.ids import now_ms
from talent.core.mail import Mailer
from talent.experts import freshness
from talent.experts.repository import ExpertRepository

BATCH = 500
# Vietnamese first, then English, as every mail the service sends.
SUBJECT = "Hồ sơ chuyên gia của bạn còn đúng không? · Is your expert profile still current?"
# Called with (done, total); False stops early (a cancelled job).
Progress = Callable[[int, int], bool]


def remind_stale(
    store: GraphStore, mailer: Mailer, *, public_url: str, progress: Progress | None = None
) -> dict[str, int]:
    """Mail every stale profile's owner and mark it reminded; returns how many were reminded
    and how many had no address to write to."""
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
            for address in addresses:
                mailer.send(address, SUBJECT, _body(expert.name, public_url))
            if addresses:
                reminded += 1
            else:
                unreachable += 1
        repo.mark_reminded([expert.id for expert in due], now)
        done = reminded + unreachable
        if progress is not None and not progress(done, done):
            break
    return {"reminded": reminded, "unreachable": unreachable}


def _body(name: str, public_url: str) -> str:
    return (
        f"Kính gửi {name},\n\nHồ sơ của bạn đã một năm chưa được xác nhận. Hãy đăng nhập tại "
        f"{public_url}/me và xác nhận hoặc cập nhật hồ sơ, để các chương trình thấy đúng bạn "
        "hôm nay.\n\n"
        "---\n\n"
        f"Dear {name},\n\nYour profile has not been confirmed for a year. Please sign in at "
        f"{public_url}/me and confirm or update it, so that programmes see you as you are "
        "today.\n"
    )
