"""Watches tested against the change log: each evaluation reads the changes after its cursor,
tests them against the watches they can affect (roles' tops, which the worker keeps between
evaluations; saved searches; technology groups; the open roles an expert asked about), and
writes the alerts they make (once per watch, expert and reason: MERGEd on that key), the
watches' remembered state and the cursor, in one transaction; an evaluation killed mid-way
leaves nothing, and the next one does it again."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from graph import GraphStore
from matching.alerts.groups import evaluate_groups
from matching.alerts.made import State, Touched, told
from matching.alerts.searches import Resolved, Saved, evaluate_searches
from matching.alerts.tops import RoleTops
from matching.cache import IndexCache
from matching.index import MatchIndex
from talent.alerts.delivery import immediate
from talent.alerts.mail import Mailing
from talent.alerts.models import Alert, Reason, Watch, WatchKind
from talent.alerts.repository import AlertRepository
from talent.core.changes import EXPERT, PROGRAMME, ROLE, WORK
from talent.core.ids import new_id
from talent.core.repository import Batch, ChangeRepository, since_cursor
from talent.experts.models import ExpertStatus
from talent.snapshot.repository import SnapshotRepository

CURSOR = "alerts"


@dataclass(slots=True)
class Memory:
    """What a worker keeps between its evaluations; lost with the process (the next evaluation
    ranks each role whole, reads each saved search and resolves its skills, once again)."""

    tops: RoleTops = field(default_factory=RoleTops)
    skills: Resolved = field(default_factory=Resolved)
    searches: Saved = field(default_factory=Saved)


@dataclass(slots=True)
class Evaluated:
    """What one evaluation did: the alerts it made (ids), how many roles it ranked."""

    made: list[str] = field(default_factory=list)
    mails: list[str] = field(default_factory=list)
    ranked: int = 0
    changes: int = 0


def touched(store: GraphStore, batch: Batch, repo: AlertRepository) -> Touched:
    experts = {c.ref for c in batch.changes if c.entity == EXPERT}
    works = sorted({c.ref for c in batch.changes if c.entity == WORK})
    experts |= SnapshotRepository(store).authors_of(works)
    roles = {c.ref for c in batch.changes if c.entity == ROLE}
    programmes = sorted({c.ref for c in batch.changes if c.entity == PROGRAMME})
    roles |= set(repo.roles_of_programmes(programmes))
    return Touched(frozenset(experts), frozenset(roles), batch.gap)


class _Rankings:
    """Each role's top looked up at most once per evaluation, from the worker's remembered
    tops brought up to date with the experts this batch changed."""

    def __init__(
        self, store: GraphStore, index: MatchIndex, tops: RoleTops, found: Touched, today: date
    ) -> None:
        self.store, self.index, self.tops, self.today = store, index, tops, today
        self.changed = found.experts
        self.orders: dict[str, list[str] | None] = {}

    def top(self, role_id: str, k: int) -> list[str] | None:
        """The role's top k expert ids; None when the role is gone."""
        if role_id not in self.orders:
            self.orders[role_id] = self.tops.top(
                self.store, self.index, role_id, self.changed, self.today
            )
        order = self.orders[role_id]
        return None if order is None else order[:k]


def _role_watch(
    watch: Watch, state: State | None, found: Touched, rankings: _Rankings
) -> tuple[list[tuple[str, Alert]], State | None]:
    """Who entered the role's top k since the last evaluation (nobody, at the first)."""
    before = set(state["top"]) if state and "top" in state else None
    affected = (
        found.everything or state is None or watch.target in found.roles or bool(found.experts)
    )
    if not affected:
        return [], None
    top = rankings.top(watch.target, watch.k)
    if top is None:
        return [], None
    made = []
    if before is not None:
        for rank, expert_id in enumerate(top, start=1):
            if expert_id not in before:
                made.append(
                    told(watch, Reason.ENTERED_TOP, expert_id, role_id=watch.target, rank=rank)
                )
    return made, {**(state or {}), "top": top}


def _roles(
    watches: list[tuple[Watch, State | None]],
    found: Touched,
    rankings: _Rankings,
    states: dict[str, State],
) -> tuple[list[tuple[str, Alert]], list[str]]:
    """The role watches' alerts, and the watches whose role is gone (removed with it)."""
    made: list[tuple[str, Alert]] = []
    gone = []
    for watch, state in watches:
        alerts, after = _role_watch(watch, state, found, rankings)
        made += alerts
        if after is not None:
            states[watch.id] = after
        elif rankings.orders.get(watch.target, ()) is None:
            gone.append(watch.id)
    return made, gone


