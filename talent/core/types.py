"""Field types and the strict base model every request body uses, and the vocabulary several
features share (engagement modes, provenance, residency)."""

import re
from collections.abc import Hashable, Sequence
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

from talent.core import validators
from talent.core.names import clean_name, clean_text

CURRENT_YEAR = datetime.now(UTC).year


Key = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


def _visible_name(value: str) -> str:
    cleaned = clean_name(value)
    if not cleaned:
        raise ValueError("a name needs at least one visible character")
    return cleaned


Name = Annotated[
    str, StringConstraints(min_length=1, max_length=200), AfterValidator(_visible_name)
]


ShortText = Annotated[str, StringConstraints(max_length=300), AfterValidator(clean_text)]


LongText = Annotated[str, StringConstraints(max_length=10_000)]


Country = Annotated[str, StringConstraints(max_length=3), AfterValidator(validators.country_code)]


Language = Annotated[str, StringConstraints(max_length=3), AfterValidator(validators.language_code)]


Orcid = Annotated[str, StringConstraints(max_length=40), AfterValidator(validators.orcid)]


Doi = Annotated[str, StringConstraints(max_length=300), AfterValidator(validators.doi)]


RorId = Annotated[str, StringConstraints(max_length=40), AfterValidator(validators.ror_id)]


Phone = Annotated[str, StringConstraints(max_length=30), AfterValidator(validators.phone)]


Level = Annotated[int, Field(ge=1, le=5, description="1 = working knowledge … 5 = world-leading")]


Year = Annotated[int, Field(ge=1900, le=CURRENT_YEAR + 10)]


Weight = Annotated[float, Field(gt=0, le=1)]


def unique(values: Sequence[Hashable], what: str) -> None:
    if len(values) != len(set(values)):
        raise ValueError(f"{what} must not repeat")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _no_control_characters(value: object) -> object:
    texts = value if isinstance(value, list) else [value]
    if any(isinstance(t, str) and _CONTROL.search(t) for t in texts):
        raise ValueError("must not contain control characters")
    return value


class Strict(BaseModel):
    """Every request body: unknown fields refused, text stripped and free of control characters
    (the embedded graph refuses a NUL in a parameter)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _printable(cls, value: object) -> object:
        return _no_control_characters(value)


class EngagementMode(StrEnum):
    FULL_TIME_RETURN = "full_time_return"
    PART_TIME = "part_time"
    REMOTE = "remote"
    SHORT_VISITS = "short_visits"
    ADVISORY = "advisory"


class Source(StrEnum):
    SELF_DECLARED = "self_declared"
    INSTITUTION_CONFIRMED = "institution_confirmed"
    MINISTRY_VERIFIED = "ministry_verified"
    IMPORTED = "imported"


class Residency(StrEnum):
    ANY = "any"
    DOMESTIC = "domestic"
    OVERSEAS = "overseas"


def residency_of(country: str) -> Residency:
    return Residency.DOMESTIC if country == "VN" else Residency.OVERSEAS
