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
from talent.core.repository import record_changes
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
from talent.reviews.repository import MergeRepository, ReviewRepository

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
    """A merge and its undo are each one transaction: every write, the record to undo from,
    the change records and the audit event land together or not at all. Both profiles are
    written only at the versions read, so a profile changed meanwhile refuses it whole."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def get(self, merge_id: str) -> MergeView:
        return _record(MergeRepository(self.store), merge_id).view()

    def merge(
        self,
        admin: AccountRead,
        survivor_id: str,
        merged_id: str,
        *,
        review_id: str | None = None,
    ) -> MergeView:
        if survivor_id == merged_id:
            raise InvalidInput(
                "a profile cannot be merged into itself", fields={"merged_id": merged_id}
            )
        return self.store.write(
            lambda tx: self._merge(tx, admin, survivor_id, merged_id, review_id)
        )

    def _merge(
        self,
        tx: GraphStore,
        admin: AccountRead,
        survivor_id: str,
        merged_id: str,
        review_id: str | None,
    ) -> MergeView:
        experts, accounts, merges = ExpertRepository(tx), AccountRepository(tx), MergeRepository(tx)
        survivor, merged = experts.get(survivor_id), experts.get(merged_id)
        for name, expert in (("survivor_id", survivor), ("merged_id", merged)):
            if expert.status in (ExpertStatus.MERGED, ExpertStatus.WITHDRAWN):
                raise Conflict(f"'{expert.id}' is {expert.status}", fields={name: expert.id})
        moved = [a.id for a in accounts.for_expert(merged_id)]
        if _owned(accounts, merged_id) and _owned(accounts, survivor_id):
            # One profile, one owner: which person's account stays is not the merge's call.
            raise Conflict(
                "both profiles have an owner account; deactivate the one that should go first",
                fields={"merged_id": merged_id},
            )
        theirs = experts.authored_work_ids(merged_id)
        works_added = sorted(set(theirs) - set(experts.authored_work_ids(survivor_id)))
        stamp = now_ms()
        # First: both versions are checked, and both locks held, before anything else.
        experts.replace(
            survivor, combine(survivor, merged), system=_system(survivor), updated_at=stamp
        )
        experts.set_system(
            merged, SystemChanges(status=ExpertStatus.MERGED, merged_into=survivor_id)
        )
        experts.add_authorship(survivor_id, works_added)
        merges.link(merged_id, survivor_id)
        for account_id in moved:
            accounts.move_to(account_id, survivor_id)
        # A role the merged profile was proposed for now proposes the survivor: the ledger
        # counts it against them, and the role does not name a profile that is gone.
        proposals = merges.move_proposals(merged_id, survivor_id)
        record = MergeRecord(
            id=new_id(),
            survivor_id=survivor_id,
            merged_id=merged_id,
            state="merged",
            by=admin.id,
            at=stamp,
            works_added=works_added,
            accounts_moved=moved,
            proposals_moved=proposals,
            survivor_updated_at=stamp,
            survivor_version=survivor.version + 1,
            review_id=review_id,
            before=MergeSnapshot(survivor=survivor, merged=merged),
        )
        merges.create(record)
        details = {"merge": record.id, "merged": merged_id, "works_added": works_added}
        _finish(tx, admin, Action.EXPERT_MERGE, (survivor_id, merged_id), details)
        return record.view()

    def undo(self, admin: AccountRead, merge_id: str) -> MergeView:
        return self.store.write(lambda tx: self._undo(tx, admin, merge_id))

    def _undo(self, tx: GraphStore, admin: AccountRead, merge_id: str) -> MergeView:
        experts, merges = ExpertRepository(tx), MergeRepository(tx)
        record = _record(merges, merge_id)
        at = now_ms()
        if not merges.mark_undone(merge_id, by=admin.id, at=at):
            raise Conflict(f"merge '{merge_id}' was already undone", fields={"state": "undone"})
        survivor_id, merged_id = record.survivor_id, record.merged_id
        current = experts.get(survivor_id)
        if _changed_since(current, record):
            raise Conflict(
                "the survivor changed after the merge; undoing would lose those changes",
                fields={"survivor_id": survivor_id},
            )
        for snapshot in (record.before.survivor, record.before.merged):
            _restore(experts, experts.get(snapshot.id), snapshot)
        experts.remove_authorship(survivor_id, record.works_added)
        merges.unlink(merged_id, survivor_id)
        merges.restore_proposals(merged_id, survivor_id, record.proposals_moved)
        accounts = AccountRepository(tx)
        for account_id in record.accounts_moved:
            accounts.move_to(account_id, merged_id)
        details: dict[str, object] = {"merge": merge_id, "merged": merged_id}
        # The decision that made the merge is undone with it: the pair is undecided again.
        if record.review_id and ReviewRepository(tx).reopen(record.review_id, decision="merge"):
            details["review_reopened"] = record.review_id
        _finish(tx, admin, Action.EXPERT_UNMERGE, (survivor_id, merged_id), details)
        undone = record.model_copy(
            update={"state": "undone", "undone_by": admin.id, "undone_at": at}
        )
        return undone.view()


def _record(merges: MergeRepository, merge_id: str) -> MergeRecord:
    record = merges.get(merge_id)
    if record is None:
        raise NotFound(f"merge '{merge_id}' does not exist", fields={"id": merge_id})
    return record


def _changed_since(current: ExpertRead, record: MergeRecord) -> bool:
    if record.survivor_version is not None:
        return current.version != record.survivor_version
    return current.updated_at != record.survivor_updated_at


def _finish(
    tx: GraphStore,
    admin: AccountRead,
    action: Action,
    pair: tuple[str, str],
    details: Mapping[str, object],
) -> None:
    """Tell the indexes, and audit."""
    record_changes(tx, expert_changes(pair))
    AuditLog(tx).record(actor_of(admin), action, "expert", pair[0], details)


def _owned(accounts: AccountRepository, expert_id: str) -> bool:
    return any(a.active for a in accounts.for_expert(expert_id))


def _restore(experts: ExpertRepository, current: ExpertRead, snapshot: ExpertRead) -> None:
    """The profile exactly as in the snapshot, stamps included, written over `current` (a
    version further: versions never go back)."""
    experts.replace(
        current,
        ExpertCreate.model_validate(snapshot.model_dump(include=set(ExpertCreate.model_fields))),
        system=_system(snapshot, all_fields=True),
        updated_at=snapshot.updated_at,
    )


def _system(expert: ExpertRead, *, all_fields: bool = False) -> dict[str, str | int | None]:
    """System properties to write; an exact restore also writes the absent ones as absent."""
    values: dict[str, str | int | None] = {
        name: getattr(expert, name) for name in EXPERT_SYSTEM_FIELDS
    }
    return values if all_fields else {k: v for k, v in values.items() if v is not None}
