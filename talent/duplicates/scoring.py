"""Finding the same person among expert profiles, Vietnamese-aware.

Evidence, not one rule: a shared e-mail or ORCID settles it; otherwise the names must be close
once folded (no diacritics, any order: "Nguyễn Văn Ánh", "nguyen van anh" and "Anh Nguyen Van"
are one key), and birth year, affiliations, skills and country confirm or refute. A name that
many profiles carry ("Nguyễn Văn Anh") proves little by itself, so it needs more support.
"""

import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
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
# New profiles compared in one pass of the first, rough comparison (a matrix of this many
# rows by the distinct names held, one byte a cell).
ROUGH_BATCH = 256


class Verdict(StrEnum):
    LIKELY = "likely"  # offered to the registrant to claim
    REVIEW = "review"  # queued for an admin


def distinct(values: Iterable[str]) -> tuple[str, ...]:
    """A set of strings as a sorted tuple: an index holds one per profile and field, and a
    tuple of ten costs a sixth of a set's memory."""
    return tuple(sorted(set(values)))


@dataclass(frozen=True, slots=True)
class Profile:
    id: str
    full_name: str
    emails: tuple[str, ...] = ()  # each `distinct`
    orcid: str | None = None
    birth_year: int | None = None
    country: str | None = None
    organizations: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    # A ministry list's key for the person: finds the profile again, never a duplicate sign.
    external_id: str | None = None

    @classmethod
    def of(cls, profile_id: str, expert: ExpertCreate) -> "Profile":
        return cls(
            id=profile_id,
            full_name=expert.full_name,
            emails=distinct(str(e).lower() for e in expert.emails),
            orcid=expert.orcid,
            birth_year=expert.birth_year,
            country=expert.country,
            organizations=distinct(a.organization_id for a in expert.affiliations),
            skills=distinct(s.skill_id for s in expert.skills),
            external_id=expert.external_id,
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
    if set(new.organizations).intersection(old.organizations):
        reasons["organizations"] = 1.0
    if new.skills and old.skills:
        both = set(new.skills)
        shared = len(both.intersection(old.skills)) / len(both.union(old.skills))
        # Different people in one field share a quarter of their skills; the same person, most.
        if shared > 0.25:
            reasons["skills"] = round(min(1.5, 1.5 * (shared - 0.25) / 0.25), 4)
    if new.country and old.country and new.country == old.country:
        reasons["country"] = 0.25
    return reasons, contradicted


class DuplicateIndex:
    """Profiles by e-mail, ORCID, list key and name; `find` checks one new profile against all,
    `find_many` a batch in one pass."""

    def __init__(self, profiles: Iterable[Profile] = ()) -> None:
        # Held by whoever reads or changes the index: a process changes it in place as the
        # change log says profiles changed.
        self.lock = threading.Lock()
        self._profiles: list[Profile] = []
        self._keys: list[str] = []
        self._by_email: dict[str, int] = {}
        self._by_orcid: dict[str, int] = {}
        self._by_external: dict[str, int] = {}
        self._key_count: Counter[str] = Counter()
        self._token_count: Counter[str] = Counter()
        self._alive: list[bool] = []
        self._position: dict[str, int] = {}
        # Names' sorted letters, each once, with the slots carrying them: Vietnamese names
        # repeat, so the rough pass compares far fewer strings than there are profiles.
        self._letters: list[str] = []
        self._letter_slot: dict[str, int] = {}
        self._holders: list[list[int]] = []
        for profile in profiles:
            self.add(profile)

    def __getstate__(self) -> dict[str, object]:
        """Its contents as of now (a checkpoint), without the lock."""
        with self.lock:
            state = {
                k: (v.copy() if isinstance(v, list | dict) else v)
                for k, v in vars(self).items()
                if k != "lock"
            }
            # A bulk import adds to the index under its lock while the copy is pickled.
            state["_holders"] = [list(slots) for slots in self._holders]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        vars(self).update(state)
        self.lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._position)

    def add(self, profile: Profile) -> None:
        """Add a profile, or replace the one with the same id."""
        self.remove(profile.id)
        position = len(self._profiles)
        key = name_key(profile.full_name)
        self._profiles.append(profile)
        self._keys.append(key)
        self._alive.append(True)
        self._position[profile.id] = position
        self._key_count[key] += 1
        self._token_count.update(set(key.split()))
        letters = _letters(key)
        slot = self._letter_slot.get(letters)
        if slot is None:
            slot = self._letter_slot[letters] = len(self._letters)
            self._letters.append(letters)
            self._holders.append([])
        self._holders[slot].append(position)
        for email in profile.emails:
            self._by_email.setdefault(email, position)
        if profile.orcid:
            self._by_orcid.setdefault(profile.orcid, position)
        if profile.external_id:
            self._by_external.setdefault(profile.external_id, position)

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
        holders = self._holders[self._letter_slot[_letters(key)]]
        holders.remove(position)
        for email in old.emails:
            if self._by_email.get(email) == position:
                del self._by_email[email]
        if old.orcid and self._by_orcid.get(old.orcid) == position:
            del self._by_orcid[old.orcid]
        if old.external_id and self._by_external.get(old.external_id) == position:
            del self._by_external[old.external_id]

    def holder(self, kind: str, value: str) -> str | None:
        """The live profile carrying this key ("email" lower-cased, "orcid", "external_id")."""
        table = {"email": self._by_email, "orcid": self._by_orcid, "external_id": self._by_external}
        position = table[kind].get(value)
        return None if position is None else self._profiles[position].id

    def find(self, new: Profile, *, limit: int = 10) -> list[Candidate]:
        """Likely and uncertain duplicates of `new`, best first (ties by id)."""
        return self.find_many([new], limit=limit)[0]

    def find_many(self, news: Sequence[Profile], *, limit: int = 10) -> list[list[Candidate]]:
        """`find` for each of `news`, against the index only (not each other): the cheap first
        pass over every distinct name done for the batch at once, on every core."""
        keys = [name_key(new.full_name) for new in news]
        rough = self._rough([_letters(key) for key in keys])
        return [
            self._verdicts(new, key, rough[_letters(key)], limit)
            for new, key in zip(news, keys, strict=True)
        ]

    def _rough(self, queries: list[str]) -> dict[str, list[int]]:
        """Per distinct query, the slots of the names whose letters are close to it."""
        distinct = sorted(set(queries))
        found: dict[str, list[int]] = {q: [] for q in distinct}
        if not self._letters:
            return found
        for start in range(0, len(distinct), ROUGH_BATCH):
            batch = distinct[start : start + ROUGH_BATCH]
            scores = process.cdist(
                batch,
                self._letters,
                scorer=fuzz.ratio,
                processor=None,
                score_cutoff=ROUGH_CUTOFF,
                dtype=np.uint8,
                workers=-1 if len(batch) > 1 else 1,
            )
            for query, row in zip(batch, scores, strict=True):
                found[query] = np.flatnonzero(row).tolist()
        return found

    def _verdicts(self, new: Profile, key: str, slots: list[int], limit: int) -> list[Candidate]:
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
        # The order-robust comparison on the few names the rough pass left, once per name.
        similar: dict[str, float] = {}
        close = []
        for slot in slots:
            for position in self._holders[slot]:
                other = self._keys[position]
                if other not in similar:
                    similar[other] = fuzz.token_set_ratio(key, other, score_cutoff=NAME_CUTOFF)
                if similar[other]:
                    close.append((similar[other], position))
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
