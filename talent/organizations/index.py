"""Organisations by name, for the type-ahead and the profile form: every organisation's folded
name, and its name from each later word on, in sorted lists searched by prefix; kept current by
following the change log, as the search index is. An organisation proposed at registration is
found only by its proposer's profile until an admin approves it."""

import bisect
import threading
from dataclasses import dataclass

from graph import GraphStore
from talent.core.changes import ORGANIZATION, Head
from talent.core.names import fold_name
from talent.core.repository import ChangeRepository
from talent.organizations.repository import OrganizationRepository
from talent.resources.models import OrganizationRead
from talent.snapshot.follower import changes_since

# More changed organisations than this (an import) are cheaper to read whole.
REBUILD_AT = 200


@dataclass(frozen=True, slots=True)
class _State:
    by_id: dict[str, OrganizationRead]
    # (folded name, id), sorted: a prefix of the whole name.
    names: list[tuple[str, str]]
    # (folded name from a later word on, id), sorted: a prefix of a word.
    words: list[tuple[str, str]]


def _state(by_id: dict[str, OrganizationRead]) -> _State:
    names: list[tuple[str, str]] = []
    words: list[tuple[str, str]] = []
    for org in by_id.values():
        folded = org.name_folded
        names.append((folded, org.id))
        words += [(folded[i + 1 :], org.id) for i, c in enumerate(folded) if c == " "]
    return _State(by_id, sorted(names), sorted(words))


def visible(org: OrganizationRead, viewer: str | None) -> bool:
    """Whether the profile `viewer` (None: a visitor, or staff) may be offered it."""
    return org.proposed_by is None or (viewer is not None and org.proposed_by == viewer)


def _prefixed(keys: list[tuple[str, str]], query: str) -> list[str]:
    """The ids whose key starts with `query`, in key order."""
    found = []
    for key, org_id in keys[bisect.bisect_left(keys, (query, "")) :]:
        if not key.startswith(query):
            break
        found.append(org_id)
    return found


class OrganizationIndex:
    """One per process; every request asks for the current state, which first reads what the
    change log holds past its watermark, so an approval is offered by the next request."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._state: _State | None = None
        self._marks: dict[int, Head] = {}
        self._lock = threading.Lock()

    def matching(self, text: str, *, viewer: str | None, limit: int) -> list[OrganizationRead]:
        """Up to `limit` organisations whose name, or one of its words, starts with the text
        (folded), whole-name matches first, each in name order."""
        query = fold_name(text)
        if not query or limit <= 0:
            return []
        state = self.current()
        found: dict[str, OrganizationRead] = {}
        for keys in (state.names, state.words):
            for org_id in _prefixed(keys, query):
                org = state.by_id[org_id]
                if org_id not in found and visible(org, viewer):
                    found[org_id] = org
                    if len(found) == limit:
                        return list(found.values())
        return list(found.values())

    def named(self, name: str, *, viewer: str | None) -> OrganizationRead | None:
        """The organisation with exactly this name (folded) that `viewer` may be offered."""
        query = fold_name(name)
        state = self.current()
        for org_id in _prefixed(state.names, query):
            org = state.by_id[org_id]
            if org.name_folded == query and visible(org, viewer):
                return org
        return None

    def names_of(self, ids: list[str]) -> dict[str, str]:
        """The names of these organisations (those that exist), whoever proposed them: for the
        profile that names them."""
        by_id = self.current().by_id
        return {i: by_id[i].name for i in ids if i in by_id}

    def current(self) -> _State:
        heads = ChangeRepository(self.store).heads()
        state = self._state
        if state is not None and heads == self._marks:
            return state
        with self._lock:
            if self._state is not None and heads == self._marks:
                return self._state
            changed = self._changed(heads) if self._state is not None else None
            repo = OrganizationRepository(self.store)
            if self._state is None or changed is None or len(changed) > REBUILD_AT:
                # Read after the heads: a change in between is read again next time.
                self._state = _state({o.id: o for o in repo.all()})
            elif changed:
                by_id = dict(self._state.by_id)
                for org_id in changed:
                    org = repo.find(org_id)
                    if org is None:
                        by_id.pop(org_id, None)
                    else:
                        by_id[org_id] = org
                self._state = _state(by_id)
            self._marks = heads
            return self._state

    def _changed(self, heads: dict[int, Head]) -> set[str] | None:
        """The organisations the records past the watermark name; None if they cannot all be
        read (the graph was emptied, or records were trimmed away)."""
        changes = changes_since(self.store, self._marks, heads)
        if changes is None:
            return None
        return {c.ref for c in changes if c.entity == ORGANIZATION}
