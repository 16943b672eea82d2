"""Proposing a missing skill, and an admin's decision on it: accepted, it becomes a skill of
the taxonomy under the group the admin picks (named in English and Vietnamese, the proposed
name kept as an alias); rejected, it keeps the reason. Each in one transaction with its audit
event; a decision applies to the proposal as the admin read it."""

import re

from graph import GraphStore
from talent.audit.log import Action, Actor, AuditLog
from talent.core.errors import Conflict, InvalidInput, NotFound
from talent.core.ids import new_id, now_ms
from talent.core.names import fold_name
from talent.core.pagination import Page, page_of
from talent.search.repository import SearchRepository
from talent.taxonomy.bundled import bundled, skill_props
from talent.taxonomy.proposals.models import (
    Acceptance,
    ProposalCreate,
    ProposalRead,
    ProposalStatus,
    Rejection,
)
from talent.taxonomy.proposals.repository import CHANGED, ProposalRepository
from talent.taxonomy.repository import TaxonomyRepository

NAMED = "a skill with this name exists already"
NO_GROUP = "no technology group has this id"
NO_BROADER = "no skill has this id"


def propose(*, store: GraphStore, item: ProposalCreate, actor: Actor) -> ProposalRead:
    """A proposal waiting for an admin, with who sent it (an account, or a visitor's address)."""
    at = now_ms()
    props: dict[str, object] = {
        "id": f"{at:015d}-{new_id()[:8]}",
        "name": item.name,
        "description": item.description,
        "status": ProposalStatus.OPEN.value,
        "proposer": actor.id,
        "proposer_role": actor.role,
        "created_at": at,
        "version": 1,
    }

    def work(tx: GraphStore) -> ProposalRead:
        found = ProposalRepository(tx).create(props)
        details = {"name": item.name}
        AuditLog(tx).record(actor, Action.SKILL_PROPOSE, "skill_proposal", found.id, details)
        return found

    return store.write(work)


def page(
    *, store: GraphStore, status: ProposalStatus | None, after: str, limit: int
) -> Page[ProposalRead]:
    """Proposals oldest first, optionally of one status."""
    rows = ProposalRepository(store).page(
        status=status.value if status else None, after=after, limit=limit + 1
    )
    return page_of(rows, limit=limit, key=lambda p: p.id)


def skill_id_for(label_en: str) -> str:
    """The id a new skill gets: its English name, folded, words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", fold_name(label_en)).strip("-")[:80] or new_id()[:8]


def _check(tx: GraphStore, item: Acceptance) -> None:
    taxonomy = TaxonomyRepository(tx)
    try:
        taxonomy.group(item.group)
    except NotFound as exc:
        raise InvalidInput(NO_GROUP, fields={"group": NO_GROUP}) from exc
    if item.broader:
        try:
            taxonomy.skill(item.broader)
        except NotFound as exc:
            raise InvalidInput(NO_BROADER, fields={"broader": NO_BROADER}) from exc
    taken = {
        fold_name(name)
        for s in SearchRepository(tx).skill_labels()
        for name in (s.label_en, s.label_vi, *s.aliases)
        if name
    }
    for field in ("label_en", "label_vi"):
        if fold_name(getattr(item, field)) in taken:
            raise Conflict(NAMED, fields={field: NAMED})


def accept(*, store: GraphStore, proposal_id: str, item: Acceptance, actor: Actor) -> ProposalRead:
    """The proposal becomes a skill under `item.group`; 422 naming the field for an unknown
    group or broader skill, 409 for a name the taxonomy has, or a proposal decided since."""

    def work(tx: GraphStore) -> ProposalRead:
        repo = ProposalRepository(tx)
        proposal = repo.get(proposal_id)
        if proposal.status is not ProposalStatus.OPEN or proposal.version != item.version:
            raise Conflict(CHANGED, fields={"version": str(item.version)})
        _check(tx, item)
        skill_id = skill_id_for(item.label_en)
        if TaxonomyRepository(tx).has_skill(skill_id):
            raise Conflict(NAMED, fields={"label_en": NAMED})
        data = bundled()
        folded = {fold_name(item.label_en), fold_name(item.label_vi)}
        aliases = [] if fold_name(proposal.name) in folded else [proposal.name]
        props = skill_props(
            en=item.label_en,
            vi=item.label_vi,
            aliases=aliases,
            scheme=data["scheme"],
            version=data["version"],
            description=proposal.description,
        )
        changes = {
            "status": ProposalStatus.ACCEPTED.value,
            "skill_id": skill_id,
            "decided_by": actor.id,
            "decided_at": now_ms(),
        }
        decided = repo.decide(proposal_id, item.version, changes)
        repo.add_skill(skill_id, props, group=item.group, broader=item.broader)
        details = {"decision": "accepted", "skill": skill_id, "group": item.group}
        AuditLog(tx).record(
            actor, Action.SKILL_PROPOSAL_DECIDE, "skill_proposal", proposal_id, details
        )
        return decided

    return store.write(work)


def reject(*, store: GraphStore, proposal_id: str, item: Rejection, actor: Actor) -> ProposalRead:
    """The proposal is closed with the admin's reason; 409 if decided or changed since."""

    def work(tx: GraphStore) -> ProposalRead:
        changes = {
            "status": ProposalStatus.REJECTED.value,
            "reason": item.reason,
            "decided_by": actor.id,
            "decided_at": now_ms(),
        }
        decided = ProposalRepository(tx).decide(proposal_id, item.version, changes)
        details = {"decision": "rejected", "reason": item.reason}
        AuditLog(tx).record(
            actor, Action.SKILL_PROPOSAL_DECIDE, "skill_proposal", proposal_id, details
        )
        return decided

    return store.write(work)
