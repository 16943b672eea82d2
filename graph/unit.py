"""Several write statements applied as one unit: all of them or none, even across a crash.

A unit is planned before it is applied: the service reads what it needs, then hands the store
every write with its parameters fixed. Neo4j runs them in one transaction. FalkorDB has no
multi-statement transactions, so there the plan is written first as an intent node and each
statement records its own completion in the same statement; after a crash the intent is
replayed from the first statement not done (`GraphStore.recover`), so the data ends as after.

Steps marked `required` come first: each must yield a row (a precondition still true, or a
conditional write that applied), else the unit is refused with nothing written. Only the last
required step may write: the ones before it are checks.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from graph.errors import GraphError
from graph.query import Mode, Query


@dataclass(frozen=True, slots=True)
class Step:
    query: Query
    required: bool = False


@dataclass(frozen=True, slots=True)
class UnitOfWork:
    """`keys` name what the unit changes (e.g. `expert:ID`): units sharing a key never
    interleave."""

    name: str
    keys: tuple[str, ...]
    steps: tuple[Step, ...]

    def __post_init__(self) -> None:
        seen_plain = False
        for step in self.steps:
            if step.query.mode is not Mode.WRITE:
                raise ValueError(f"unit '{self.name}': a step must be a write")
            if step.required and seen_plain:
                raise ValueError(f"unit '{self.name}': required steps come before the others")
            seen_plain = seen_plain or not step.required


class UnitRefused(GraphError):
    """A required step yielded no row; nothing of the unit was written."""

    def __init__(self, unit: str, step: int) -> None:
        super().__init__(f"unit '{unit}' refused at step {step}")
        self.step = step


class UnitBusy(GraphError):
    """Another unit holding one of the same keys did not finish in time."""


def strip_return(text: str) -> str:
    """The statement without its final RETURN clause, so that a step can be followed by the
    record of its completion (unit steps' results are not read)."""
    lines = text.rstrip().split("\n")
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].lstrip().upper().startswith("RETURN "):
            return "\n".join(lines[:i])
    return text


def unit_keys(*groups: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({key for group in groups for key in group}))
