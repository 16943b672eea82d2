"""Watches, the alerts they produce, and how each person wants to be told."""

from typing import Any

from graph.queries import changes
from graph.query import Mode, Query


def put_watch(props: dict[str, Any]) -> Query:
    """The owner's watch of this kind and target, made or its `k` changed; its state kept."""
    text = (
        "MERGE (w:Watch {key: $props.key})\n"
        "ON CREATE SET w = $props\n"
        "ON MATCH SET w.k = $props.k\n"
        "RETURN properties(w) AS watch"
    )
    return Query(text, {"props": props}, Mode.WRITE)


def watch(key: str) -> Query:
    return Query("MATCH (w:Watch {key: $key})\nRETURN properties(w) AS watch", {"key": key})


def delete_watch(key: str) -> Query:
    text = "MATCH (w:Watch {key: $key})\nWITH w, properties(w) AS gone\nDELETE w\nRETURN gone"
    return Query(text, {"key": key}, Mode.WRITE)


def delete_watches(ids: list[str]) -> Query:
    text = "MATCH (w:Watch) WHERE w.id IN $ids\nDELETE w\nRETURN count(w) AS n"
    return Query(text, {"ids": ids}, Mode.WRITE)


def entitled(watches: list[dict[str, Any]]) -> Query:
    """[{id, owner, kind, target}]: the ids of the watches whose owner may still hold them: an
    active account; for a role, the lead of its programme; for a group, ministry staff; for an
    expert's open roles, that expert's own account; admins hold any."""
    text = (
        "UNWIND $watches AS w\n"
        "MATCH (a:Account {id: w.owner}) WHERE a.active\n"
        "  AND (a.role = 'admin'\n"
        "    OR w.kind = 'search'\n"
        "    OR (w.kind = 'group' AND a.role = 'ministry')\n"
        "    OR (w.kind = 'open_roles' AND a.expert_id = w.target)\n"
        "    OR (w.kind = 'role'\n"
        "        AND EXISTS { (a)-[:LEADS]->(:Programme)-[:HAS_ROLE]->(:Role {id: w.target}) }))\n"
        "RETURN collect(w.id) AS kept"
    )
    return Query(text, {"watches": watches})


def watches_of(owner: str) -> Query:
    text = (
        "MATCH (w:Watch {owner: $owner})\nRETURN properties(w) AS watch ORDER BY w.created_at, w.id"
    )
    return Query(text, {"owner": owner})


def all_watches() -> Query:
    return Query("MATCH (w:Watch)\nRETURN properties(w) AS watch ORDER BY w.id")


def set_states(states: list[dict[str, Any]]) -> Query:
    """[{id, state}]: each watch's remembered state (JSON text) after an evaluation."""
    text = (
        "UNWIND $states AS s\n"
        "MATCH (w:Watch {id: s.id})\n"
        "SET w.state = s.state, w.evaluated_at = coalesce(w.evaluated_at, s.at)\n"
        "RETURN count(w) AS n"
    )
    return Query(text, {"states": states}, Mode.WRITE)


def add_alerts(rows: list[dict[str, Any]], tick: str) -> Query:
    """Each alert made unless its key exists; the ids of those this call made."""
    text = (
        "UNWIND $rows AS row\n"
        "MERGE (a:Alert {key: row.key})\n"
        "ON CREATE SET a = row, a.tick = $tick\n"
        "WITH a WHERE a.tick = $tick\n"
        "RETURN collect(a.id) AS made"
    )
    return Query(text, {"rows": rows, "tick": tick}, Mode.WRITE)


def alerts_of(account: str, before: int | None, limit: int, unread: bool) -> Query:
    text = (
        "MATCH (a:Alert {account: $account})\n"
        "WHERE ($before IS NULL OR a.at < $before) AND (NOT $unread OR a.read_at IS NULL)\n"
        "RETURN properties(a) AS alert ORDER BY a.at DESC, a.id LIMIT $limit"
    )
    params = {"account": account, "before": before, "limit": limit, "unread": unread}
    return Query(text, params)


def unread(account: str) -> Query:
    text = "MATCH (a:Alert {account: $account}) WHERE a.read_at IS NULL\nRETURN count(a) AS n"
    return Query(text, {"account": account})


def mark_read(account: str, ids: list[str] | None, at: int) -> Query:
    """The account's alerts named (all, for None) marked read; how many were unread."""
    text = (
        "MATCH (a:Alert {account: $account})\n"
        "WHERE a.read_at IS NULL AND ($ids IS NULL OR a.id IN $ids)\n"
        "SET a.read_at = $at\n"
        "RETURN count(a) AS n"
    )
    return Query(text, {"account": account, "ids": ids, "at": at}, Mode.WRITE)


def alerts_by_id(ids: list[str]) -> Query:
    text = "MATCH (a:Alert) WHERE a.id IN $ids\nRETURN properties(a) AS alert ORDER BY a.at, a.id"
    return Query(text, {"ids": ids})


def unmailed(account: str, upto: int) -> Query:
    """The account's alerts not yet mailed, made up to `upto`, oldest first."""
    text = (
        "MATCH (a:Alert {account: $account})\n"
        "WHERE a.mailed_at IS NULL AND a.at <= $upto\n"
        "RETURN properties(a) AS alert ORDER BY a.at, a.id"
    )
    return Query(text, {"account": account, "upto": upto})


