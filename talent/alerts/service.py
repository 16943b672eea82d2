"""Watches made and removed by their owners, alerts read and marked read, and how each person
wants to be told; alerts shown with the names they are about, as they are now."""

from dataclasses import dataclass

from pydantic import BaseModel, Field

from graph import GraphStore
from talent.accounts.models import AccountRead
from talent.alerts.models import (
    Alert,
    AlertPrefs,
    Delivery,
    Reason,
    Watch,
    WatchKind,
    WatchRequest,
)
from talent.alerts.repository import AlertRepository
from talent.core.errors import Conflict
from talent.core.ids import new_id, now_ms
from talent.experts.models import ExpertStatus
from talent.experts.repository import ExpertRepository
from talent.resources.catalog import ROLE
from talent.resources.repository import ResourceRepository

PAGE = 50


def _key(owner: str, kind: WatchKind, target: str) -> str:
    return f"{owner}|{kind.value}|{target}"


def _put(store: GraphStore, account: AccountRead, kind: WatchKind, target: str, k: int) -> Watch:
    watch = Watch(
        id=new_id(),
        key=_key(account.id, kind, target),
        kind=kind,
        owner=account.id,
        target=target,
        k=k,
        created_at=now_ms(),
    )
    return AlertRepository(store).put_watch(watch)


def watch_role(
    store: GraphStore, account: AccountRead, role_id: str, request: WatchRequest
) -> Watch:
    """The caller watches the role (its lead, by the access rules): told when an expert
    enters its top k, or a shortlisted one withdraws or changes availability."""
    ResourceRepository(store, ROLE).get(role_id)
    return _put(store, account, WatchKind.ROLE, role_id, request.k)


def watch_open_roles(
    store: GraphStore, account: AccountRead, expert_id: str, request: WatchRequest
) -> Watch:
    """The expert asks to hear of open roles whose top k they enter; refused (409) while they
    do not let themselves be proposed for roles."""
    expert = ExpertRepository(store).get(expert_id)
    if not expert.consent.match:
        raise Conflict(
            "roles only rank experts who let themselves be proposed: allow it first",
            fields={"consent.match": "false"},
        )
    return _put(store, account, WatchKind.OPEN_ROLES, expert_id, request.k)


def unwatch(store: GraphStore, account: AccountRead, kind: WatchKind, target: str) -> Watch | None:
    """The caller's watch removed; none, when there was none (a second click, a reload)."""
    return AlertRepository(store).delete_watch(_key(account.id, kind, target))


def watch_of(store: GraphStore, account: AccountRead, kind: WatchKind, target: str) -> Watch | None:
    return AlertRepository(store).watch(_key(account.id, kind, target))


def watches(store: GraphStore, account: AccountRead) -> list[Watch]:
    return AlertRepository(store).watches_of(account.id)


class WatchView(BaseModel):
    watch: Watch
    role_title: str | None = None  # a role's; none for an expert's open roles


def watched(store: GraphStore, account: AccountRead) -> list[WatchView]:
    """The caller's watches, each role named."""
    found = watches(store, account)
    roles, _ = AlertRepository(store).described(
        {w.target for w in found if w.kind is WatchKind.ROLE}, set()
    )
    return [
        WatchView(watch=w, role_title=roles[w.target][0] if w.target in roles else None)
        for w in found
        if w.kind is WatchKind.OPEN_ROLES or w.target in roles
    ]


class AlertView(BaseModel):
    """An alert as its person reads it; `expert_name` only in a lead's (an expert's own alert
    names no one)."""

    alert: Alert
    role_title: str
    programme_id: str
    programme_name: str
    expert_name: str | None = Field(default=None)


class AlertPage(BaseModel):
    items: list[AlertView]
    unread: int
    next_before: int | None = Field(description="pass as `before` for the page after this")


def shown(store: GraphStore, alerts: list[Alert]) -> list[AlertView]:
    """The alerts with their names as they are now. One about an expert who has since left
    the database is no longer shown, but for the one that says they left."""
    roles, experts = AlertRepository(store).described(
        {a.role_id for a in alerts}, {a.expert_id for a in alerts if a.kind is WatchKind.ROLE}
    )
    views = []
    for a in alerts:
        if a.role_id not in roles:
            continue  # the role was deleted
        title, programme_id, programme_name = roles[a.role_id]
        name: str | None = None
        if a.kind is WatchKind.ROLE:
            name, status = experts.get(a.expert_id, ("", ""))
            if status == ExpertStatus.WITHDRAWN and a.reason is not Reason.WITHDREW:
                continue
        views.append(
            AlertView(
                alert=a,
                role_title=title,
                programme_id=programme_id,
                programme_name=programme_name,
                expert_name=name,
            )
        )
    return views


def alert_page(
    store: GraphStore, account: AccountRead, *, before: int | None, unread: bool = False
) -> AlertPage:
    repo = AlertRepository(store)
    found = repo.alerts_of(account.id, before=before, limit=PAGE, unread=unread)
    last = found[-1].at if len(found) == PAGE else None
    return AlertPage(items=shown(store, found), unread=repo.unread(account.id), next_before=last)


def unread_count(store: GraphStore, account: AccountRead) -> int:
    return AlertRepository(store).unread(account.id)


def mark_read(store: GraphStore, account: AccountRead, ids: list[str] | None) -> int:
    """The caller's alerts named (every one, for None) read; others' ids are passed over."""
    return AlertRepository(store).mark_read(account.id, ids)


def prefs(store: GraphStore, account: AccountRead) -> AlertPrefs:
    return prefs_of(store, account.id)


def prefs_of(store: GraphStore, account_id: str) -> AlertPrefs:
    return AlertRepository(store).prefs(account_id)


def set_prefs(store: GraphStore, account: AccountRead, chosen: AlertPrefs) -> AlertPrefs:
    """The caller's choice. Mail starts from the alerts made after it: those before are marked
    as handled for mail, and a digest's period starts now."""

    def work(tx: GraphStore) -> AlertPrefs:
        repo = AlertRepository(tx)
        at = now_ms()
        before = repo.prefs(account.id)
        if chosen.delivery is not before.delivery:
            repo.mark_mailed([a.id for a in repo.unmailed(account.id, at)], at)
            repo.put_prefs(account.id, chosen, digest_at=at)
        else:
            repo.put_prefs(account.id, chosen)
        return chosen

    return store.write(work)


@dataclass(frozen=True, slots=True)
class Unsubscribed:
    account: str
    delivery: Delivery


def stop_mail(store: GraphStore, account_id: str) -> Unsubscribed:
    """No more alert mail for the account (its alerts stay in the app)."""
    repo = AlertRepository(store)
    chosen = repo.prefs(account_id).model_copy(update={"delivery": Delivery.APP})
    repo.put_prefs(account_id, chosen)
    return Unsubscribed(account_id, Delivery.APP)
