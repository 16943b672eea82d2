"""Accounts: who may sign in, with which role."""

from typing import Any

from graph.query import Mode, Query


def create(props: dict[str, Any]) -> Query:
    """Creates the account unless one has the same e-mail; `created` tells which happened."""
    text = (
        "MERGE (a:Account {email: $email})\n"
        "ON CREATE SET a += $props\n"
        "RETURN properties(a) AS account, a.id = $id AS created"
    )
    params = {"props": props, "email": props.get("email"), "id": props.get("id")}
    return Query(text, params, Mode.WRITE)


def by_email(email: str) -> Query:
    return Query(
        "MATCH (a:Account {email: $email})\nRETURN properties(a) AS account", {"email": email}
    )


def get(account_id: str) -> Query:
    return Query("MATCH (a:Account {id: $id})\nRETURN properties(a) AS account", {"id": account_id})


def page(*, after: str, limit: int) -> Query:
    text = (
        "MATCH (a:Account) WHERE a.id > $after\n"
        "WITH a ORDER BY a.id LIMIT $limit\n"
        "RETURN properties(a) AS account"
    )
    return Query(text, {"after": after, "limit": limit})


def update(account_id: str, changes: dict[str, Any]) -> Query:
    text = "MATCH (a:Account {id: $id})\nSET a += $changes\nRETURN properties(a) AS account"
    return Query(text, {"id": account_id, "changes": changes}, Mode.WRITE)


def lead(account_id: str, programme_id: str) -> Query:
    """The account leads (owns) the programme."""
    text = (
        "MATCH (a:Account {id: $account})\n"
        "MATCH (p:Programme {id: $programme})\n"
        "MERGE (a)-[:LEADS]->(p)\n"
        "RETURN p.id AS id"
    )
    return Query(text, {"account": account_id, "programme": programme_id}, Mode.WRITE)


def leads_programme(account_id: str, programme_id: str) -> Query:
    text = (
        "MATCH (:Account {id: $account})-[:LEADS]->(p:Programme {id: $programme})\n"
        "RETURN p.id AS id"
    )
    return Query(text, {"account": account_id, "programme": programme_id})


def leads_role(account_id: str, role_id: str) -> Query:
    text = (
        "MATCH (:Account {id: $account})-[:LEADS]->(:Programme)-[:HAS_ROLE]->(r:Role {id: $role})\n"
        "RETURN r.id AS id"
    )
    return Query(text, {"account": account_id, "role": role_id})


def for_expert(expert_id: str) -> Query:
    text = "MATCH (a:Account {expert_id: $expert})\nRETURN properties(a) AS account ORDER BY a.id"
    return Query(text, {"expert": expert_id})
