"""Mail waiting to be sent, written in the transaction of the change that causes it."""

from typing import Any

from graph.queries.entities import lock
from graph.query import Mode, Query


def add(props: dict[str, Any]) -> Query:
    return Query("CREATE (m:Mail)\nSET m = $props", {"props": props}, Mode.WRITE)


def get(mail_id: str) -> Query:
    return Query("MATCH (m:Mail {id: $id})\nRETURN properties(m) AS mail", {"id": mail_id})


def claim(mail_id: str, at: int, until: int) -> Query:
    """One sender takes a pending message until `until`, unless another holds it: read under
    the message's lock, so a second sender racing waits for the first one's transaction, then
    reads its claim."""
    text = (
        f"MATCH (m:Mail {{id: $id}})\n{lock('m')}\n"
        "WITH m WHERE m.state = 'pending' AND coalesce(m.claimed_until, 0) < $at\n"
        "SET m.claimed_until = $until\n"
        "RETURN properties(m) AS mail"
    )
    return Query(text, {"id": mail_id, "at": at, "until": until}, Mode.WRITE)


def sent(mail_id: str, at: int) -> Query:
    """Sent: the body (which may hold a live link) is not kept."""
    text = (
        f"MATCH (m:Mail {{id: $id}})\n{lock('m')}\n"
        "WITH m WHERE m.state = 'pending'\n"
        "SET m.state = 'sent', m.sent_at = $at, m.body = ''\n"
        "RETURN m.id AS id"
    )
    return Query(text, {"id": mail_id, "at": at}, Mode.WRITE)


def attempt_failed(mail_id: str, error: str, at: int, give_up: bool) -> Query:
    text = (
        f"MATCH (m:Mail {{id: $id}})\n{lock('m')}\n"
        "WITH m WHERE m.state = 'pending'\n"
        "SET m.attempts = coalesce(m.attempts, 0) + 1, m.last_error = $error,\n"
        "    m.last_attempt_at = $at,\n"
        "    m.state = CASE WHEN $give_up THEN 'failed' ELSE m.state END,\n"
        "    m.body = CASE WHEN $give_up THEN '' ELSE m.body END,\n"
        "    m.claimed_until = 0\n"
        "RETURN m.id AS id"
    )
    params = {"id": mail_id, "error": error, "at": at, "give_up": give_up}
    return Query(text, params, Mode.WRITE)


def pending(never_tried_before: int, retried_before: int, limit: int) -> Query:
    """Unsent mail nobody tried since it was written before `never_tried_before`, or whose last
    retry was before `retried_before` (its retries were lost with a worker), oldest first."""
    text = (
        "MATCH (m:Mail) WHERE m.state = 'pending'\n"
        "AND ((m.last_attempt_at IS NULL AND m.created_at < $fresh)\n"
        "  OR m.last_attempt_at < $retried)\n"
        "RETURN m.id AS id ORDER BY m.created_at, m.id LIMIT $limit"
    )
    return Query(text, {"fresh": never_tried_before, "retried": retried_before, "limit": limit})


def count_pending(to: str | None) -> Query:
    text = (
        "MATCH (m:Mail) WHERE m.state = 'pending' AND ($to IS NULL OR m.to = $to)\n"
        "RETURN count(m) AS n"
    )
    return Query(text, {"to": to})
