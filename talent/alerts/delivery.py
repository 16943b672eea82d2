"""When alert mail goes: at once, for those who chose it, in the transaction that makes the
alerts; or in a digest, a day or a week after the last one, for those who chose that."""

from collections import defaultdict

from graph import GraphStore
from talent.alerts.mail import Mailing, queue
from talent.alerts.models import Delivery
from talent.alerts.repository import AlertRepository
from talent.core.ids import now_ms

DAY_MS = 24 * 3600 * 1000
PERIOD_MS = {Delivery.DAILY: DAY_MS, Delivery.WEEKLY: 7 * DAY_MS}


def immediate(tx: GraphStore, mailing: Mailing, made: list[str]) -> list[str]:
    """One mail per account that chose immediate delivery, for the alerts just made (in the
    caller's transaction); the mails' ids."""
    repo = AlertRepository(tx)
    by_account = defaultdict(list)
    for alert in repo.alerts(made):
        by_account[alert.account].append(alert)
    mails = []
    for account, alerts in sorted(by_account.items()):
        prefs = repo.prefs(account)
        if prefs.delivery is Delivery.IMMEDIATE:
            mail = queue(tx, mailing, account, alerts, prefs, digest=False)
            if mail is not None:
                mails.append(mail)
    return mails


def digests(store: GraphStore, mailing: Mailing, *, now: int | None = None) -> list[str]:
    """A digest for each account whose day or week since the last one is over and who has
    alerts not yet mailed, each in its own transaction with its mark; the mails' ids."""
    at = now or now_ms()
    mails = []
    for delivery, period in PERIOD_MS.items():
        for account, _ in AlertRepository(store).digests_due([delivery.value], at - period):

            def work(tx: GraphStore, account: str = account) -> str | None:
                repo = AlertRepository(tx)
                prefs = repo.prefs(account)
                if prefs.delivery not in PERIOD_MS:
                    return None  # changed meanwhile
                alerts = repo.unmailed(account, at)
                mail = queue(tx, mailing, account, alerts, prefs, digest=True)
                repo.put_prefs(account, prefs, digest_at=at)
                return mail

            mail = store.write(work)
            if mail is not None:
                mails.append(mail)
    return mails
