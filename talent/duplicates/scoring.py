"""Finding the same person among expert profiles, Vietnamese-aware.

Evidence, not one rule: a shared e-mail or ORCID settles it; otherwise the names must be close
once folded (no diacritics, any order: "Nguyễn Văn Ánh", "nguyen van anh" and "Anh Nguyen Van"
are one key), and birth year, affiliations, skills and country confirm or refute. A name that
many profiles carry ("Nguyễn Văn Anh") proves little by itself, so it needs more support.
"""

import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from rapidfuzz import fuzz, process

from talent.core.names import fold_name
from talent.experts.models import ExpertCreate

# Names closer than this (0-100, rapidfuzz token-set ratio of folded names) are compared further.
NAME_CUTOFF = 85.0
# The first pass compares sorted letters, which no typo reorders.
ROUGH_CUTOFF = 85.0
# Supporting evidence needed (birth year and affiliation count up to 1, skills up to 1.5 as
# the surest sign, country 0.25):
# a common name needs more, since many different people carry it.
SUPPORT_LIKELY = 2.25
SUPPORT_LIKELY_COMMON = 2.5
SUPPORT_REVIEW = 1.5
# Extra support needed per point of name dissimilarity (0.9 similar: 0.2 more).
NAME_DOUBT = 2.0
# A family name carried by more than this share of profiles is common (Nguyễn: about 38 %).
COMMON_FAMILY_SHARE = 0.05


class Verdict(StrEnum):
    LIKELY = "likely"  # offered to the registrant to claim
    REVIEW = "review"  # queued for an admin


@dataclass(frozen=True, slots=True)
class Profile:
    id: str
    full_name: str
    emails: frozenset[str] = frozenset()
    orcid: str | None = None
    birth_year: int | None = None
    country: str | None = None
    organizations: frozenset[str] = frozenset()
    skills: frozenset[str] = frozenset()

    @classmethod
    def of(cls, profile_id: str, expert: ExpertCreate) -> "Profile":
        return cls(
            id=profile_id,
            full_name=expert.full_name,
            emails=frozenset(str(e).lower() for e in expert.emails),
            orcid=expert.orcid,
            birth_year=expert.birth_year,
            country=expert.country,
            organizations=frozenset(a.organization_id for a in expert.affiliations),
            skills=frozenset(s.skill_id for s in expert.skills),
        )


def name_key(full_name: str) -> str:
    """Folded tokens in sorted order: diacritics, case and name order do not matter."""
    return " ".join(sorted(fold_name(full_name).split()))


def _letters(key: str) -> str:
    """The name's letters in sorted order: a typo changes one or two, whatever the word order."""
    return "".join(sorted(key.replace(" ", "")))


def _score(name: float, support: float) -> float:
    return round(0.5 * name + 0.5 * min(1.0, support / 3), 4)


@dataclass(frozen=True, slots=True)
class Candidate:
    id: str
    score: float
    verdict: Verdict
    reasons: dict[str, float] = field(default_factory=dict)
    full_name: str = ""


def _support(new: Profile, old: Profile) -> tuple[dict[str, float], bool]:
    """What else the two profiles share, each counted 0..1, and whether anything contradicts."""
    reasons: dict[str, float] = {}
    contradicted = False
    if new.birth_year and old.birth_year:
        gap = abs(new.birth_year - old.birth_year)
        if gap <= 1:
            reasons["birth_year"] = 1.0 if gap == 0 else 0.5
        else:
            contradicted = True
    if new.organizations & old.organizations:
        reasons["organizations"] = 1.0
    if new.skills and old.skills:
        shared = len(new.skills & old.skills) / len(new.skills | old.skills)
        # Different people in one field share a quarter of their skills; the same person, most.
        if shared > 0.25:
            reasons["skills"] = round(min(1.5, 1.5 * (shared - 0.25) / 0.25), 4)
    if new.country and old.country and new.country == old.country:
        reasons["country"] = 0.25
    return reasons, contradicted


