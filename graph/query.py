"""A Cypher statement with its parameters and whether it reads or writes."""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Mode(StrEnum):
    READ = "read"
    WRITE = "write"


@dataclass(frozen=True, slots=True)
class Query:
    """One parameterised statement; values never go into `text`."""

    text: str
    params: dict[str, Any] = field(default_factory=dict)
    mode: Mode = Mode.READ
