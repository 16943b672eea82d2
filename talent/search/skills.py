"""Free text to taxonomy concepts, in English or Vietnamese, with "did you mean" for typos.

Labels, Vietnamese labels and aliases are folded like names ("Học máy" -> "hoc may") and
compared with rapidfuzz; an acronym ("ML", "NLP") must match exactly.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import BaseModel
from rapidfuzz import fuzz, process

from talent.core.names import fold_name

# At or above: the text names this concept. Between SUGGEST and MATCH: a suggestion.
MATCH = 85.0
SUGGEST = 60.0
_SHORT = 4  # labels this short (acronyms) match only exactly


@dataclass(frozen=True, slots=True)
class SkillLabel:
    skill_id: str
    label_en: str
    label_vi: str
    aliases: tuple[str, ...]


class Resolution(BaseModel):
    skill_id: str
    label_en: str
    label_vi: str
    score: float
    matched: str


class SkillResolver:
    def __init__(self, skills: Iterable[SkillLabel]) -> None:
        self._skills: dict[str, SkillLabel] = {}
        self._texts: list[str] = []
        self._owners: list[str] = []
        self._originals: list[str] = []
        for skill in skills:
            self._skills[skill.skill_id] = skill
            for label in (skill.label_en, skill.label_vi, *skill.aliases):
                folded = fold_name(label)
                if folded:
                    self._texts.append(folded)
                    self._owners.append(skill.skill_id)
                    self._originals.append(label)

    def label(self, skill_id: str) -> SkillLabel | None:
        """The labels of a skill the resolver knows."""
        return self._skills.get(skill_id)

    def starting_with(self, text: str, *, limit: int = 8) -> list[Resolution]:
        """Concepts with a label word that begins as `text` does (type-ahead), labels that
        begin so first."""
        query = fold_name(text)
        if not query:
            return []
        found: dict[str, tuple[int, str, str]] = {}
        for folded, owner, original in zip(self._texts, self._owners, self._originals, strict=True):
            if folded.startswith(query):
                rank = 0
            elif f" {query}" in f" {folded}":
                rank = 1
            else:
                continue
            if owner not in found or (rank, folded) < found[owner][:2]:
                found[owner] = (rank, folded, original)
        ranked = sorted(found.items(), key=lambda kv: (kv[1][0], kv[1][1]))[:limit]
        return [
            Resolution(
                skill_id=owner,
                label_en=self._skills[owner].label_en,
                label_vi=self._skills[owner].label_vi,
                score=1.0 if rank == 0 else 0.9,
                matched=original,
            )
            for owner, (rank, _, original) in ranked
        ]

    def resolve(self, text: str, *, limit: int = 5) -> tuple[list[Resolution], list[Resolution]]:
        """(matches, suggestions), each best first: concepts the text names, and near misses."""
        query = fold_name(text)
        if not query:
            return [], []
        best: dict[str, tuple[float, int]] = defaultdict(lambda: (0.0, -1))
        found = process.extract(
            query,
            self._texts,
            scorer=fuzz.token_sort_ratio,
            processor=None,
            score_cutoff=SUGGEST,
            limit=None,
        )
        for _, score, position in found:
            if len(self._texts[position]) <= _SHORT and self._texts[position] != query:
                continue
            owner = self._owners[position]
            if score > best[owner][0]:
                best[owner] = (score, position)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))
        results = [
            Resolution(
                skill_id=owner,
                label_en=self._skills[owner].label_en,
                label_vi=self._skills[owner].label_vi,
                score=round(score / 100, 3),
                matched=self._originals[position],
            )
            for owner, (score, position) in ranked
        ]
        matches = [r for r in results if r.score * 100 >= MATCH][:limit]
        suggestions = [r for r in results if r.score * 100 < MATCH][:limit]
        return matches, suggestions
