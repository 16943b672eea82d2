"""Accounts: who may sign in, with which role."""

from typing import Any

from graph.queries.entities import lock, lock_if_found
from graph.query import Mode, Query


def create(props: dict[str, Any]) -> Query:
    """Creates the account unless one has the same e-mail; no row if one had."""
    text = (
        "MERGE (a:Account {email: $email})\n"
        "ON CREATE SET a += $props\n"
        "WITH a WHERE a.id = $id\n"
        "RETURN properties(a) AS account"
    )
    params = {"props": props, "email": props.get("email"), "id": props.get("id")}
    return Query(text, params, Mode.WRITE)


def create_pending(props: dict[str, Any]) -> Query:
    """An account awaiting its e-mail's confirmation: the address is kept as `pending_email`, so
    it holds no e-mail (blocks no one) until confirmed."""
    text = "CREATE (a:Account)\nSET a = $props\nRETURN properties(a) AS account"
    return Query(text, {"props": props}, Mode.WRITE)


def lock_address(digest: str) -> Query:
    """Takes the write lock of an address's lock node, made on first use: its uniqueness
    constraint lets one of two racing transactions create it while the other waits, then
    matches it. A pending account holds no unique address to lock instead."""
    text = f"MERGE (l:AddressLock {{digest: $digest}})\n{lock('l')}\nRETURN l.digest AS digest"
    return Query(text, {"digest": digest}, Mode.WRITE)


def extend_pending(account_id: str, until: int) -> Query:
    """A pending account lives as long as the last link mailed for it."""
    text = (
        "MATCH (a:Account {id: $id}) WHERE a.pending_email IS NOT NULL\n"
        "SET a.expires_at = $until\n"
        "RETURN a.id AS id"
    )
    return Query(text, {"id": account_id, "until": until}, Mode.WRITE)


def purge_expired(now: int) -> Query:
    """Deletes pending accounts whose last link has expired."""
    text = (
        "MATCH (a:Account) WHERE a.pending_email IS NOT NULL AND a.expires_at < $now\n"
        "DETACH DELETE a\n"
        "RETURN count(*) AS purged"
    )
    return Query(text, {"now": now}, Mode.WRITE)


def owners(expert_id: str, account_id: str) -> Query:
    """Active accounts owning the profile, other than `account_id`."""
    text = (
        "MATCH (a:Account {expert_id: $expert}) WHERE a.active = true AND a.id <> $id\n"
        "RETURN a.id AS id"
    )
    return Query(text, {"expert": expert_id, "id": account_id})


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


def with_roles(roles: list[str], limit: int) -> Query:
    """Accounts holding one of `roles` (the staff an audit filter offers), by name."""
    text = (
        "MATCH (a:Account) WHERE a.role IN $roles AND a.email IS NOT NULL\n"
        "WITH a ORDER BY a.name, a.id LIMIT $limit\n"
        "RETURN properties(a) AS account"
    )
    return Query(text, {"roles": roles, "limit": limit})


def update(account_id: str, changes: dict[str, Any]) -> Query:
    text = "MATCH (a:Account {id: $id})\nSET a += $changes\nRETURN properties(a) AS account"
    return Query(text, {"id": account_id, "changes": changes}, Mode.WRITE)


def end_sessions(account_id: str) -> Query:
    """Ends every session and mailed link the account has: each carries the epoch it was
    issued at, and works only while the account's is the same. No row: no such account."""
    text = (
        f"MATCH (a:Account {{id: $id}})\n{lock('a')}\n"
        "SET a.session_epoch = coalesce(a.session_epoch, 0) + 1\n"
        "RETURN a.session_epoch AS epoch"
    )
    return Query(text, {"id": account_id}, Mode.WRITE)


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


def deactivate(account_id: str, now: int) -> Query:
    """Closes the account unless it is the last active admin, ending its sessions and links
    (`end_sessions`); no row: unknown or refused.

    Every active admin is locked first, in id order, and counted after: of two admins closing
    each other at once, the second counts after the first has committed, and is refused."""
    text = (
        "OPTIONAL MATCH (admin:Account {role: 'admin', active: true})\n"
        "WITH admin ORDER BY admin.id\n"
        f"{lock_if_found('admin')}\n"
        "WITH count(*) AS locked\n"
        f"MATCH (a:Account {{id: $id}})\n{lock('a')}\n"
        "WITH a\n"
        "OPTIONAL MATCH (other:Account {role: 'admin', active: true}) WHERE other.id <> a.id\n"
        "WITH a, count(other) AS others\n"
        "WHERE a.role <> 'admin' OR a.active <> true OR others > 0\n"
        "SET a.active = false, a.closed_at = $now,\n"
        "    a.session_epoch = coalesce(a.session_epoch, 0) + 1\n"
        "RETURN properties(a) AS account"
    )
    return Query(text, {"id": account_id, "now": now}, Mode.WRITE)


def reactivate(account_id: str, now: int) -> Query:
    """Opens a closed account again: not a pending one (only its mailed link opens it), not one
    withdrawn for good (no password left), nor an expert's whose profile another active
    account owns by now. No row: unknown or refused. The account and its profile are locked
    before the check: two accounts of one profile opened at once cannot both pass it."""
    text = (
        f"MATCH (a:Account {{id: $id}})\n{lock('a')}\n"
        "WITH a\n"
        "OPTIONAL MATCH (e:Expert {id: a.expert_id})\n"
        f"{lock_if_found('e')}\n"
        "WITH a\n"
        "WHERE a.active = false AND a.pending_email IS NULL AND a.password_hash <> ''\n"
        "OPTIONAL MATCH (owner:Account {active: true})\n"
        "WHERE owner.expert_id = a.expert_id AND owner.id <> a.id\n"
        "WITH a, count(owner) AS owners\n"
        "WHERE owners = 0\n"
        "SET a.active = true, a.closed_at = NULL, a.reopened_at = $now\n"
        "RETURN properties(a) AS account"
    )
    return Query(text, {"id": account_id, "now": now}, Mode.WRITE)


def for_expert(expert_id: str) -> Query:
    text = "MATCH (a:Account {expert_id: $expert})\nRETURN properties(a) AS account ORDER BY a.id"
    return Query(text, {"expert": expert_id})


def awaiting_link(email: str, now: int) -> Query:
    """Unexpired pending accounts of this address that wait for a mailed link (a claim awaiting
    an admin has no expiry and no link yet), with their latest link's purpose and profile."""
    text = (
        "MATCH (a:Account {pending_email: $email}) WHERE a.expires_at > $now\n"
        "AND a.closed_at IS NULL\n"
        "MATCH (t:Token {account_id: a.id})\n"
        "WITH a, t ORDER BY t.created_at DESC\n"
        "WITH a, collect(t)[0] AS t\n"
        "RETURN a.id AS account, a.name AS name, t.purpose AS purpose, t.expert_id AS expert\n"
        "ORDER BY account"
    )
    return Query(text, {"email": email, "now": now})
