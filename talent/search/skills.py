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
