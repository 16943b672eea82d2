"""Duplicate checks against the live profiles, from the index a process's snapshot keeps: built
from the snapshot's rows and patched, profile by profile, as the change log says they changed.
"""

from collections import defaultdict
from collections.abc import Collection

from graph import GraphStore
from talent.duplicates.scoring import Candidate, DuplicateIndex, Profile, distinct
from talent.experts.models import ExpertCreate
from talent.snapshot.follower import Current, Follower
from talent.snapshot.rows import Rows, Taxonomy

# The statuses of profiles a new one may duplicate.
LIVE = frozenset({"pending", "active"})


def profiles(rows: Rows) -> list[Profile]:
    """The pending or active profiles of `rows`, with their skills and organisations."""
    skills: dict[str, set[str]] = defaultdict(set)
    orgs: dict[str, set[str]] = defaultdict(set)
    # One string object per skill, organisation and country, not one per profile holding it:
    # the graph's driver reads each anew (millions of copies at a million profiles).
    one: dict[str, str] = {}
    for edge in rows.skills:
        skills[edge.expert].add(one.setdefault(edge.skill, edge.skill))
    for tie in rows.affiliations:
        orgs[tie.expert].add(one.setdefault(tie.org, tie.org))
    return [
        Profile(
            id=row.id,
            full_name=row.full_name or "",
            emails=distinct(e.lower() for e in row.emails or []),
            orcid=row.orcid,
            birth_year=row.birth_year,
            country=None if row.country is None else one.setdefault(row.country, row.country),
            organizations=distinct(orgs.get(row.id, ())),
            skills=distinct(skills.get(row.id, ())),
            external_id=row.external_id,
        )
        for row in rows.experts
        if row.status in LIVE
    ]


def build_duplicates(rows: Rows) -> DuplicateIndex:
    return DuplicateIndex(profiles(rows))


def apply_duplicates(index: DuplicateIndex, rows: Rows) -> DuplicateIndex:
    """The index, changed in place (under its lock) to hold `rows.ids` as they are now."""
    with index.lock:
        for expert_id in rows.ids:
            index.remove(expert_id)
        for profile in profiles(rows):
            index.add(profile)
    return index


class DuplicateViews:
    """The duplicate index alone, for a process that needs nothing else."""

    def build(self, taxonomy: Taxonomy, rows: Rows, revision: str) -> DuplicateIndex:
        return build_duplicates(rows)

    def apply(self, state: DuplicateIndex, rows: Rows, revision: str) -> DuplicateIndex:
        return apply_duplicates(state, rows)

    def linked(self, state: DuplicateIndex, works: set[str], organizations: set[str]) -> set[str]:
        return set()

    def size(self, state: DuplicateIndex) -> int:
        return len(state)

    def drifted(self, state: DuplicateIndex) -> bool:
        return False


class DuplicateChecker:
    """`find` checks against every live profile as the graph holds it now."""

    def __init__(self, store: GraphStore, source: Current[DuplicateIndex] | None = None) -> None:
        self.store = store
        self.source: Current[DuplicateIndex] = source or Follower(
            store, DuplicateViews(), name="duplicate index", works=False
        )

    def index(
        self, *, written: Collection[str] = (), into: DuplicateIndex | None = None
    ) -> DuplicateIndex:
        """The index as the graph holds it now. `written`: profiles the caller wrote and then
        added itself to the index `into` (a bulk import's rows), which a follower does not read
        back while `into` is the index it follows."""
        if written and isinstance(self.source, Follower):
            index: DuplicateIndex = self.source.current(assumed=written, into=into)
            return index
        return self.source.current()

    def find(self, expert: ExpertCreate, *, exclude: str | None = None) -> list[Candidate]:
        profile = Profile.of(exclude or "", expert)
        index = self.source.current()
        with index.lock:
            return index.find(profile)
