"""What search reads from the graph: the scans its index is built from, and the current state
of the experts on one result page."""

import json
from dataclasses import dataclass

from graph import GraphStore
from graph.queries import insights
from graph.queries import saved_searches as saved_q
from graph.queries import search as q
from graph.store import Row
from talent.experts.models import Visibility
from talent.search.models import SavedSearch
from talent.search.skills import SkillLabel


@dataclass(frozen=True, slots=True)
class ExpertCard:
    """What the index filters, ranks or shows of one expert."""

    id: str
    name: str
    headline: str
    status: str
    consent_match: bool | None
    country: str
    residency: str | None
    diaspora: bool
    modes: tuple[str, ...]
    languages: tuple[str, ...]
    grade: int


@dataclass(frozen=True, slots=True)
class SkillLevel:
    expert: str
    skill: str
    level: int


@dataclass(frozen=True, slots=True)
class CurrentCard:
    """What may have changed about an expert since the index was built."""

    id: str
    name: str
    headline: str
    status: str
    consent_match: bool | None
    consent_contact: bool
    emails: tuple[str, ...]
    emails_visibility: Visibility


class SearchRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def skill_labels(self) -> list[SkillLabel]:
        """Every skill's labels, in id order; a skill without an English label goes by its id."""
        labels = [
            SkillLabel(r["id"], r["en"] or r["id"], r["vi"] or "", tuple(r["aliases"] or ()))
            for r in self.store.run(q.skill_labels())
        ]
        return sorted(labels, key=lambda label: label.skill_id)

    def group_names(self) -> list[tuple[str, int, str, str]]:
        """(id, number, English name, Vietnamese name) of each group of the decision in force."""
        return [
            (r["id"], int(r["no"] or 0), r["name_en"] or r["id"], r["name_vi"] or "")
            for r in self.store.run(insights.current_groups())
        ]

    def current_cards(self, ids: list[str]) -> dict[str, CurrentCard]:
        """By id, the experts of `ids` that still exist."""
        if not ids:
            return {}
        return {
            r["id"]: CurrentCard(
                id=r["id"],
                name=r["name"],
                headline=r["headline"] or "",
                status=r["status"],
                consent_match=r["consent_match"],
                consent_contact=bool(r["consent_contact"]),
                emails=tuple(r["emails"] or ()),
                emails_visibility=Visibility(r["emails_visibility"] or Visibility.ADMINS),
            )
            for r in self.store.run(q.current_cards(ids))
        }


def _saved(props: Row) -> SavedSearch:
    data = dict(props)
    data["search"] = json.loads(data["search"])
    return SavedSearch.model_validate(data)


class SavedSearchRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def create(self, saved: SavedSearch) -> SavedSearch:
        props = saved.model_dump(mode="json", exclude_none=True)
        props["search"] = json.dumps(props["search"], sort_keys=True)
        return _saved(self.store.run(saved_q.create(props))[0]["saved"])

    def get(self, saved_id: str, owner: str) -> SavedSearch | None:
        rows = self.store.run(saved_q.get(saved_id, owner))
        return _saved(rows[0]["saved"]) if rows else None

    def of_owner(self, owner: str) -> list[SavedSearch]:
        return [_saved(row["saved"]) for row in self.store.run(saved_q.of_owner(owner))]

    def seen(self, saved_id: str, owner: str, ids: list[str], at: int) -> None:
        self.store.run(saved_q.seen(saved_id, owner, ids, at))

    def delete(self, saved_id: str, owner: str) -> bool:
        return bool(self.store.run(saved_q.delete(saved_id, owner)))

    def by_ids(self, ids: list[str]) -> dict[str, SavedSearch]:
        if not ids:
            return {}
        found = (_saved(row["saved"]) for row in self.store.run(saved_q.by_ids(ids)))
        return {saved.id: saved for saved in found}
