"""Merging two profiles of one person, and undoing it exactly.

The survivor takes the union of the evidence (skills at the higher level, affiliations,
works, contact details it lacked); the merged profile stays in the graph, marked `merged`
with a MERGED_INTO link, so its id still resolves to the survivor. A snapshot of both profiles
before the merge lets an admin undo it, as long as the survivor has not changed since.
"""

import json
from typing import Any

from pydantic import BaseModel

from graph import GraphStore
from graph.queries import experts as eq
from graph.queries import merges as q
from talent.accounts.models import AccountRead
from talent.accounts.repository import AccountRepository
from talent.audit.log import Action, AuditLog
from talent.core.errors import Conflict, InvalidInput, NotFound
from talent.core.ids import new_id, now_ms
from talent.core.repository import data_changed
from talent.core.types import Source
from talent.duplicates.checker import reset_duplicates
from talent.experts.models import EXPERT_SYSTEM_FIELDS, ExpertCreate, ExpertRead, ExpertStatus
from talent.experts.service import ExpertService, actor_of

_SOURCE_RANK = {s: i for i, s in enumerate(Source)}
# Filled from the merged profile when the survivor lacks them.
_SCALARS = (
    "phone",
    "birth_year",
    "orcid",
    "nationality",
    "headline",
    "bio",
    "available_from",
    "available_until",
    "family_name",
    "given_name",
)
_MAX_EMAILS = 5


class MergeView(BaseModel):
    id: str
    survivor_id: str
    merged_id: str
    state: str
    by: str
    at: int
    undone_by: str | None = None
    undone_at: int | None = None
    works_added: list[str]


def combine(survivor: ExpertRead, merged: ExpertRead) -> ExpertCreate:
    data = survivor.model_dump(include=set(ExpertCreate.model_fields))
    other = merged.model_dump(include=set(ExpertCreate.model_fields))
    for name in _SCALARS:
        if data[name] in (None, ""):
            data[name] = other[name]
    emails = list(data["emails"])
    emails += [e for e in other["emails"] if e.lower() not in {x.lower() for x in emails}]
    data["emails"] = emails[:_MAX_EMAILS]
    data["languages"] = list(dict.fromkeys(data["languages"] + other["languages"]))
    data["engagement_modes"] = list(
        dict.fromkeys(data["engagement_modes"] + other["engagement_modes"])
    )
    data["years_experience"] = max(data["years_experience"], other["years_experience"])
    data["verification_grade"] = max(data["verification_grade"], other["verification_grade"])
    skills = {s["skill_id"]: s for s in data["skills"]}
    for claim in other["skills"]:
        mine = skills.get(claim["skill_id"])
        if mine is None or _stronger(claim, mine):
            skills[claim["skill_id"]] = claim
    data["skills"] = list(skills.values())
    orgs = {a["organization_id"]: a for a in data["affiliations"]}
    for affiliation in other["affiliations"]:
        orgs.setdefault(affiliation["organization_id"], affiliation)
    data["affiliations"] = list(orgs.values())
    data["status"] = ExpertStatus.ACTIVE
    return ExpertCreate.model_validate(data)


def _stronger(claim: dict[str, Any], mine: dict[str, Any]) -> bool:
    return (claim["level"], _SOURCE_RANK[claim["source"]]) > (
        mine["level"],
        _SOURCE_RANK[mine["source"]],
    )


def _view(props: dict[str, Any]) -> MergeView:
    data = dict(props)
    data["works_added"] = json.loads(data.pop("works_added", "[]"))
    return MergeView.model_validate({k: v for k, v in data.items() if k in MergeView.model_fields})


