"""Merging two profiles of one person, and undoing it exactly.

The survivor takes the union of the evidence (skills at the higher level, affiliations,
works, contact details it lacked); the merged profile stays in the graph, marked `merged`
with a MERGED_INTO link, so its id still resolves to the survivor. A snapshot of both profiles
before the merge lets an admin undo it, as long as the survivor has not changed since.
"""

from collections.abc import Mapping

from graph import GraphStore
from talent.accounts.models import AccountRead
from talent.accounts.repository import AccountRepository
from talent.audit.log import Action, AuditLog, actor_of
from talent.core.changes import expert_changes
from talent.core.errors import Conflict, InvalidInput, NotFound
from talent.core.ids import new_id, now_ms
from talent.core.repository import Unit, record_changes
from talent.core.types import Source
from talent.experts.models import (
    EXPERT_SYSTEM_FIELDS,
    ExpertCreate,
    ExpertRead,
    ExpertStatus,
    SkillClaim,
    SystemChanges,
)
from talent.experts.repository import ExpertRepository
from talent.reviews.models import MergeRecord, MergeSnapshot, MergeView
from talent.reviews.repository import MergeRepository

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


def _stronger(claim: Mapping[str, object], mine: Mapping[str, object]) -> bool:
    """A higher level wins; at the same level, the better-proven source."""
    new, old = SkillClaim.model_validate(claim), SkillClaim.model_validate(mine)
    return (new.level, _SOURCE_RANK[new.source]) > (old.level, _SOURCE_RANK[old.source])


class Merges:
    """A merge and its undo are each one unit of work: every write, the record to undo from,
    the indexes' revisions and the audit event land together or not at all."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.experts = ExpertRepository(store)
        self.repo = MergeRepository(store)
        self.accounts = AccountRepository(store)

    def get(self, merge_id: str) -> MergeView:
        return self._record(merge_id).view()

    def _record(self, merge_id: str) -> MergeRecord:
        record = self.repo.get(merge_id)
        if record is None:
            raise NotFound(f"merge '{merge_id}' does not exist", fields={"id": merge_id})
        return record

    def merge(self, admin: AccountRead, survivor_id: str, merged_id: str) -> MergeView:
        if survivor_id == merged_id:
            raise InvalidInput(
                "a profile cannot be merged into itself", fields={"merged_id": merged_id}
            )
        survivor, merged = self.experts.get(survivor_id), self.experts.get(merged_id)
        for name, expert in (("survivor_id", survivor), ("merged_id", merged)):
            if expert.status in (ExpertStatus.MERGED, ExpertStatus.WITHDRAWN):
                raise Conflict(f"'{expert.id}' is {expert.status}", fields={name: expert.id})
        accounts = [a.id for a in self.accounts.for_expert(merged_id)]
        if _owned(self.accounts, merged_id) and _owned(self.accounts, survivor_id):
            # One profile, one owner: which person's account stays is not the merge's call.
            raise Conflict(
                "both profiles have an owner account; deactivate the one that should go first",
                fields={"merged_id": merged_id},
            )
        theirs = self.experts.authored_work_ids(merged_id)
        works_added = sorted(set(theirs) - set(self.experts.authored_work_ids(survivor_id)))
        stamp = now_ms()
        record = MergeRecord(
            id=new_id(),
            survivor_id=survivor_id,
            merged_id=merged_id,
            state="merged",
            by=admin.id,
            at=stamp,
            works_added=works_added,
            accounts_moved=accounts,
            survivor_updated_at=stamp,
            before=MergeSnapshot(survivor=survivor, merged=merged),
        )
        unit = Unit(
            self.store, "expert.merge", keys=[f"Expert:{survivor_id}", f"Expert:{merged_id}"]
        )
        experts = self.experts.within(unit)
        with unit.required():
            experts.check_unchanged([survivor, merged])
        experts.overwrite(
            survivor_id,
            combine(survivor, merged),
            created_at=survivor.created_at,
            system=_system(survivor),
            updated_at=stamp,
        )
        experts.add_authorship(survivor_id, works_added)
        experts.set_system(
            merged_id, SystemChanges(status=ExpertStatus.MERGED, merged_into=survivor_id)
        )
        MergeRepository(unit).link(merged_id, survivor_id)
        for account_id in accounts:
            AccountRepository(unit).move_to(account_id, survivor_id)
        MergeRepository(unit).create(record)
        details = {"merge": record.id, "merged": merged_id, "works_added": works_added}
        self._finish(unit, admin, Action.EXPERT_MERGE, (survivor_id, merged_id), details)
        return record.view()

    def undo(self, admin: AccountRead, merge_id: str) -> MergeView:
        record = self._record(merge_id)
        if record.state != "merged":
            raise Conflict(f"merge '{merge_id}' was already undone", fields={"state": record.state})
        survivor_id, merged_id = record.survivor_id, record.merged_id
        current = self.experts.get(survivor_id)
        if current.updated_at != record.survivor_updated_at:
            raise Conflict(
                "the survivor changed after the merge; undoing would lose those changes",
                fields={"survivor_id": survivor_id},
            )
        unit = Unit(
            self.store, "expert.unmerge", keys=[f"Expert:{survivor_id}", f"Expert:{merged_id}"]
        )
        with unit.required():
            MergeRepository(unit).check_merged(merge_id)
            self.experts.within(unit).check_unchanged([current])
        for snapshot in (record.before.survivor, record.before.merged):
            _restore(self.experts.within(unit), snapshot)
        self.experts.within(unit).remove_authorship(survivor_id, record.works_added)
        MergeRepository(unit).unlink(merged_id, survivor_id)
        for account_id in record.accounts_moved:
            AccountRepository(unit).move_to(account_id, merged_id)
        at = now_ms()
        MergeRepository(unit).mark_undone(merge_id, by=admin.id, at=at)
        details = {"merge": merge_id, "merged": merged_id}
        self._finish(unit, admin, Action.EXPERT_UNMERGE, (survivor_id, merged_id), details)
        undone = record.model_copy(
            update={"state": "undone", "undone_by": admin.id, "undone_at": at}
        )
        return undone.view()

    def _finish(
        self,
        unit: Unit,
        admin: AccountRead,
        action: Action,
        pair: tuple[str, str],
        details: Mapping[str, object],
    ) -> None:
        """Tell the indexes, audit, and apply; a profile changed meanwhile refuses it whole."""
        survivor_id = pair[0]
        record_changes(unit, expert_changes(pair))
        AuditLog(unit).record(actor_of(admin), action, "expert", survivor_id, details)
        unit.apply(
            refused=lambda: Conflict(
                "the profiles changed while this was decided; look again and retry",
                fields={"survivor_id": survivor_id},
            )
        )


def _owned(accounts: AccountRepository, expert_id: str) -> bool:
    return any(a.active for a in accounts.for_expert(expert_id))


def _restore(experts: ExpertRepository, snapshot: ExpertRead) -> None:
    """The profile exactly as in the snapshot, stamps included."""
    experts.overwrite(
        snapshot.id,
        ExpertCreate.model_validate(snapshot.model_dump(include=set(ExpertCreate.model_fields))),
        created_at=snapshot.created_at,
        system=_system(snapshot, all_fields=True),
        updated_at=snapshot.updated_at,
    )


def _system(expert: ExpertRead, *, all_fields: bool = False) -> dict[str, str | int | None]:
    """System properties to write; an exact restore also writes the absent ones as absent."""
    values: dict[str, str | int | None] = {
        name: getattr(expert, name) for name in EXPERT_SYSTEM_FIELDS
    }
    return values if all_fields else {k: v for k, v in values.items() if v is not None}
