"""What a change did, as the audit trail keeps it: each changed field's old and new value.
Contact values (e-mails, phone) are kept masked, so the trail itself leaks no way to reach a
person: "a***@example.org", "+8*********78"; every other field is kept as it is."""

from collections.abc import Iterable, Mapping

from pydantic import JsonValue
from pydantic_core import to_jsonable_python

# Fields whose values are ways to reach a person: stored masked.
CONTACT_FIELDS = frozenset({"emails", "email", "phone"})


def mask(value: str) -> str:
    """An e-mail keeps its first character and its domain; anything else its first and last
    two characters."""
    local, at, domain = value.partition("@")
    if at:
        return f"{local[:1]}***@{domain}"
    if len(value) <= 4:
        return "*" * len(value)
    return value[:2] + "*" * (len(value) - 4) + value[-2:]


def masked(field: str, value: JsonValue) -> JsonValue:
    """The value as the trail keeps it: contacts masked, the rest unchanged."""
    if field not in CONTACT_FIELDS or value is None:
        return value
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, list):
        return [mask(v) if isinstance(v, str) else v for v in value]
    return value


def diff(
    old: Mapping[str, JsonValue], new: Mapping[str, JsonValue], fields: Iterable[str]
) -> dict[str, JsonValue]:
    """{field: {"old", "new"}} for each of `fields` whose value differs, contacts masked."""
    return {
        name: {"old": masked(name, old.get(name)), "new": masked(name, new.get(name))}
        for name in sorted(fields)
        if old.get(name) != new.get(name)
    }


def values(data: Mapping[str, JsonValue]) -> dict[str, JsonValue]:
    """Every value of a created thing, contacts masked."""
    return {name: masked(name, value) for name, value in sorted(data.items())}


def jsonable(data: Mapping[str, object]) -> dict[str, JsonValue]:
    """A model's dump as JSON values (dates as ISO text, enums as their values)."""
    converted: dict[str, JsonValue] = to_jsonable_python(dict(data))
    return converted
