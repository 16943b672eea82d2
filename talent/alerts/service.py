"""Watches made and removed by their owners, alerts read and marked read, and how each person
wants to be told; alerts shown with the names they are about, as they are now."""

from dataclasses import dataclass

from pydantic import BaseModel, Field

from graph import GraphStore
from talent.accounts.models import AccountRead
from talent.alerts.models import (
    DEFAULT_K,
    Alert,
    AlertPrefs,
    Delivery,
    Reason,
    Watch,
    WatchKind,
    WatchRequest,
)
from talent.alerts.repository import AlertRepository
from talent.core.errors import Conflict, NotFound
from talent.core.ids import new_id, now_ms
from talent.experts.repository import ExpertRepository
from talent.insights.repository import InsightsRepository
from talent.resources.catalog import ROLE
from talent.resources.repository import ResourceRepository
from talent.search.repository import SavedSearchRepository

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


def watch_group(store: GraphStore, account: AccountRead, group_id: str) -> Watch:
    """The caller (ministry staff) is told when an expert joins or leaves the group's leading
    experts, as the capability map counts them, and when its open roles' demand comes to
    exceed them."""
    if group_id not in InsightsRepository(store).current_groups():
        raise NotFound(f"no technology group '{group_id}'", fields={"id": group_id})
    return _put(store, account, WatchKind.GROUP, group_id, DEFAULT_K)


def _own_search(store: GraphStore, account: AccountRead, saved_id: str) -> None:
    if SavedSearchRepository(store).get(saved_id, account.id) is None:
        # Another's saved search is not the caller's to know of.
        raise NotFound(f"no saved search '{saved_id}'", fields={"id": saved_id})


def watch_search(
    store: GraphStore, account: AccountRead, saved_id: str, request: WatchRequest
) -> Watch:
    """The caller is told when an expert enters the first k results of their saved search."""
    _own_search(store, account, saved_id)
    return _put(store, account, WatchKind.SEARCH, saved_id, request.k)


def unwatch_search(store: GraphStore, account: AccountRead, saved_id: str) -> Watch | None:
    """The caller's watch of their saved search removed (404 for a search not theirs)."""
    _own_search(store, account, saved_id)
    return unwatch(store, account, WatchKind.SEARCH, saved_id)


def unwatch(store: GraphStore, account: AccountRead, kind: WatchKind, target: str) -> Watch | None:
    """The caller's watch removed; none, when there was none (a second click, a reload)."""
    return AlertRepository(store).delete_watch(_key(account.id, kind, target))


def watch_of(store: GraphStore, account: AccountRead, kind: WatchKind, target: str) -> Watch | None:
    return AlertRepository(store).watch(_key(account.id, kind, target))


def watches(store: GraphStore, account: AccountRead) -> list[Watch]:
    return AlertRepository(store).watches_of(account.id)


class WatchView(BaseModel):
    watch: Watch
    role_title: str | None = None  # a role's
    group_no: int = 0  # a group's
    group_name: str = ""
    group_name_vi: str = ""
    search_name: str = ""  # a saved search's


def watched(store: GraphStore, account: AccountRead) -> list[WatchView]:
    """The caller's watches, each named; those whose role, group or search is gone left out."""
    found = watches(store, account)
    kinds = {w.kind for w in found}
    roles, _ = AlertRepository(store).described(
        {w.target for w in found if w.kind is WatchKind.ROLE}, set()
    )
    groups = InsightsRepository(store).current_groups() if WatchKind.GROUP in kinds else {}
    searches = SavedSearchRepository(store).by_ids(
        sorted(w.target for w in found if w.kind is WatchKind.SEARCH)
    )
    views = []
    for w in found:
        view = WatchView(watch=w)
        if w.kind is WatchKind.ROLE:
            if w.target not in roles:
                continue
            view.role_title = roles[w.target][0]
        elif w.kind is WatchKind.GROUP:
            if w.target not in groups:
                continue
            g = groups[w.target]
            view.group_no, view.group_name, view.group_name_vi = g.no, g.name_en, g.name_vi
        elif w.kind is WatchKind.SEARCH:
            if w.target not in searches:
                continue
            view.search_name = searches[w.target].name
        views.append(view)
    return views


class AlertView(BaseModel):
    """An alert as its person reads it, with the names it is about as they are now:
    `expert_name` only where the reader may be told who (never in an expert's own alert)."""

    alert: Alert
    role_title: str = ""
    programme_id: str = ""
    programme_name: str = ""
    group_no: int = 0
    group_name: str = ""
    group_name_vi: str = ""
    search_name: str = ""
    expert_name: str | None = Field(default=None)


class AlertPage(BaseModel):
    items: list[AlertView]
    unread: int
    next_before: int | None = Field(description="pass as `before` for the page after this")


# The alerts that name the expert they are about to their reader.
NAMED = {Reason.ENTERED_TOP, Reason.AVAILABILITY, Reason.GROUP_JOINED, Reason.SEARCH_NEW}


def shown(store: GraphStore, alerts: list[Alert]) -> list[AlertView]:
    """The alerts with their names as they are now. One that names an expert who has since
    left the database or stopped letting themselves be proposed is no longer shown; the one
    that says a shortlisted expert left, or one left a group, names nobody."""
    repo = AlertRepository(store)
    roles, experts = repo.described(
        {a.role_id for a in alerts if a.role_id},
        {a.expert_id for a in alerts if a.reason in NAMED},
    )
    groups = InsightsRepository(store).current_groups() if any(a.group_id for a in alerts) else {}
    searches = SavedSearchRepository(store).by_ids(
        sorted({a.search_id for a in alerts if a.search_id})
    )
    views = []
    for a in alerts:
        view = AlertView(alert=a)
        if a.reason in NAMED:
            name, may = experts.get(a.expert_id, ("", False))
            if not may:
                continue
            view.expert_name = name
        if a.role_id:
            if a.role_id not in roles:
                continue  # the role was deleted
            view.role_title, view.programme_id, view.programme_name = roles[a.role_id]
        if a.group_id:
            group = groups.get(a.group_id)
            if group is None:
                continue  # a group of a decision no longer in force
            view.group_no, view.group_name, view.group_name_vi = (
                group.no,
                group.name_en,
                group.name_vi,
            )
        if a.search_id:
            if a.search_id not in searches:
                continue  # the saved search was deleted
            view.search_name = searches[a.search_id].name
        views.append(view)
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