def _shortlists(
    watches: list[tuple[Watch, State | None]],
    states: dict[str, State],
    repo: AlertRepository,
) -> list[tuple[str, Alert]]:
    """A shortlisted expert who withdrew, or whose availability changed since the watch last
    looked (or since they were shortlisted), told to whoever watches the role."""
    by_role: dict[str, list[Watch]] = defaultdict(list)
    for watch, state in watches:
        by_role[watch.target].append(watch)
        states.setdefault(watch.id, dict(state or {}))
    made = []
    for s in repo.shortlists(sorted(by_role)):
        for watch in by_role[s.role_id]:
            state = states[watch.id]
            known: dict[str, str] = dict(state.get("shortlist", {}))
            before = known.get(s.expert_id, s.when_shortlisted)
            now = s.available_when
            if s.status == ExpertStatus.WITHDRAWN:
                made.append(told(watch, Reason.WITHDREW, s.expert_id, role_id=s.role_id))
            elif before is not None and before != now:
                made.append(
                    told(
                        watch,
                        Reason.AVAILABILITY,
                        s.expert_id,
                        once_per=f"{Reason.AVAILABILITY}:{now}",
                        role_id=s.role_id,
                        available_from=s.available_from,
                        available_until=s.available_until,
                    )
                )
            known[s.expert_id] = now
            state["shortlist"] = known
    return made


def _open_roles(
    watches: list[tuple[Watch, State | None]],
    found: Touched,
    repo: AlertRepository,
    rankings: _Rankings,
) -> list[tuple[str, Alert]]:
    """Open roles whose top k now holds an expert who asked to hear of them."""
    if not watches:
        return []
    experts = {w.target for w, _ in watches}
    open_roles = repo.open_roles()
    if found.everything or any(s is None for _, s in watches) or experts & found.experts:
        roles: Iterable[str] = open_roles
    else:
        roles = sorted(found.roles & set(open_roles))
    made = []
    for role_id in roles:
        for watch, _ in watches:
            top = rankings.top(role_id, watch.k)
            if top and watch.target in top:
                once = f"{Reason.ROLE_FITS}:{role_id}"
                made.append(
                    told(watch, Reason.ROLE_FITS, watch.target, once_per=once, role_id=role_id)
                )
    return made


def _add(
    repo: AlertRepository,
    made: list[tuple[str, Alert]],
    watched: dict[str, Watch],
    gone: list[str],
) -> list[str]:
    """The alerts written (the ids of those new), but for watches whose owner may no longer
    hold them (a role now led by another, an account closed): those join `gone`."""
    telling = {a.watch_id: watched[a.watch_id] for _, a in made}
    kept = repo.entitled(list(telling.values()))
    gone += [i for i in telling if i not in kept]
    return repo.add_alerts([(key, a) for key, a in made if a.watch_id in kept], tick=new_id())


def evaluate(
    store: GraphStore,
    cache: IndexCache,
    *,
    mailing: Mailing | None = None,
    today: date | None = None,
    memory: Memory | None = None,
) -> Evaluated:
    """One evaluation: the changes after the cursor against the watches they can affect; the
    mails of those who chose immediate delivery written to the outbox with the alerts.
    `memory`: what the worker kept from its earlier evaluations (none: each role ranked whole)."""
    held = memory if memory is not None else Memory()
    remembered = held.tops

    def work(tx: GraphStore) -> Evaluated:
        repo = AlertRepository(tx)
        known = repo.lock_cursor(CURSOR)
        batch = since_cursor(ChangeRepository(tx), known)
        if known is not None and not batch.moved:
            return Evaluated()
        found = touched(tx, batch, repo)
        if found.everything:
            remembered.tops.clear()
        roles_changed = sorted(found.roles)
        remembered.forget(repo.programmes_of_roles(roles_changed), roles_changed)
        rankings = _Rankings(tx, cache.current(), remembered, found, today or date.today())
        by_kind: dict[WatchKind, list[tuple[Watch, State | None]]] = defaultdict(list)
        before: dict[str, State | None] = {}
        watched: dict[str, Watch] = {}
        for watch, state in repo.all_watches():
            by_kind[watch.kind].append((watch, state))
            before[watch.id], watched[watch.id] = state, watch
        states: dict[str, State] = {}
        made, gone = _roles(by_kind[WatchKind.ROLE], found, rankings, states)
        made += _shortlists(by_kind[WatchKind.ROLE], states, repo)
        opted = by_kind[WatchKind.OPEN_ROLES]
        made += _open_roles(opted, found, repo, rankings)
        states |= {w.id: {**(s or {}), "seen": True} for w, s in opted if s is None}
        if by_kind[WatchKind.GROUP] or by_kind[WatchKind.SEARCH]:
            index = cache.searching()
            made += evaluate_groups(tx, index, by_kind[WatchKind.GROUP], found, states)
            searches = by_kind[WatchKind.SEARCH]
            saved = held.searches.of(tx, {w.target for w, _ in searches})
            made += evaluate_searches(index, searches, saved, found, states, held.skills)
            gone += [w.id for w, _ in searches if w.target not in saved]
        ids = _add(repo, made, watched, gone)
        # Only the states that moved are written (a role's top mostly stays as it was).
        repo.set_states(
            {i: state for i, state in states.items() if i not in gone and state != before[i]}
        )
        repo.delete_watches(gone)
        mails = immediate(tx, mailing, ids) if mailing is not None and ids else []
        repo.move_cursor(CURSOR, batch.marks, batch.epochs)
        return Evaluated(ids, mails, ranked=len(rankings.orders), changes=len(batch.changes))

    return store.write(work)
