"""The taxonomy as a person browses it: each current technology group with the skills listed
under it, optionally only the skills one of whose names holds the typed text (diacritics and
case folded, so "hoc may" finds Học máy)."""

from dataclasses import dataclass

from talent.core.names import fold_name
from talent.taxonomy.bundled import bundled
from talent.taxonomy.models import Skill, TechGroup
from talent.taxonomy.repository import TaxonomyRepository

# Our scheme's skills (imported schemes' concepts are linked to them, not listed).
MAX_SKILLS = 5000


@dataclass(frozen=True, slots=True)
class GroupSkills:
    group: TechGroup
    skills: list[Skill]


def _matches(skill: Skill, typed: str) -> bool:
    names = (skill.label_en, skill.label_vi, *skill.aliases)
    return any(typed in fold_name(name) for name in names if name)


def catalogue(*, repo: TaxonomyRepository, text: str = "") -> list[GroupSkills]:
    """The current groups in their decision's order, each with its skills (all, or those
    matching `text`); a group with no skill matching is left out when searching."""
    typed = fold_name(text)
    skills = repo.skills(group=None, scheme=bundled()["scheme"], after="", limit=MAX_SKILLS)
    shown = [s for s in skills if not typed or _matches(s, typed)]
    found = []
    for group in sorted((g for g in repo.groups(None) if g.current), key=lambda g: g.no):
        listed = [s for s in shown if group.id in s.groups]
        if listed or not typed:
            found.append(GroupSkills(group, listed))
    return found
