"""Units of work on an engine without multi-statement transactions: an intent node holds the
plan; each step records its completion in the statement that applies it, so a replay after a
crash resumes exactly where the unit stopped.

While an intent lives it holds its keys: a unit that shares one waits, then takes over the
intent once its lease has run out (its process is presumed dead) and finishes it first.
"""

import json
import time
import uuid
from collections.abc import Callable

from graph.query import Mode, Query
from graph.store import Row
from graph.unit import Step, UnitBusy, UnitOfWork, UnitRefused, strip_return

# A live unit takes milliseconds; one whose intent is older than this is presumed dead.
LEASE_MS = 15_000
WAIT_S = 5.0

Runner = Callable[[Query], list[Row]]
# Test hook: called after each applied step (unit, index); raising simulates a crash there.
Fault = Callable[[UnitOfWork, int], None]

_BEGIN = (
    "OPTIONAL MATCH (o:UnitOfWork) WHERE any(k IN o.keys WHERE k IN $keys)\n"
    "WITH count(o) AS busy WHERE busy = 0\n"
    "CREATE (u:UnitOfWork {id: $id, name: $name, keys: $keys, steps: $steps, step: 0,\n"
    "  expires_at: $expires_at})\n"
    "RETURN u.id AS id"
)
_END = "MATCH (u:UnitOfWork {id: $id}) DELETE u"
# Claims the expired intents (all, or those holding one of `keys`) for this replayer.
_CLAIM = (
    "MATCH (u:UnitOfWork) WHERE u.expires_at < $now\n"
    "AND ($keys IS NULL OR any(k IN u.keys WHERE k IN $keys))\n"
    "SET u.expires_at = $now + $lease\n"
    "RETURN u.id AS id, u.name AS name, u.steps AS steps, u.step AS step"
)


def _now() -> int:
    return time.time_ns() // 1_000_000


def _encode(unit: UnitOfWork) -> str:
    return json.dumps(
        [
            {"text": s.query.text, "params": s.query.params, "required": s.required}
            for s in unit.steps
        ]
    )


def _decode(name: str, steps: str) -> UnitOfWork:
    return UnitOfWork(
        name=name,
        keys=(),
        steps=tuple(
            Step(Query(s["text"], s["params"], Mode.WRITE), s["required"])
            for s in json.loads(steps)
        ),
    )


def _apply_step(run: Runner, intent: str, step: Step, index: int) -> int:
    """Apply one step and record it done, in one statement; the rows the step yielded."""
    text = (
        f"{strip_return(step.query.text)}\n"
        "WITH count(*) AS rows_\n"
        "MATCH (u_:UnitOfWork {id: $unit_}) SET u_.step = $next_\n"
        "RETURN rows_"
    )
    params = {**step.query.params, "unit_": intent, "next_": index + 1}
    rows = run(Query(text, params, Mode.WRITE))
    return int(rows[0]["rows_"]) if rows else 0


def commit(run: Runner, unit: UnitOfWork, fault: Fault | None = None) -> None:
    intent = _begin(run, unit)
    for index, step in enumerate(unit.steps):
        done = _apply_step(run, intent, step, index)
        if step.required and done == 0:
            # Only required steps ran before this one, and each applied nothing or was a check.
            run(Query(_END, {"id": intent}, Mode.WRITE))
            raise UnitRefused(unit.name, index)
        if fault is not None:
            fault(unit, index)
    run(Query(_END, {"id": intent}, Mode.WRITE))


def _begin(run: Runner, unit: UnitOfWork) -> str:
    deadline = time.monotonic() + WAIT_S
    params = {
        "id": str(uuid.uuid4()),
        "name": unit.name,
        "keys": list(unit.keys),
        "steps": _encode(unit),
    }
    while True:
        rows = run(Query(_BEGIN, {**params, "expires_at": _now() + LEASE_MS}, Mode.WRITE))
        if rows:
            return str(rows[0]["id"])
        recover(run, keys=unit.keys)
        if time.monotonic() > deadline:
            raise UnitBusy(f"unit '{unit.name}': its data is being changed; retry")
        time.sleep(0.02)


def recover(run: Runner, *, keys: tuple[str, ...] | None = None, now: int | None = None) -> int:
    """Finish every unit whose process died part-way (its lease ran out); how many."""
    claimed = run(
        Query(
            _CLAIM,
            {"now": now or _now(), "keys": list(keys) if keys else None, "lease": LEASE_MS},
            Mode.WRITE,
        )
    )
    for row in claimed:
        unit = _decode(str(row["name"]), str(row["steps"]))
        first = int(row["step"])
        for index in range(first, len(unit.steps)):
            step = unit.steps[index]
            if _apply_step(run, str(row["id"]), step, index) == 0 and step.required:
                break  # its precondition no longer holds and nothing was applied: abandoned
        run(Query(_END, {"id": row["id"]}, Mode.WRITE))
    return len(claimed)
