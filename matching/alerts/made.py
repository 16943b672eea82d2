"""What an evaluation works from and makes: the things a batch of changes touched, and alerts
with the key that keeps each to one per (watch, expert, reason)."""

import hashlib
from dataclasses import dataclass
from typing import Any

from talent.alerts.models import Alert, Reason, Watch
from talent.core.ids import new_id, now_ms

State = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Touched:
    """What a batch of changes can affect: experts (their own rows or their works'), roles."""

    experts: frozenset[str]
    roles: frozenset[str]
    everything: bool  # no cursor yet, or records lost: every watch is looked at


def key_of(watch_id: str, expert_id: str, reason: str) -> str:
    return hashlib.sha256(f"{watch_id}|{expert_id}|{reason}".encode()).hexdigest()


def told(
    watch: Watch,
    reason: Reason,
    expert_id: str,
    *,
    once_per: str | None = None,
    role_id: str = "",
    group_id: str = "",
    search_id: str = "",
    **details: Any,
) -> tuple[str, Alert]:
    """(key, alert): the key of (watch, expert, `once_per`, by default the reason)."""
    alert = Alert(
        id=new_id(),
        watch_id=watch.id,
        account=watch.owner,
        kind=watch.kind,
        reason=reason,
        role_id=role_id,
        group_id=group_id,
        search_id=search_id,
        expert_id=expert_id,
        at=now_ms(),
        details=details,
    )
    return key_of(watch.id, expert_id, once_per or reason.value), alert
