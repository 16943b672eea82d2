"""Browsing skills, and importing further schemes as extra concepts linked to ours."""

from pathlib import Path

from graph import GraphStore
from talent.core.names import fold_name
from talent.core.pagination import Page, page_of
from talent.taxonomy.bundled import bundled, skill_props
from talent.taxonomy.importers import read_scheme
from talent.taxonomy.models import Link, NodeRow, Skill
from talent.taxonomy.repository import TaxonomyRepository

BATCH = 1000


def skills_page(
    *, repo: TaxonomyRepository, group: str | None, scheme: str | None, after: str, limit: int
) -> Page[Skill]:
    """Skills in id order after the id `after`, optionally of one group or one scheme."""
    rows = repo.skills(group=group, scheme=scheme, after=after, limit=limit + 1)
    return page_of(rows, limit=limit, key=lambda skill: skill.id)


def narrower(*, repo: TaxonomyRepository, skill_id: str) -> list[Skill]:
    """The skills directly narrower than an existing skill."""
    repo.skill(skill_id)
    return repo.narrower(skill_id)


def _our_labels() -> dict[str, str]:
    """Folded label -> our skill, for every label and alias of the bundled skills."""
    ours: dict[str, str] = {}
    for skill in bundled()["skills"]:
        for label in (skill["en"], skill["vi"], *skill["aliases"]):
            ours.setdefault(fold_name(label), skill["id"])
    return ours


def import_scheme(store: GraphStore, path: Path) -> dict[str, str | int]:
    """Import a scheme file; concepts whose label matches one of our skills are linked to it."""
    scheme = read_scheme(path)
    ours = _our_labels()
    rows: list[NodeRow] = []
    broader: list[Link] = []
    matches: list[Link] = []
    known = {c.id for c in scheme.concepts}
    for concept in scheme.concepts:
        props = skill_props(
            en=concept.label,
            vi="",
            aliases=concept.aliases,
            scheme=scheme.name,
            version="",
            description=concept.description,
            uri=concept.uri,
        )
        rows.append(NodeRow(concept.id, props))
        broader += [Link(concept.id, b) for b in concept.broader if b in known]
        for label in (concept.label, *concept.aliases):
            if (target := ours.get(fold_name(label))) is not None:
                matches.append(Link(concept.id, target))
                break
    TaxonomyRepository(store).save_concepts(
        concepts=rows, broader=broader, matches=matches, batch=BATCH
    )
    return {
        "scheme": scheme.name,
        "concepts": len(rows),
        "broader": len(broader),
        "linked": len(matches),
    }
