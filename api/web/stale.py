"""An edit form saved from a stale copy (someone else saved first): shown again as the user
typed it, with the value stored meanwhile beside each field that holds something else, and the
current version in its hidden field. Nothing of the user's is stored until they save again:
that save applies the form as it then stands over the current state, and a third change made
in between is caught again. The notice and the "now" lines are the templates' (macros.html)."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from api.web.session import CSRF_FIELD

FormValue = str | list[str]
# A refused stale save, as the page answers it; the API keeps its 412.
STATUS = 409
# Names a form sends that are no field of the thing edited.
NOT_FIELDS = frozenset({"version", "action", CSRF_FIELD})


@dataclass(frozen=True)
class Conflict:
    """The version stored now and, by field name, the stored value of each field whose value
    differs from the form's (as the form would hold it: a code, a list of codes, "on" or "")."""

    version: int
    now: dict[str, FormValue]


def _same(value: FormValue) -> str | tuple[str, ...]:
    """A value as compared: spaces folded, a list's order and repeats ignored."""
    if isinstance(value, list):
        return tuple(sorted({" ".join(v.split()) for v in value}))
    return " ".join(value.split())


def _blank(value: FormValue | None) -> bool:
    return not value or (isinstance(value, str) and not value.strip())


def conflict(
    typed: Mapping[str, FormValue],
    current: Mapping[str, FormValue],
    *,
    version: int,
    row_of: Callable[[str], str | None] = lambda name: None,
) -> Conflict:
    """What differs between the form as typed and the form as the stored thing fills it now.

    `row_of` names, for a field of a repeated row, the row's main field (a skill's name): a row
    stored now is compared field by field; a row that no longer exists (or never did) shows
    only beside its main field. A field outside rows is one the current form has; one the
    browser left out (an unticked box) counts as empty."""
    now: dict[str, FormValue] = {}
    for name in [*current, *(n for n in typed if n not in current)]:
        main = row_of(name)
        if name in NOT_FIELDS or (main is None and name not in current):
            continue
        if main is not None and main != name and _blank(current.get(main)):
            continue
        stored = current.get(name, "")
        empty: FormValue = [] if isinstance(stored, list) else ""
        sent = typed.get(name, empty)
        if isinstance(stored, list) and isinstance(sent, str):
            sent = [sent] if sent else []
        if _same(sent) != _same(stored):
            now[name] = stored
    return Conflict(version=version, now=now)
