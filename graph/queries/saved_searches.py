"""Saved searches: a person's named search with its filters, and what it showed at the last
visit."""

from typing import Any

from graph.query import Mode, Query


def create(props: dict[str, Any]) -> Query:
    text = "CREATE (s:SavedSearch)\nSET s = $props\nRETURN properties(s) AS saved"
    return Query(text, {"props": props}, Mode.WRITE)


def get(saved_id: str, owner: str) -> Query:
    text = "MATCH (s:SavedSearch {id: $id, owner: $owner})\nRETURN properties(s) AS saved"
    return Query(text, {"id": saved_id, "owner": owner})


def of_owner(owner: str) -> Query:
    text = (
        "MATCH (s:SavedSearch {owner: $owner})\n"
        "RETURN properties(s) AS saved ORDER BY s.created_at DESC, s.id"
    )
    return Query(text, {"owner": owner})


def seen(saved_id: str, owner: str, ids: list[str], at: int) -> Query:
    """What the search showed at this visit, remembered for the next."""
    text = (
        "MATCH (s:SavedSearch {id: $id, owner: $owner})\n"
        "SET s.seen = $ids, s.seen_at = $at\n"
        "RETURN properties(s) AS saved"
    )
    return Query(text, {"id": saved_id, "owner": owner, "ids": ids, "at": at}, Mode.WRITE)


def delete(saved_id: str, owner: str) -> Query:
    text = (
        "MATCH (s:SavedSearch {id: $id, owner: $owner})\n"
        "WITH s, s.id AS gone\nDELETE s\nRETURN gone"
    )
    return Query(text, {"id": saved_id, "owner": owner}, Mode.WRITE)


def by_ids(ids: list[str]) -> Query:
    """The saved searches of these ids, whoever keeps them (the alerts' evaluation)."""
    text = "MATCH (s:SavedSearch) WHERE s.id IN $ids\nRETURN properties(s) AS saved"
    return Query(text, {"ids": ids})