class Merges:
    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.experts = ExpertService(store)

    def get(self, merge_id: str) -> MergeView:
        return _view(self._props(merge_id))

    def _props(self, merge_id: str) -> dict[str, Any]:
        rows = self.store.run(q.get(merge_id))
        if not rows:
            raise NotFound(f"merge '{merge_id}' does not exist", fields={"id": merge_id})
        return dict(rows[0]["merge"])

    def merge(self, admin: AccountRead, survivor_id: str, merged_id: str) -> MergeView:
        if survivor_id == merged_id:
            raise InvalidInput(
                "a profile cannot be merged into itself", fields={"merged_id": merged_id}
            )
        repo = self.experts.repo
        survivor, merged = repo.get(survivor_id), repo.get(merged_id)
        for name, expert in (("survivor_id", survivor), ("merged_id", merged)):
            if expert.status in (ExpertStatus.MERGED, ExpertStatus.WITHDRAWN):
                raise Conflict(f"'{expert.id}' is {expert.status}", fields={name: expert.id})
        item = combine(survivor, merged)
        theirs = self._works(merged_id)
        works_added = sorted(set(theirs) - set(self._works(survivor_id)))
        accounts = [a.id for a in AccountRepository(self.store).for_expert(merged_id)]
        stamp = now_ms()
        after = repo.replace(
            survivor_id,
            item,
            created_at=survivor.created_at,
            system=_system(survivor),
            updated_at=stamp,
        )
        self.store.run(eq.add_authorship(survivor_id, works_added))
        self.store.run(
            eq.set_props(
                merged_id, {"status": ExpertStatus.MERGED.value, "merged_into": survivor_id}
            )
        )
        self.store.run(q.link(merged_id, survivor_id))
        for account_id in accounts:
            AccountRepository(self.store).update(account_id, expert_id=survivor_id)
        props = {
            "id": new_id(),
            "survivor_id": survivor_id,
            "merged_id": merged_id,
            "state": "merged",
            "by": admin.id,
            "at": stamp,
            "works_added": json.dumps(works_added),
            "accounts_moved": json.dumps(accounts),
            "survivor_updated_at": after.updated_at,
            "before": json.dumps(
                {
                    "survivor": survivor.model_dump(mode="json"),
                    "merged": merged.model_dump(mode="json"),
                }
            ),
        }
        record = self.store.run(q.create(props))[0]["merge"]
        data_changed(self.store)
        reset_duplicates(self.store)
        AuditLog(self.store).record(
            actor_of(admin),
            Action.EXPERT_MERGE,
            "expert",
            survivor_id,
            {"merge": props["id"], "merged": merged_id, "works_added": works_added},
        )
        return _view(record)

    def undo(self, admin: AccountRead, merge_id: str) -> MergeView:
        props = self._props(merge_id)
        if props["state"] != "merged":
            raise Conflict(
                f"merge '{merge_id}' was already undone", fields={"state": props["state"]}
            )
        repo = self.experts.repo
        survivor_id, merged_id = props["survivor_id"], props["merged_id"]
        current = repo.get(survivor_id)
        if current.updated_at != props["survivor_updated_at"]:
            raise Conflict(
                "the survivor changed after the merge; undoing would lose those changes",
                fields={"survivor_id": survivor_id},
            )
        before = json.loads(props["before"])
        for expert_id in (survivor_id, merged_id):
            key = "survivor" if expert_id == survivor_id else "merged"
            snapshot = ExpertRead.model_validate(before[key])
            repo.replace(
                expert_id,
                ExpertCreate.model_validate(
                    snapshot.model_dump(include=set(ExpertCreate.model_fields))
                ),
                created_at=snapshot.created_at,
                system=_system(snapshot, all_fields=True),
                updated_at=snapshot.updated_at,
            )
        self.store.run(eq.remove_authorship(survivor_id, json.loads(props["works_added"])))
        self.store.run(q.unlink(merged_id, survivor_id))
        for account_id in json.loads(props.get("accounts_moved") or "[]"):
            AccountRepository(self.store).update(account_id, expert_id=merged_id)
        record = self.store.run(
            q.update(merge_id, {"state": "undone", "undone_by": admin.id, "undone_at": now_ms()})
        )[0]["merge"]
        data_changed(self.store)
        reset_duplicates(self.store)
        AuditLog(self.store).record(
            actor_of(admin),
            Action.EXPERT_UNMERGE,
            "expert",
            survivor_id,
            {"merge": merge_id, "merged": merged_id},
        )
        return _view(record)

    def _works(self, expert_id: str) -> list[str]:
        return [row["id"] for row in self.store.run(eq.authored_work_ids(expert_id))]


def _system(expert: ExpertRead, *, all_fields: bool = False) -> dict[str, Any]:
    """System properties to write; an exact restore also writes the absent ones as absent."""
    values = {name: getattr(expert, name) for name in EXPERT_SYSTEM_FIELDS}
    return values if all_fields else {k: v for k, v in values.items() if v is not None}