def mark_mailed(ids: list[str], at: int) -> Query:
    text = (
        "MATCH (a:Alert) WHERE a.id IN $ids AND a.mailed_at IS NULL\n"
        "SET a.mailed_at = $at\n"
        "RETURN count(a) AS n"
    )
    return Query(text, {"ids": ids, "at": at}, Mode.WRITE)


def prefs(account: str) -> Query:
    text = "MATCH (p:AlertPrefs {account: $account})\nRETURN properties(p) AS prefs"
    return Query(text, {"account": account})


def put_prefs(account: str, props: dict[str, Any]) -> Query:
    text = (
        "MERGE (p:AlertPrefs {account: $account})\nSET p += $props\nRETURN properties(p) AS prefs"
    )
    return Query(text, {"account": account, "props": props}, Mode.WRITE)


def digest_due(deliveries: list[str], before: int) -> Query:
    """Accounts whose digest (one of `deliveries`) was last sent before `before`, with an
    alert not yet mailed."""
    text = (
        "MATCH (p:AlertPrefs) WHERE p.delivery IN $deliveries\n"
        "  AND coalesce(p.digest_at, 0) < $before\n"
        "  AND EXISTS { MATCH (a:Alert {account: p.account}) WHERE a.mailed_at IS NULL }\n"
        "RETURN p.account AS account, p.delivery AS delivery"
    )
    return Query(text, {"deliveries": deliveries, "before": before})


def move_cursor(name: str, marks: list[int], epochs: list[str]) -> Query:
    return changes.move_cursor(name, marks, epochs)


def lock_cursor(name: str) -> Query:
    """The follower's cursor node, made if missing and write-locked: a second evaluation
    waits for the first to commit, then finds the cursor moved."""
    text = (
        "MERGE (c:LogCursor {id: $id})\n"
        "SET c.locked = true REMOVE c.locked\n"
        "RETURN c.marks AS marks, c.epochs AS epochs"
    )
    return Query(text, {"id": name}, Mode.WRITE)


def shortlists(role_ids: list[str]) -> Query:
    """[role, expert, status, available_from, available_until, as when shortlisted] of the
    roles' shortlists."""
    text = (
        "MATCH (r:Role)-[d:DECIDED {decision: 'shortlisted'}]->(e:Expert)\n"
        "WHERE r.id IN $roles\n"
        "RETURN collect([r.id, e.id, e.status, toString(e.available_from),\n"
        "  toString(e.available_until), d.available_when]) AS rows"
    )
    return Query(text, {"roles": role_ids})


def open_role_ids() -> Query:
    """Every role of a programme not closed."""
    text = (
        "MATCH (p:Programme)-[:HAS_ROLE]->(r:Role)\n"
        "WHERE coalesce(p.status, 'planned') <> 'closed'\n"
        "RETURN collect(r.id) AS roles"
    )
    return Query(text, {})


def roles_of_programmes(programme_ids: list[str]) -> Query:
    text = (
        "MATCH (p:Programme)-[:HAS_ROLE]->(r:Role) WHERE p.id IN $ids\n"
        "RETURN collect(r.id) AS roles"
    )
    return Query(text, {"ids": programme_ids})


def programmes_of_roles(role_ids: list[str]) -> Query:
    text = (
        "MATCH (p:Programme)-[:HAS_ROLE]->(r:Role) WHERE r.id IN $ids\n"
        "RETURN collect(DISTINCT p.id) AS programmes"
    )
    return Query(text, {"ids": role_ids})


def described(role_ids: list[str], expert_ids: list[str]) -> Query:
    """What an alert is shown with: each role's title and programme, each expert's name,
    status and consent to be proposed."""
    text = (
        "CALL () {\n"
        "  UNWIND $roles AS id\n"
        "  MATCH (p:Programme)-[:HAS_ROLE]->(r:Role {id: id})\n"
        "  RETURN collect([r.id, r.title, p.id, p.name]) AS roles\n"
        "}\n"
        "CALL () {\n"
        "  UNWIND $experts AS id\n"
        "  MATCH (e:Expert {id: id})\n"
        "  RETURN collect([e.id, e.full_name, e.status, e.consent_match]) AS experts\n"
        "}\n"
        "RETURN roles, experts"
    )
    return Query(text, {"roles": role_ids, "experts": expert_ids})


def group_supply(groups: list[str], experts: list[str] | None) -> Query:
    """What the alerts last saw of each group: its leading experts (only those of `experts`,
    when given), how many, the demand, whether short, and how many shortages so far."""
    text = (
        "MATCH (s:GroupSupply) WHERE s.group IN $groups\n"
        "RETURN s.group AS group, size(s.leading) AS count,\n"
        "  CASE WHEN $experts IS NULL THEN s.leading\n"
        "       ELSE [x IN s.leading WHERE x IN $experts] END AS leading,\n"
        "  s.demand AS demand, s.short AS short, s.shortages AS shortages"
    )
    return Query(text, {"groups": groups, "experts": experts})


def put_group_supply(rows: list[dict[str, Any]]) -> Query:
    """[{group, joined, left, demand, short, shortages}]: each group's leading experts moved on
    by those who joined and left, with its demand and shortage."""
    text = (
        "UNWIND $rows AS row\n"
        "MERGE (s:GroupSupply {group: row.group})\n"
        "SET s.leading = [x IN coalesce(s.leading, []) WHERE NOT x IN row.left] + row.joined,\n"
        "    s.demand = row.demand, s.short = row.short, s.shortages = row.shortages\n"
        "RETURN count(s) AS n"
    )
    return Query(text, {"rows": rows}, Mode.WRITE)
