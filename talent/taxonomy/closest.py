"""The skills a mistyped or unknown name most likely meant: each skill scored by its closest
name (English, Vietnamese or an alias), diacritics and case folded, so that "hoc mayy" and
"Machin lerning" both find Học máy / Machine learning."""

from collections.abc import Sequence
from difflib import SequenceMatcher

from talent.core.names import fold_name
from talent.search.skills import SkillLabel

# Below this likeness (0 to 1) a skill is not offered: "robotics" does not mean "ethics".
MIN_LIKENESS = 0.6
LIMIT = 3


def _likeness(typed: str, name: str) -> float:
    if not name:
        return 0.0
    if name.startswith(typed) or f" {typed}" in f" {name}":
        # A name (or one of its words) typed in part is close whatever its length.
        return 0.9 + SequenceMatcher(None, typed, name).ratio() / 10
    matcher = SequenceMatcher(None, typed, name)
    if matcher.real_quick_ratio() < MIN_LIKENESS or matcher.quick_ratio() < MIN_LIKENESS:
        return 0.0
    return matcher.ratio()


def closest(labels: Sequence[SkillLabel], text: str, *, limit: int = LIMIT) -> list[SkillLabel]:
    """Up to `limit` skills whose names are most like `text`, the likest first (ties by
    English name); none for a text like no skill's name."""
    typed = fold_name(text)
    if not typed:
        return []
    scored: list[tuple[float, str, SkillLabel]] = []
    for skill in labels:
        names = (skill.label_en, skill.label_vi, *skill.aliases)
        best = max(_likeness(typed, fold_name(n)) for n in names if n)
        if best >= MIN_LIKENESS:
            scored.append((best, skill.label_en, skill))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [skill for _, _, skill in scored[:limit]]
