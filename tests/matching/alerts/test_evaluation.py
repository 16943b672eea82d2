"""The evaluation in this process, on the run's graph: one killed after writing its alerts but
before committing leaves none, and the next makes each once; an evaluation that finds its
cursor gone looks at everything again and tells nobody twice; immediate mail written with the
alerts; a day's alerts gathered into one digest, with a link that stops alert mail."""

from typing import Any

import httpx
import pytest

from api.mailer import mail_letters
from graph.neo4j_store import Neo4jStore
from matching.alerts.evaluate import CURSOR, evaluate
from matching.cache import IndexCache
from talent.accounts.models import Role
from talent.alerts.delivery import DAY_MS, digests
from talent.alerts.mail import Mailing, account_of, unsubscribe_token
from talent.alerts.models import AlertPrefs, Delivery, Watch, WatchKind
from talent.alerts.repository import AlertRepository
from talent.core.ids import now_ms
from talent.outbox.repository import OutboxRepository
from tests.accounts import SignIn
from tests.matching.helpers import API, expert, programme_with_roles

IC = [{"skill_id": "ic-design", "weight": 1, "min_level": 3, "must": True}]
MAILING = Mailing("https://talent.example.vn", mail_letters(), "a key for tests only")


class Killed(Exception):
    pass


def _lead_with_watch(client: httpx.Client, as_role: SignIn) -> tuple[httpx.Client, str, str]:
    lead = as_role(Role.PROGRAMME_LEAD)
    body = {"kind": "chief_engineer", "title": "Kỹ sư trưởng vi mạch", "requirements": IC}
    role_id = programme_with_roles(lead, "Vi mạch", [body])[1][0]
    assert lead.put(f"{API}/roles/{role_id}/watch", json={"k": 3}).status_code == 200
    account = lead.get(f"{API}/auth/me").json()["id"]
    return lead, role_id, account


def _newcomers(client: httpx.Client, *names: str) -> list[str]:
    return [
        expert(client, full_name=name, skills=[{"skill_id": "ic-design", "level": 5}])
        for name in names
    ]


def _alerts(store: Neo4jStore, account: str) -> list[Any]:
    return AlertRepository(store).alerts_of(account, before=None, limit=100)


def test_an_evaluation_killed_before_it_commits_leaves_nothing_and_the_next_tells_once(
    client: httpx.Client, store: Neo4jStore, as_role: SignIn
) -> None:
    cache = IndexCache(store)
    _, _, account = _lead_with_watch(client, as_role)
    evaluate(store, cache)  # the watch's first look: its top k as it stands
    (newcomer,) = _newcomers(client, "Lê Thị Mới")

    def kill(_: str, text: str, __: int) -> None:
        if "LogCursor" in text and "SET c.marks" in text:
            raise Killed  # after the alerts were written, before the commit

    store.fault = kill
    with pytest.raises(Killed):
        evaluate(store, cache)
    store.fault = None
    assert _alerts(store, account) == []
    done = evaluate(store, cache)
    assert len(done.made) == 1
    assert [(a.reason, a.expert_id) for a in _alerts(store, account)] == [("entered_top", newcomer)]
    # The cursor lost (a store refilled, records trimmed): everything is looked at again.
    AlertRepository(store).move_cursor(CURSOR, [0], [""])
    assert evaluate(store, cache).made == []
    assert len(_alerts(store, account)) == 1
    # A watch whose remembered top lost her (as if its state had not been written with its
    # alerts): she enters again, and the alert's key keeps it to one.
    repo = AlertRepository(store)
    ((watch, _),) = repo.all_watches()
    repo.set_states({watch.id: {"top": []}})
    AlertRepository(store).move_cursor(CURSOR, [0], [""])
    assert evaluate(store, cache).made == []
    assert [(a.reason, a.expert_id) for a in _alerts(store, account)] == [("entered_top", newcomer)]


def test_immediate_mail_goes_with_the_alerts_and_a_digest_gathers_a_day(
    client: httpx.Client, store: Neo4jStore, as_role: SignIn
) -> None:
    cache = IndexCache(store)
    lead, role_id, account = _lead_with_watch(client, as_role)
    evaluate(store, cache)
    chosen = lead.put(f"{API}/alert-preferences", json={"delivery": "immediate", "language": "vi"})
    assert chosen.status_code == 200, chosen.text
    outbox = OutboxRepository(store)
    pending = outbox.count_pending()
    _newcomers(client, "Trần Văn Một")
    done = evaluate(store, cache, mailing=MAILING)
    (mail_id,) = done.mails
    mail = outbox.get(mail_id)
    assert mail is not None
    assert (
        mail.subject
        == "Trần Văn Một hiện nằm trong số ứng viên hàng đầu của “Kỹ sư trưởng vi mạch” (Vi mạch)."
    )
    assert outbox.count_pending() == pending + 1

    # A daily digest: two alerts of one day in one mail, the day after the choice.
    lead.put(f"{API}/alert-preferences", json={"delivery": "daily", "language": "vi"})
    _newcomers(client, "Phạm Văn Hai", "Ngô Thị Ba")
    assert evaluate(store, cache, mailing=MAILING).mails == []
    assert digests(store, MAILING) == []  # the day has not passed
    (digest_id,) = digests(store, MAILING, now=now_ms() + DAY_MS + 1)
    digest = outbox.get(digest_id)
    assert digest is not None
    assert digest.subject == "2 thông báo mới từ talentgraph"
    assert "Phạm Văn Hai" in digest.body
    assert "Ngô Thị Ba" in digest.body
    assert f"https://talent.example.vn/roles/{role_id}/matches" in digest.body
    assert digests(store, MAILING, now=now_ms() + DAY_MS + 2) == []  # nothing left to send

    # The mail's link stops alert mail with one click, for that account alone.
    token = unsubscribe_token(MAILING.key, account)
    assert f"/alerts/unsubscribe?token={token}" in digest.body
    assert account_of(MAILING.key, token) == account
    assert account_of(MAILING.key, token.replace(account, "someone-else")) is None
    assert account_of("another key", token) is None
    assert AlertRepository(store).prefs(account) == AlertPrefs(delivery=Delivery.DAILY)


def test_nobody_is_told_of_a_role_no_longer_theirs(
    client: httpx.Client, store: Neo4jStore, as_role: SignIn
) -> None:
    """A lead whose account was closed: the newcomer makes no alert, and the watch goes."""
    cache = IndexCache(store)
    _, role_id, account = _lead_with_watch(client, as_role)
    evaluate(store, cache)
    closed = client.post(f"{API}/accounts/{account}/deactivate")
    assert closed.status_code == 200, closed.text
    _newcomers(client, "Lê Thị Mới")
    assert evaluate(store, cache).made == []
    assert _alerts(store, account) == []
    assert AlertRepository(store).all_watches() == []
    # A watch of a role of a programme its owner does not lead (planted in the graph, as if
    # the programme had changed hands): told nothing, removed.
    other = as_role(Role.PROGRAMME_LEAD)
    other_id = other.get(f"{API}/auth/me").json()["id"]
    planted = Watch(
        id="w-planted",
        key=f"{other_id}|role|{role_id}",
        kind=WatchKind.ROLE,
        owner=other_id,
        target=role_id,
        k=3,
        created_at=now_ms(),
    )
    AlertRepository(store).put_watch(planted)
    expert(client, full_name="Không Liên Quan")  # a change, for the watch's first look
    evaluate(store, cache)
    _newcomers(client, "Trần Văn Sau")
    assert evaluate(store, cache).made == []
    assert _alerts(store, other_id) == []
    assert AlertRepository(store).all_watches() == []