class DuplicateIndex:
    """Profiles by e-mail, ORCID and name key; `find` checks one new profile against all."""

    def __init__(self, profiles: Iterable[Profile] = ()) -> None:
        # Held by whoever reads or changes the index: a process changes it in place as the
        # change log says profiles changed.
        self.lock = threading.Lock()
        self._profiles: list[Profile] = []
        self._keys: list[str] = []
        self._letters: list[str] = []
        self._by_email: dict[str, int] = {}
        self._by_orcid: dict[str, int] = {}
        self._key_count: Counter[str] = Counter()
        self._token_count: Counter[str] = Counter()
        self._alive: list[bool] = []
        self._position: dict[str, int] = {}
        for profile in profiles:
            self.add(profile)

    def __len__(self) -> int:
        return len(self._position)

    def add(self, profile: Profile) -> None:
        """Add a profile, or replace the one with the same id."""
        self.remove(profile.id)
        position = len(self._profiles)
        key = name_key(profile.full_name)
        self._profiles.append(profile)
        self._keys.append(key)
        self._letters.append(_letters(key))
        self._alive.append(True)
        self._position[profile.id] = position
        self._key_count[key] += 1
        self._token_count.update(set(key.split()))
        for email in profile.emails:
            self._by_email.setdefault(email, position)
        if profile.orcid:
            self._by_orcid.setdefault(profile.orcid, position)

    def remove(self, profile_id: str) -> None:
        """Forget a profile (merged, withdrawn, changed); its slot stays, marked dead."""
        position = self._position.pop(profile_id, None)
        if position is None:
            return
        self._alive[position] = False
        old = self._profiles[position]
        key = self._keys[position]
        self._key_count[key] -= 1
        self._token_count.subtract(set(key.split()))
        for email in old.emails:
            if self._by_email.get(email) == position:
                del self._by_email[email]
        if old.orcid and self._by_orcid.get(old.orcid) == position:
            del self._by_orcid[old.orcid]

    def find(self, new: Profile, *, limit: int = 10) -> list[Candidate]:
        """Likely and uncertain duplicates of `new`, best first (ties by id)."""
        found: dict[int, Candidate] = {}
        exact = [self._by_email[e] for e in new.emails if e in self._by_email]
        if new.orcid and new.orcid in self._by_orcid:
            exact.append(self._by_orcid[new.orcid])
        for position in exact:
            old = self._profiles[position]
            if old.id != new.id:
                reason = "orcid" if new.orcid and new.orcid == old.orcid else "email"
                found[position] = Candidate(
                    old.id, 1.0, Verdict.LIKELY, {reason: 1.0}, old.full_name
                )
        key = name_key(new.full_name)
        # A cheap first pass over every name, then the order-robust comparison on the few left.
        rough = process.extract(
            _letters(key),
            self._letters,
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=ROUGH_CUTOFF,
            limit=None,
        )
        close = []
        for _, _, position in rough:
            if not self._alive[position]:
                continue
            similarity = fuzz.token_set_ratio(key, self._keys[position], score_cutoff=NAME_CUTOFF)
            if similarity:
                close.append((similarity, position))
        needed = SUPPORT_LIKELY_COMMON if self._is_common(key) else SUPPORT_LIKELY
        for similarity, position in close:
            old = self._profiles[position]
            if position in found or old.id == new.id:
                continue
            reasons, contradicted = _support(new, old)
            support = sum(reasons.values())
            if contradicted or support < SUPPORT_REVIEW:
                continue
            # A name that differs (a typo, or another person's) needs more support.
            verdict = (
                Verdict.LIKELY
                if support >= needed + NAME_DOUBT * (1 - similarity / 100)
                else Verdict.REVIEW
            )
            reasons["name"] = round(similarity / 100, 4)
            found[position] = Candidate(
                old.id, _score(similarity / 100, support), verdict, reasons, old.full_name
            )
        ranked = sorted(found.values(), key=lambda c: (c.verdict != Verdict.LIKELY, -c.score, c.id))
        return ranked[:limit]

    def _is_common(self, key: str) -> bool:
        """Several profiles carry this exact name, or one of its words is a common family name."""
        if self._key_count[key] > 1 or not self._position:
            return bool(self._key_count[key] > 1)
        share = max((self._token_count[t] for t in key.split()), default=0) / len(self._position)
        return share > COMMON_FAMILY_SHARE
