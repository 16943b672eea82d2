"""Single-use tokens (e-mail confirmation, claims), stored as digests only."""

from typing import Any

from graph.query import Mode, Query


def create(props: dict[str, Any]) -> Query:
    text = "CREATE (t:Token)\nSET t = $props\nRETURN t.id AS id"
    return Query(text, {"props": props}, Mode.WRITE)


def find(digest: str) -> Query:
    text = "MATCH (t:Token {digest: $digest})\nRETURN properties(t) AS token"
    return Query(text, {"digest": digest})


def use(digest: str, now: int) -> Query:
    """Marks the token used unless it already was; a row only for the one use that counts."""
    text = (
        "MATCH (t:Token {digest: $digest}) WHERE t.used_at IS NULL AND t.expires_at > $now\n"
        "SET t.used_at = $now\n"
        "RETURN properties(t) AS token"
    )
    return Query(text, {"digest": digest, "now": now}, Mode.WRITE)
