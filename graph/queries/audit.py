"""Audit events: who did what to what, and when; appended, never changed."""

from typing import Any

from graph.query import Mode, Query


def record(events: list[dict[str, Any]]) -> Query:
    text = "UNWIND $events AS props\nCREATE (e:AuditEvent)\nSET e = props\nRETURN count(e) AS n"
    return Query(text, {"events": events}, Mode.WRITE)


def page(
    *,
    before: str,
    limit: int,
    action: str | None,
    target: str | None,
    actor: str | None,
    since: int | None = None,
    until: int | None = None,
    hidden: list[str] | None = None,
) -> Query:
    """Newest first (ids are time-ordered); `before` is the last id seen, or '~' for the start.
    `since`/`until`: epoch milliseconds, from (inclusive) and to (exclusive); `hidden`: actions
    left out (an admin's own page views, unless asked for).

    `toString` keeps FalkorDB off its id index, whose `<` on strings that share a long prefix
    (these ids do) returned every event, so the second page repeated the first.
    """
    text = (
        "MATCH (e:AuditEvent) WHERE toString(e.id) < $before\n"
        "AND ($action IS NULL OR e.action = $action)\n"
        "AND ($target IS NULL OR e.target = $target)\n"
        "AND ($actor IS NULL OR e.actor = $actor)\n"
        "AND ($since IS NULL OR e.at >= $since)\n"
        "AND ($until IS NULL OR e.at < $until)\n"
        "AND NOT e.action IN $hidden\n"
        "WITH e ORDER BY e.id DESC LIMIT $limit\n"
        "RETURN properties(e) AS event"
    )
    params = {
        "before": before,
        "limit": limit,
        "action": action,
        "target": target,
        "actor": actor,
        "since": since,
        "until": until,
        "hidden": hidden or [],
    }
    return Query(text, params)
