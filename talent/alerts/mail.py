"""Alert mail: each alert as a sentence in its person's language, at once or gathered into a
digest, written to the outbox in the transaction that marks the alerts mailed; every mail
carries a link that stops alert mail with one click, signed so that no one can stop another's."""

import hashlib
import hmac
from dataclasses import dataclass
from urllib.parse import quote

from graph import GraphStore
from talent.accounts.repository import AccountRepository
from talent.alerts.models import Alert, AlertPrefs, Reason
from talent.alerts.repository import AlertRepository
from talent.alerts.service import AlertView, shown
from talent.core.errors import NotFound
from talent.core.ids import now_ms
from talent.core.letters import Letters
from talent.outbox.repository import OutboxRepository


@dataclass(frozen=True, slots=True)
class Mailing:
    """What alert mail needs from the composition root: the site's address, the mails' words,
    and the key that signs unsubscribe links."""

    public_url: str
    letters: Letters
    key: str


def unsubscribe_token(key: str, account_id: str) -> str:
    mac = hmac.new(key.encode(), f"unsubscribe:{account_id}".encode(), hashlib.sha256)
    return f"{account_id}.{mac.hexdigest()}"


def account_of(key: str, token: str) -> str | None:
    """The account an unsubscribe token was made for, or None when it is not one of ours."""
    account_id, _, _ = token.rpartition(".")
    if not account_id or not hmac.compare_digest(unsubscribe_token(key, account_id), token):
        return None
    return account_id


def queue(
    store: GraphStore,
    mailing: Mailing,
    account_id: str,
    alerts: list[Alert],
    prefs: AlertPrefs,
    *,
    digest: bool,
) -> str | None:
    """The account's alerts as one mail in the outbox, and marked mailed; None (and nothing
    mailed) when none is still to be shown or the account is gone."""
    repo = AlertRepository(store)
    try:
        account = AccountRepository(store).get(account_id)
    except NotFound:
        return None
    views = shown(store, alerts)
    if not views or not account.active:
        repo.mark_mailed([a.id for a in alerts], now_ms())
        return None
    base = mailing.public_url
    vi = prefs.language == "vi"
    items = [
        {
            "reason": v.alert.reason.value,
            "role": v.role_title,
            "programme": v.programme_name,
            "group": (v.group_name_vi if vi else "") or v.group_name,
            "search": v.search_name,
            "expert": v.expert_name or "",
            "leading": v.alert.details.get("leading", 0),
            "demand": v.alert.details.get("demand", 0),
            "link": _link(base, v),
        }
        for v in views
    ]
    token = quote(unsubscribe_token(mailing.key, account_id))
    context = {
        "name": account.name,
        "items": items,
        "digest": digest,
        "alerts_link": f"{base}/alerts",
        "unsubscribe_link": f"{base}/alerts/unsubscribe?token={token}",
    }
    letter = mailing.letters.write("alerts", prefs.language, context)
    mail_id = OutboxRepository(store).add(account.email, letter.subject, letter.body)
    repo.mark_mailed([a.id for a in alerts], now_ms())
    return mail_id


def _link(base: str, view: AlertView) -> str:
    a = view.alert
    if a.search_id:
        return f"{base}/searches/{quote(a.search_id)}"
    if a.group_id:
        return f"{base}/insights/capability"
    if a.reason is Reason.ROLE_FITS:
        return f"{base}/alerts"
    return f"{base}/roles/{quote(a.role_id)}/matches"
