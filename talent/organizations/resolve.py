"""Which organisation an import means: by ROR id first (an organisation carrying it, else the
loaded ROR record, from which one is proposed), then by folded name against the organisations
in use and the records' names, aliases and labels; an acronym alone only where the country
agrees (“HU” is many universities). A resolution says how it matched, for a page to say why.
`ensure_organization` creates a proposed organisation in the caller's transaction."""

from dataclasses import dataclass
from enum import StrEnum

from graph import GraphStore
from talent.audit.log import Actor
from talent.core.names import fold_name
from talent.core.validators import ROR_PATTERN
from talent.organizations.register.repository import RorRepository
from talent.organizations.ror import RorRecord
from talent.resources import service as resources
from talent.resources.catalog import ORGANIZATION
from talent.resources.models import OrganizationCreate, OrganizationRead
from talent.resources.repository import ResourceRepository


class MatchedBy(StrEnum):
    ROR_ID = "ror_id"  # an organisation in use carries the ROR id
    ROR_RECORD = "ror_record"  # no organisation carries it; the loaded record does
    NAME = "name"  # an organisation in use has the name
    RECORD_NAME = "record_name"  # a record's name, alias or label
    RECORD_ACRONYM = "record_acronym"  # a record's acronym, in the country given
    NONE = "none"  # nothing, or more than one (see `ambiguous`)


@dataclass(frozen=True, slots=True)
class Resolution:
    """How a name (and ROR id) resolved: the organisation in use it names, or one proposed
    from a ROR record (created only by `ensure_organization`), or neither."""

    matched_by: MatchedBy
    organization: OrganizationRead | None = None
    proposed: OrganizationCreate | None = None
    record: RorRecord | None = None
    # With MatchedBy.NONE: how many organisations or records the name fitted equally.
    ambiguous: int = 0

    @property
    def found(self) -> bool:
        return self.organization is not None or self.proposed is not None


def proposal(record: RorRecord) -> OrganizationCreate | None:
    """The organisation a record stands for: its Vietnamese name where ROR has one; None for a
    record without a country (an organisation needs one)."""
    if record.country is None:
        return None
    return OrganizationCreate(
        name=record.name_vi or record.name,
        kind=record.kind,
        country=record.country,
        ror_id=record.id,
    )


def _from_record(
    store: GraphStore, record: RorRecord, how: MatchedBy, orgs: ResourceRepository
) -> Resolution:
    """An organisation carrying the record's id if there is one, else one proposed from it."""
    ror = RorRepository(store)
    held = ror.organizations_with(record.id)
    if held:
        return Resolution(how, organization=orgs.find(held[0]), record=record)
    # An organisation typed in without the id under another of the record's names.
    same = {
        org_id
        for key in record.names_folded
        for org_id, where in ror.organizations_named(key)
        if where == record.country
    }
    if len(same) == 1:
        return Resolution(how, organization=orgs.find(same.pop()), record=record)
    proposed = proposal(record)
    if proposed is None:
        return Resolution(MatchedBy.NONE, record=record)
    return Resolution(how, proposed=proposed, record=record)


def resolve_organization(
    store: GraphStore, *, name: str, ror_id: str | None, country: str | None
) -> Resolution:
    """The organisation `name` (with its ROR id and country where the source gives them)
    means: see the module's text for the order."""
    ror = RorRepository(store)
    orgs = ResourceRepository(store, ORGANIZATION)
    country = country.strip().upper() if country else None
    short = (ror_id or "").strip().lower().removeprefix("https://ror.org/")
    if short and ROR_PATTERN.match(short):
        held = ror.organizations_with(short)
        if held:
            return Resolution(MatchedBy.ROR_ID, organization=orgs.find(held[0]))
        record = ror.find(short)
        if record is not None:
            return _from_record(store, record, MatchedBy.ROR_RECORD, orgs)
    key = fold_name(name)
    if not key:
        return Resolution(MatchedBy.NONE)
    named = [
        org_id for org_id, where in ror.organizations_named(key) if not country or where == country
    ]
    if len(named) == 1:
        return Resolution(MatchedBy.NAME, organization=orgs.find(named[0]))
    if len(named) > 1:
        return Resolution(MatchedBy.NONE, ambiguous=len(named))
    found = ror.named(key)
    by_name = [r for r, acronym in found if not acronym and (not country or r.country == country)]
    if len(by_name) > 1:
        # Prefer the one organisation still active, as ROR lists its successors beside it.
        active = [r for r in by_name if r.status == "active"]
        by_name = active if len(active) == 1 else by_name
    if len(by_name) == 1:
        return _from_record(store, by_name[0], MatchedBy.RECORD_NAME, orgs)
    if len(by_name) > 1:
        return Resolution(MatchedBy.NONE, ambiguous=len(by_name))
    by_acronym = [r for r, acronym in found if acronym and country and r.country == country]
    if len(by_acronym) == 1:
        return _from_record(store, by_acronym[0], MatchedBy.RECORD_ACRONYM, orgs)
    return Resolution(MatchedBy.NONE, ambiguous=len(by_acronym) if len(by_acronym) > 1 else 0)


def ensure_organization(
    tx: GraphStore, resolution: Resolution, actor: Actor
) -> OrganizationRead | None:
    """The organisation the resolution names, creating the proposed one (audited) within the
    caller's transaction `tx`; one created meanwhile with the same ROR id is used instead.
    None when the resolution found nothing."""
    repo = ResourceRepository(tx, ORGANIZATION)
    if resolution.organization is not None:
        return resolution.organization
    proposed = resolution.proposed
    if proposed is None:
        return None
    if proposed.ror_id:
        held = RorRepository(tx).organizations_with(proposed.ror_id)
        if held:
            return repo.get(held[0])
    return resources.create(repo=repo, item=proposed, actor=actor)
