"""Duplicate checks against the live profiles in the graph, from an index kept per process and
rebuilt when experts change."""

import threading
from collections import defaultdict

from graph import GraphStore
from graph.queries import dedupe as q
from talent.dedupe import Candidate, DuplicateIndex, Profile
from talent.models import ExpertCreate
from talent.revision_cache import read_revision


def load_profiles(store: GraphStore) -> list[Profile]:
    links: dict[str, dict[str, set[str]]] = {"skills": defaultdict(set), "orgs": defaultdict(set)}
    for name, query in (("skills", q.skill_links()), ("orgs", q.organization_links())):
        for row in store.run(query):
            links[name][row["expert"]].add(row["target"])
    return [
        Profile(
            id=row["id"],
            full_name=row["full_name"],
            emails=frozenset(e.lower() for e in row["emails"] or []),
            orcid=row["orcid"],
            birth_year=row["birth_year"],
            country=row["country"],
            organizations=frozenset(links["orgs"].get(row["id"], ())),
            skills=frozenset(links["skills"].get(row["id"], ())),
        )
        for row in store.run(q.profiles())
    ]


class DuplicateChecker:
    """`find` is always checked against every live profile: the index is rebuilt whenever the
    graph's expert revision has moved since it was built."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._index: DuplicateIndex | None = None
        self._revision: str | None = None

    def find(self, expert: ExpertCreate, *, exclude: str | None = None) -> list[Candidate]:
        profile = Profile.of(exclude or "", expert)
        with self._lock:
            revision = read_revision(self.store)
            if self._index is None or revision != self._revision:
                self._index = DuplicateIndex(load_profiles(self.store))
                self._revision = revision
            return self._index.find(profile)
