"""What an admin looks at to decide: a profile with its claims named (skills, organisations,
works), and a possible duplicate pair side by side with what agrees marked, so that the
decision rests on the evidence rather than on ids."""

from pydantic import BaseModel

from graph import GraphStore
from talent.accounts.models import AccountRead
from talent.accounts.repository import AccountRepository
from talent.core.errors import NotFound
from talent.core.types import Source
from talent.duplicates.scoring import name_key
from talent.experts.models import ExpertRead
from talent.experts.repository import ExpertRepository
from talent.experts.service import ExpertService
from talent.resources.catalog import ORGANIZATION, WORK
from talent.resources.repository import ResourceRepository
from talent.reviews.merges import Merges
from talent.reviews.models import MergeView, Review, ReviewKind
from talent.reviews.queue import ReviewQueue
from talent.taxonomy.repository import TaxonomyRepository

# The evidence a pair is compared on, in the order the page shows it.
COMPARED = ("names", "birth_year", "orcid", "emails", "country", "skills", "affiliations")


class Claim(BaseModel):
    """A skill, affiliation or work of a profile, by name in both languages."""

    id: str
    name_en: str
    name_vi: str
    level: int | None = None
    title: str = ""
    source: Source = Source.SELF_DECLARED
    shared: bool = False


class Profile(BaseModel):
    """A profile as an admin reads it (through ExpertService, so the view is audited), with
    its claims named."""

    expert: ExpertRead
    skills: list[Claim]
    affiliations: list[Claim]
    works: list[Claim]
    shared_emails: list[str] = []


class Comparison(BaseModel):
    """A review with its profiles: two for a duplicate, one and the claimant for a claim."""

    review: Review
    profiles: list[Profile]
    agrees: dict[str, bool | None] = {}
    claimant: AccountRead | None = None


class MergeSummary(BaseModel):
    """A merge with its two profiles' names and states as they are now."""

    merge: MergeView
    survivor_name: str
    merged_name: str
    merged_status: str


def profile(store: GraphStore, viewer: AccountRead, expert_id: str) -> Profile:
    """The profile under `expert_id` (a merged id: its survivor), its claims named."""
    expert = ExpertService(store).read(viewer, expert_id)
    taxonomy = TaxonomyRepository(store)
    skills = []
    for claim in expert.skills:
        try:
            skill = taxonomy.skill(claim.skill_id)
            names = (skill.label_en, skill.label_vi)
        except NotFound:
            names = (claim.skill_id, claim.skill_id)
        skills.append(
            Claim(
                id=claim.skill_id,
                name_en=names[0],
                name_vi=names[1],
                level=claim.level,
                source=claim.source,
            )
        )
    organizations = ResourceRepository(store, ORGANIZATION)
    affiliations = []
    for affiliation in expert.affiliations:
        org = organizations.find(affiliation.organization_id)
        name = org.name if org is not None else affiliation.organization_id
        affiliations.append(
            Claim(
                id=affiliation.organization_id,
                name_en=name,
                name_vi=name,
                title=affiliation.title,
                source=affiliation.source,
            )
        )
    return Profile(
        expert=expert, skills=skills, affiliations=affiliations, works=_works(store, expert.id)
    )


def _works(store: GraphStore, expert_id: str) -> list[Claim]:
    works = ResourceRepository(store, WORK)
    found = []
    for work_id in ExpertRepository(store).authored_work_ids(expert_id):
        work = works.find(work_id)
        if work is not None:
            found.append(
                Claim(id=work.id, name_en=work.title, name_vi=work.title, source=work.source)
            )
    return sorted(found, key=lambda claim: claim.name_en)


def compare(store: GraphStore, viewer: AccountRead, review_id: str) -> Comparison:
    """The review and its profiles; for a duplicate pair, each piece of evidence that agrees
    (and, within lists, each shared item) is marked."""
    review = ReviewQueue(store).get(review_id)
    profiles = [profile(store, viewer, expert_id) for expert_id in review.expert_ids]
    if review.kind is ReviewKind.CLAIM:
        claimant = AccountRepository(store).get(review.account_id) if review.account_id else None
        return Comparison(review=review, profiles=profiles, claimant=claimant)
    left, right = profiles
    return Comparison(review=review, profiles=profiles, agrees=_mark(left, right))


def _mark(left: Profile, right: Profile) -> dict[str, bool | None]:
    """Per piece of evidence: True where it agrees, False where it differs, None where one
    profile lacks it (nothing to compare); shared list items are marked."""
    a, b = left.expert, right.expert
    agrees: dict[str, bool | None] = {
        "names": name_key(a.full_name) == name_key(b.full_name),
        "birth_year": _same(a.birth_year, b.birth_year),
        "orcid": _same(a.orcid, b.orcid),
        "country": a.country == b.country,
    }
    emails = {str(e).lower() for e in a.emails} & {str(e).lower() for e in b.emails}
    for side in (left, right):
        side.shared_emails = sorted(e for e in side.expert.emails if str(e).lower() in emails)
    agrees["emails"] = bool(emails) if a.emails and b.emails else None
    for kind in ("skills", "affiliations"):
        mine: list[Claim] = getattr(left, kind)
        theirs: list[Claim] = getattr(right, kind)
        both = {c.id for c in mine} & {c.id for c in theirs}
        for claim in [*mine, *theirs]:
            claim.shared = claim.id in both
        agrees[kind] = bool(both) if mine and theirs else None
    return agrees


def _same(one: object, other: object) -> bool | None:
    return None if one is None or other is None else one == other


def merge_summary(store: GraphStore, viewer: AccountRead, merge_id: str) -> MergeSummary:
    """A merge with both profiles' names, as they are now."""
    merge = Merges(store).get(merge_id)
    survivor = ExpertService(store).read(viewer, merge.survivor_id)
    # By its own id: the service would follow a merged id to its survivor. Only its name and
    # state are shown, which every admin may see.
    merged = ExpertRepository(store).get(merge.merged_id)
    return MergeSummary(
        merge=merge,
        survivor_name=survivor.full_name,
        merged_name=merged.full_name,
        merged_status=merged.status.value,
    )
