"""Duplicate checks against the live profiles in the graph, from an index kept per process.

Reading every profile takes about 15 s at 100,000, so the index follows changes instead: when
the graph's revision moves, only profiles written since the last look are read again. Changes
that restore older timestamps or delete profiles (undoing a merge, deleting) reset the index
through their own revision, as does its age.
"""

import threading
import time
from collections.abc import Iterable

from graph import GraphStore
from talent.core.ids import now_ms
from talent.core.repository import RevisionRepository
from talent.core.revisions import read_revision
from talent.duplicates.repository import LIVE, DuplicateRepository, Links, StoredProfile
from talent.duplicates.scoring import Candidate, DuplicateIndex, Profile
from talent.experts.models import ExpertCreate

RESET_KEY = "dedupe-reset"
# Writers' clocks may differ a little: profiles written in this last stretch are looked at
# again on the next refresh (and skipped if unchanged).
CLOCK_SLACK_MS = 5_000
# Rebuilt whole at least this often, whatever happened.
FULL_REBUILD_S = 3600.0


def reset_duplicates(store: GraphStore) -> None:
    """Every process's duplicate index rebuilds whole before its next check."""
    RevisionRepository(store).bump(RESET_KEY)


def _profiles(stored: list[StoredProfile], links: Links) -> list[Profile]:
    return [
        Profile(
            id=p.id,
            full_name=p.full_name,
            emails=p.emails,
            orcid=p.orcid,
            birth_year=p.birth_year,
            country=p.country,
            organizations=frozenset(links.organizations.get(p.id, ())),
            skills=frozenset(links.skills.get(p.id, ())),
        )
        for p in stored
    ]


def _latest(profiles: Iterable[StoredProfile], default: int) -> int:
    return max((p.updated_at for p in profiles), default=default)


def _reset(before: tuple[str, str], now: tuple[str, str]) -> bool:
    """A reset was asked for, or the graph was emptied and refilled (a new epoch)."""
    return now[1] != before[1] or now[0].split(":")[0] != before[0].split(":")[0]


class DuplicateChecker:
    """`find` checks against every live profile as the graph holds it now."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.repo = DuplicateRepository(store)
        self._lock = threading.Lock()
        self._index: DuplicateIndex | None = None
        self._revision: tuple[str, str] | None = None
        self._watermark = 0
        # id -> updated_at of the profiles written after the watermark, already taken in
        self._recent: dict[str, int] = {}
        self._built = 0.0
        self.full_builds = 0
        self.refreshes = 0

    def find(self, expert: ExpertCreate, *, exclude: str | None = None) -> list[Candidate]:
        profile = Profile.of(exclude or "", expert)
        with self._lock:
            return self._current().find(profile)

    def _current(self) -> DuplicateIndex:
        revision = (read_revision(self.store), read_revision(self.store, RESET_KEY))
        stale = time.monotonic() - self._built > FULL_REBUILD_S
        if (
            self._index is None
            or stale
            or self._revision is None
            or _reset(self._revision, revision)
        ):
            stored = self.repo.live_profiles()
            self._index = DuplicateIndex(_profiles(stored, self.repo.links(None)))
            self._advance(stored)
            self._built = time.monotonic()
            self.full_builds += 1
        elif revision != self._revision:
            self._refresh(self._index)
        self._revision = revision
        return self._index

    def _refresh(self, index: DuplicateIndex) -> None:
        changed = [
            p
            for p in self.repo.changed_since(self._watermark)
            if self._recent.get(p.id) != p.updated_at
        ]
        live = [p for p in changed if p.status in LIVE]
        for p in changed:
            if p.status not in LIVE:
                index.remove(p.id)
        for profile in _profiles(live, self.repo.links([p.id for p in live])):
            index.add(profile)
        self._advance(changed)
        self.refreshes += 1

    def _advance(self, profiles: list[StoredProfile]) -> None:
        """Move the watermark to the latest write seen, but never into the last stretch where
        a writer with a slower clock may still add an earlier stamp."""
        latest = _latest(profiles, self._watermark)
        self._watermark = max(self._watermark, min(latest, now_ms() - CLOCK_SLACK_MS))
        self._recent.update({p.id: p.updated_at for p in profiles})
        self._recent = {k: v for k, v in self._recent.items() if v > self._watermark}
