"""Watches, alerts and delivery choices in the graph; a watch's remembered state and an
alert's details are JSON text (graph properties are scalars)."""

import json
from dataclasses import asdict, dataclass
from typing import Any

from graph import GraphStore
from graph.queries import alerts as q
from graph.store import Row
from talent.alerts.models import Alert, AlertPrefs, Watch
from talent.core.ids import now_ms
from talent.experts.models import ExpertStatus


@dataclass(frozen=True, slots=True)
class SupplySeen:
    """What the alerts last saw of a group: its leading experts (or those of the experts
    asked about), how many, the demand of its open roles, and its shortages."""

    group: str
    count: int
    leading: frozenset[str]
    demand: int
    short: bool
    shortages: int


@dataclass(frozen=True, slots=True)
class SupplyMoved:
    group: str
    joined: list[str]
    left: list[str]
    demand: int
    short: bool
    shortages: int


@dataclass(frozen=True, slots=True)
class Shortlisted:
    role_id: str
    expert_id: str
    status: str
    available_from: str | None
    available_until: str | None
    when_shortlisted: str | None  # "from|until" as the decision found them

    @property
    def available_when(self) -> str:
        return f"{self.available_from or ''}|{self.available_until or ''}"


def _alert(props: Row) -> Alert:
    data = dict(props)
    data["details"] = json.loads(data.get("details") or "{}")
    return Alert.model_validate(data)


def _watch(props: Row) -> Watch:
    return Watch.model_validate({k: v for k, v in props.items() if k != "state"})


class AlertRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def put_watch(self, watch: Watch) -> Watch:
        rows = self.store.run(q.put_watch(watch.model_dump(mode="json")))
        return _watch(rows[0]["watch"])

    def watch(self, key: str) -> Watch | None:
        rows = self.store.run(q.watch(key))
        return _watch(rows[0]["watch"]) if rows else None

    def delete_watch(self, key: str) -> Watch | None:
        rows = self.store.run(q.delete_watch(key))
        return _watch(rows[0]["gone"]) if rows else None

    def entitled(self, watches: list[Watch]) -> set[str]:
        """The ids of those watches whose owner may still hold them (see the query)."""
        if not watches:
            return set()
        rows = [
            {"id": w.id, "owner": w.owner, "kind": w.kind.value, "target": w.target}
            for w in watches
        ]
        return set(self.store.run(q.entitled(rows))[0]["kept"])

    def delete_watches(self, ids: list[str]) -> None:
        if ids:
            self.store.run(q.delete_watches(ids))

    def watches_of(self, owner: str) -> list[Watch]:
        return [_watch(row["watch"]) for row in self.store.run(q.watches_of(owner))]

    def all_watches(self) -> list[tuple[Watch, dict[str, Any] | None]]:
        """Every watch with its remembered state (None before its first evaluation)."""
        found = []
        for row in self.store.run(q.all_watches()):
            props = row["watch"]
            state = json.loads(props["state"]) if props.get("state") else None
            found.append((_watch(props), state))
        return found

    def set_states(self, states: dict[str, dict[str, Any]]) -> None:
        if states:
            at = now_ms()
            rows = [
                {"id": i, "state": json.dumps(s, sort_keys=True), "at": at}
                for i, s in states.items()
            ]
            self.store.run(q.set_states(rows))

    def add_alerts(self, alerts: list[tuple[str, Alert]], tick: str) -> list[str]:
        """(key, alert) made unless the key is known; the ids of those made now."""
        if not alerts:
            return []
        rows = []
        for key, alert in alerts:
            props = alert.model_dump(mode="json", exclude_none=True)
            props["details"] = json.dumps(alert.details, sort_keys=True)
            rows.append({**props, "key": key})
        return list(self.store.run(q.add_alerts(rows, tick))[0]["made"])

    def alerts_of(
        self, account: str, *, before: int | None, limit: int, unread: bool = False
    ) -> list[Alert]:
        rows = self.store.run(q.alerts_of(account, before, limit, unread))
        return [_alert(row["alert"]) for row in rows]

    def alerts(self, ids: list[str]) -> list[Alert]:
        return [_alert(row["alert"]) for row in self.store.run(q.alerts_by_id(ids))]

    def unread(self, account: str) -> int:
        return int(self.store.run(q.unread(account))[0]["n"])

    def mark_read(self, account: str, ids: list[str] | None) -> int:
        return int(self.store.run(q.mark_read(account, ids, now_ms()))[0]["n"])

    def unmailed(self, account: str, upto: int) -> list[Alert]:
        return [_alert(row["alert"]) for row in self.store.run(q.unmailed(account, upto))]

    def mark_mailed(self, ids: list[str], at: int) -> None:
        if ids:
            self.store.run(q.mark_mailed(ids, at))

    def prefs(self, account: str) -> AlertPrefs:
        rows = self.store.run(q.prefs(account))
        if not rows:
            return AlertPrefs()
        props = rows[0]["prefs"]
        return AlertPrefs.model_validate(
            {k: props[k] for k in ("delivery", "language") if k in props}
        )

    def put_prefs(self, account: str, prefs: AlertPrefs, **system: object) -> None:
        self.store.run(q.put_prefs(account, {**prefs.model_dump(mode="json"), **system}))

    def digests_due(self, deliveries: list[str], before: int) -> list[tuple[str, str]]:
        rows = self.store.run(q.digest_due(deliveries, before))
        return [(str(r["account"]), str(r["delivery"])) for r in rows]

    def lock_cursor(self, name: str) -> tuple[list[int], list[str]] | None:
        [row] = self.store.run(q.lock_cursor(name))
        if row["marks"] is None:
            return None
        return [int(m) for m in row["marks"]], [str(e) for e in row["epochs"]]

    def move_cursor(self, name: str, marks: list[int], epochs: list[str]) -> None:
        self.store.run(q.move_cursor(name, marks, epochs))

    def shortlists(self, role_ids: list[str]) -> list[Shortlisted]:
        if not role_ids:
            return []
        [row] = self.store.run(q.shortlists(role_ids))
        return [Shortlisted(*r) for r in row["rows"]]

    def open_roles(self) -> list[str]:
        return sorted(self.store.run(q.open_role_ids())[0]["roles"])

    def roles_of_programmes(self, programme_ids: list[str]) -> list[str]:
        if not programme_ids:
            return []
        return sorted(self.store.run(q.roles_of_programmes(programme_ids))[0]["roles"])

    def supply_seen(self, groups: list[str], experts: list[str] | None) -> dict[str, SupplySeen]:
        rows = self.store.run(q.group_supply(groups, experts)) if groups else []
        return {
            r["group"]: SupplySeen(
                group=r["group"],
                count=int(r["count"]),
                leading=frozenset(r["leading"]),
                demand=int(r["demand"]),
                short=bool(r["short"]),
                shortages=int(r["shortages"]),
            )
            for r in rows
        }

    def move_supply(self, moved: list[SupplyMoved]) -> None:
        if moved:
            self.store.run(q.put_group_supply([asdict(m) for m in moved]))

    def programmes_of_roles(self, role_ids: list[str]) -> list[str]:
        if not role_ids:
            return []
        return sorted(self.store.run(q.programmes_of_roles(role_ids))[0]["programmes"])

    def described(
        self, role_ids: set[str], expert_ids: set[str]
    ) -> tuple[dict[str, tuple[str, str, str]], dict[str, tuple[str, bool]]]:
        """{role: (title, programme id, programme name)}, {expert: (name, may be named)}: an
        expert may be named while active and letting themselves be proposed."""
        if not role_ids and not expert_ids:
            return {}, {}
        [row] = self.store.run(q.described(sorted(role_ids), sorted(expert_ids)))
        roles = {r[0]: (r[1] or "", r[2], r[3] or "") for r in row["roles"]}
        experts = {
            e[0]: (e[1] or "", e[2] == ExpertStatus.ACTIVE and e[3] is not False)
            for e in row["experts"]
        }
        return roles, experts
