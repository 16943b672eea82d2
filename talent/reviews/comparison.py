"""What an admin looks at to decide: a profile with its claims named (skills, organisations,
works), and a possible duplicate pair side by side with what agrees marked (works by their
titles), what is missing on one profile told apart from what neither has, so that the decision
rests on the evidence rather than on ids; the names of the people each review is about."""

import re
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel

from graph import GraphStore
from talent.accounts.models import AccountRead
from talent.accounts.repository import AccountRepository
from talent.core.errors import NotFound
from talent.core.names import fold_name
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
COMPARED = (
    "names",
    "birth_year",
    "orcid",
    "emails",
    "country",
    "skills",
    "affiliations",
    "works",
)
# Sources that confirm a claim beyond its holder's word.
CONFIRMING = frozenset({Source.INSTITUTION_CONFIRMED, Source.MINISTRY_VERIFIED})
type Missing = Literal["one", "both"]
type Verification = Literal["unverified", "partly", "verified"]


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
    """A review with its profiles: two for a duplicate, one and the claimant for a claim.
    `agrees`: per piece of evidence, True, False, or None where it cannot be compared;
    `missing` says why not: "one" profile lacks it, or "both" do. `shared_titles`: the titles
    of the works both profiles list."""

    review: Review
    profiles: list[Profile]
    agrees: dict[str, bool | None] = {}
    missing: dict[str, Missing] = {}
    shared_titles: list[str] = []
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
    comparison = Comparison(review=review, profiles=profiles)
    _mark(comparison, left, right)
    return comparison


def _mark(comparison: Comparison, left: Profile, right: Profile) -> None:
    """Per piece of evidence: True where it agrees, False where it differs, None where one
    profile or both lack it (nothing to compare, and `missing` says which); shared list items
    are marked, works by their titles."""
    a, b = left.expert, right.expert
    agrees, missing = comparison.agrees, comparison.missing
    agrees["names"] = name_key(a.full_name) == name_key(b.full_name)
    agrees["country"] = a.country == b.country
    for name, one, other in (
        ("birth_year", a.birth_year, b.birth_year),
        ("orcid", a.orcid or None, b.orcid or None),
    ):
        agrees[name] = None if one is None or other is None else one == other
        _note_missing(missing, name, one is None, other is None)
    emails = {str(e).lower() for e in a.emails} & {str(e).lower() for e in b.emails}
    for side in (left, right):
        side.shared_emails = sorted(e for e in side.expert.emails if str(e).lower() in emails)
    agrees["emails"] = bool(emails) if a.emails and b.emails else None
    _note_missing(missing, "emails", not a.emails, not b.emails)
    for kind, key in (("skills", _by_id), ("affiliations", _by_id), ("works", _by_title)):
        mine: list[Claim] = getattr(left, kind)
        theirs: list[Claim] = getattr(right, kind)
        both = {key(c) for c in mine} & {key(c) for c in theirs}
        for claim in [*mine, *theirs]:
            claim.shared = key(claim) in both
        agrees[kind] = bool(both) if mine and theirs else None
        _note_missing(missing, kind, not mine, not theirs)
    comparison.shared_titles = _shared_titles(left.works, right.works)


def _shared_titles(mine: list[Claim], theirs: list[Claim]) -> list[str]:
    """Each title both profiles list, as each writes it ("A / a" where they differ)."""
    written: dict[str, list[str]] = {}
    for claim in [*mine, *theirs]:
        if claim.shared and claim.name_en not in written.setdefault(_by_title(claim), []):
            written[_by_title(claim)].append(claim.name_en)
    return sorted((" / ".join(forms) for forms in written.values()), key=fold_name)


def _note_missing(missing: dict[str, Missing], name: str, lacks: bool, other_lacks: bool) -> None:
    if lacks and other_lacks:
        missing[name] = "both"
    elif lacks or other_lacks:
        missing[name] = "one"


def _by_id(claim: Claim) -> str:
    return claim.id


def _by_title(claim: Claim) -> str:
    """A work's title as compared: letters and digits only, case and accents folded (one
    profile's "Deep Learning, 2nd ed." is the other's "deep learning 2nd ed")."""
    return re.sub(r"[^0-9a-z]+", " ", fold_name(claim.name_en).lower()).strip()


def verification(profile: Profile) -> Verification:
    """Where a profile's claims stand: "unverified" while no claim is confirmed by more than
    its holder's word (a confirmed e-mail address verifies no claim), "verified" when every
    claim is, else "partly"."""
    claims = [*profile.skills, *profile.affiliations, *profile.works]
    confirmed = [c for c in claims if c.source in CONFIRMING]
    if not confirmed:
        return "unverified"
    return "verified" if len(confirmed) == len(claims) else "partly"


def people(store: GraphStore, reviews: Iterable[Review]) -> dict[str, list[str]]:
    """Per review, the names of the people it is about: the two profiles of a possible
    duplicate; the profile and the claimant of a claim. A profile gone since shows its id."""
    experts, accounts = ExpertRepository(store), AccountRepository(store)
    names: dict[str, list[str]] = {}
    for review in reviews:
        found = []
        for expert_id in review.expert_ids:
            try:
                found.append(experts.get(expert_id).full_name)
            except NotFound:
                found.append(expert_id)
        if review.account_id:
            try:
                found.append(accounts.get(review.account_id).name)
            except NotFound:
                found.append(review.account_id)
        names[review.id] = found
    return names


def owners(store: GraphStore, review_id: str) -> list[tuple[str, AccountRead]]:
    """The active owner accounts of a duplicate pair's profiles, with each profile's name:
    what an admin deactivates when a merge is refused because both profiles have one."""
    review = ReviewQueue(store).get(review_id)
    experts, accounts = ExpertRepository(store), AccountRepository(store)
    found = []
    for expert_id in review.expert_ids:
        name = experts.get(expert_id).full_name
        found += [(name, a) for a in accounts.for_expert(expert_id) if a.active]
    return found


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
