"""Single-use tokens (e-mail confirmation, claims), stored as digests only."""

from typing import Any

from graph.queries.entities import lock, lock_if_found
from graph.query import Mode, Query


def create(props: dict[str, Any]) -> Query:
    """The token, with its account's session epoch as it is now: a logout, a new password or a
    deactivation after this (`accounts.end_sessions`) leaves the link unusable. No row: no such
    account."""
    text = (
        "MATCH (a:Account {id: $account})\n"
        "CREATE (t:Token)\n"
        "SET t = $props, t.epoch = coalesce(a.session_epoch, 0)\n"
        "RETURN t.id AS id"
    )
    return Query(text, {"props": props, "account": props.get("account_id")}, Mode.WRITE)


def find(digest: str) -> Query:
    text = "MATCH (t:Token {digest: $digest})\nRETURN properties(t) AS token"
    return Query(text, {"digest": digest})


def redeem(digest: str, now: int, password_hash: str) -> Query:
    """Uses the token and opens its account with the password, in one conditional write: only
    an unused, unexpired token of a pending, unexpired, never closed account, whose address no
    account holds and whose profile (the account's own, which a merge may have moved, else the
    token's) no other active account owns. No row: nothing changed.

    The token and its account are locked before they are checked, and so is the profile: two
    uses of one link, or two accounts opening on one profile, wait for each other."""
    text = (
        f"MATCH (t:Token {{digest: $digest}})\n{lock('t')}\n"
        "WITH t WHERE t.used_at IS NULL AND t.expires_at > $now\n"
        f"MATCH (a:Account {{id: t.account_id}})\n{lock('a')}\n"
        "WITH t, a\n"
        "WHERE a.pending_email IS NOT NULL AND a.closed_at IS NULL AND a.expires_at > $now\n"
        "AND coalesce(a.session_epoch, 0) = coalesce(t.epoch, 0)\n"
        "OPTIONAL MATCH (e:Expert {id: coalesce(a.expert_id, t.expert_id)})\n"
        f"{lock_if_found('e')}\n"
        "WITH t, a\n"
        "OPTIONAL MATCH (holder:Account {email: a.pending_email})\n"
        "WITH t, a, count(holder) AS holders, coalesce(a.expert_id, t.expert_id) AS expert\n"
        "OPTIONAL MATCH (owner:Account {expert_id: expert})\n"
        "WHERE owner.active = true AND owner.id <> a.id\n"
        "WITH t, a, holders, expert, count(owner) AS owners\n"
        "WHERE holders = 0 AND owners = 0\n"
        "SET t.used_at = $now, a.email = a.pending_email, a.pending_email = NULL,\n"
        "    a.expires_at = NULL, a.password_hash = $hash, a.active = true,\n"
        "    a.expert_id = expert, a.confirmed_at = $now\n"
        "RETURN properties(t) AS token, properties(a) AS account"
    )
    return Query(text, {"digest": digest, "now": now, "hash": password_hash}, Mode.WRITE)


def reset_password(digest: str, now: int, password_hash: str) -> Query:
    """Uses a password-reset token and sets the open account's password, in one conditional
    write: only an unused, unexpired reset token of an active account whose sessions have not
    been ended since it was issued. The new password ends every session and every other link
    of the account (`accounts.end_sessions`). No row: nothing changed."""
    text = (
        f"MATCH (t:Token {{digest: $digest}})\n{lock('t')}\n"
        "WITH t WHERE t.purpose = 'reset' AND t.used_at IS NULL AND t.expires_at > $now\n"
        f"MATCH (a:Account {{id: t.account_id}})\n{lock('a')}\n"
        "WITH t, a WHERE a.active = true AND a.closed_at IS NULL\n"
        "AND coalesce(a.session_epoch, 0) = coalesce(t.epoch, 0)\n"
        "SET t.used_at = $now, a.password_hash = $hash,\n"
        "    a.session_epoch = coalesce(a.session_epoch, 0) + 1\n"
        "RETURN a.id AS id"
    )
    return Query(text, {"digest": digest, "now": now, "hash": password_hash}, Mode.WRITE)
