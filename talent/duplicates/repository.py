"""What duplicate detection reads from the graph: the identifying fields of profiles and the
skills and organisations they link to."""

from collections import defaultdict
from dataclasses import dataclass

from graph import GraphStore
from graph.queries import duplicates as q
from graph.store import Row

LIVE = frozenset(q.LIVE)


@dataclass(frozen=True, slots=True)
class StoredProfile:
    """A profile's identifying fields as stored, with its status and last write."""

    id: str
    full_name: str
    emails: frozenset[str]
    orcid: str | None
    birth_year: int | None
    country: str | None
    updated_at: int
    # None where the profiles were read as live ones.
    status: str | None = None


@dataclass(frozen=True, slots=True)
class Links:
    """Per expert id, the ids of the skills and of the organisations it links to."""

    skills: dict[str, set[str]]
    organizations: dict[str, set[str]]


def _profile(row: Row) -> StoredProfile:
    return StoredProfile(
        id=row["id"],
        full_name=row["full_name"],
        emails=frozenset(e.lower() for e in row["emails"] or []),
        orcid=row["orcid"],
        birth_year=row["birth_year"],
        country=row["country"],
        updated_at=int(row["updated_at"] or 0),
        status=row.get("status"),
    )


class DuplicateRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def live_profiles(self) -> list[StoredProfile]:
        """Every pending or active profile."""
        return [_profile(row) for row in self.store.run(q.profiles())]

    def changed_since(self, stamp: int) -> list[StoredProfile]:
        """Profiles written after `stamp`, whatever their status: added, changed or gone."""
        return [_profile(row) for row in self.store.run(q.changed_since(stamp))]

    def links(self, expert_ids: list[str] | None) -> Links:
        """The links of these experts, or of every live one when `expert_ids` is None."""
        if expert_ids is None:
            skills, orgs = q.skill_links(), q.organization_links()
        else:
            skills, orgs = q.skill_links_of(expert_ids), q.organization_links_of(expert_ids)
        found = Links(skills=defaultdict(set), organizations=defaultdict(set))
        for row in self.store.run(skills):
            found.skills[row["expert"]].add(row["target"])
        for row in self.store.run(orgs):
            found.organizations[row["expert"]].add(row["target"])
        return found
