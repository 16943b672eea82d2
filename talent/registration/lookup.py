"""What people type, to what the graph holds: skills by their English or Vietnamese name (or
an alias), organisations by name. Folded like names, so "hoc may" finds "Học máy"."""

from collections.abc import Iterable, Sequence

from graph import GraphStore
from talent.core.names import fold_name
from talent.organizations.index import OrganizationIndex
from talent.resources.catalog import ORGANIZATION
from talent.resources.models import OrganizationRead
from talent.resources.repository import ResourceRepository
from talent.search.repository import SearchRepository
from talent.search.skills import SkillLabel

# Organisations are listed whole for a form's names; a bound keeps a runaway import cheap.
MAX_ORGANIZATIONS = 20_000
# Options a type-ahead offers at most.
MAX_SUGGESTED = 10
_PAGE = 500


def skill_labels(store: GraphStore) -> list[SkillLabel]:
    return SearchRepository(store).skill_labels()


def _names_of(skill: SkillLabel) -> list[str]:
    return [skill.label_en, skill.label_vi, *skill.aliases]


def _rank(folded_names: list[str], query: str) -> int | None:
    """0: a name is the text; 1: a name starts with it; 2: a word does; 3: contains it."""
    ranks = [
        0
        if name == query
        else 1
        if name.startswith(query)
        else 2
        if f" {query}" in f" {name}"
        else 3
        if query in name
        else None
        for name in folded_names
    ]
    found = [r for r in ranks if r is not None]
    return min(found) if found else None


def _best[T](items: Iterable[tuple[T, list[str]]], text: str, limit: int) -> list[T]:
    query = fold_name(text)
    if not query:
        return []
    ranked: list[tuple[int, int, T]] = []
    for order, (item, names) in enumerate(items):
        rank = _rank([fold_name(n) for n in names], query)
        if rank is not None:
            ranked.append((rank, order, item))
    ranked.sort(key=lambda r: (r[0], r[1]))
    return [item for _, _, item in ranked[:limit]]


def skills_matching(labels: Sequence[SkillLabel], text: str, *, limit: int = 8) -> list[SkillLabel]:
    """The skills one of whose names matches the text typed so far, best first."""
    return _best(((s, _names_of(s)) for s in labels), text, limit)


def skill_named(labels: Sequence[SkillLabel], text: str) -> SkillLabel | None:
    """The skill with exactly this name (English, Vietnamese or an alias, folded), if any."""
    query = fold_name(text)
    return next((s for s in labels if query in {fold_name(n) for n in _names_of(s)}), None)


def organizations(store: GraphStore) -> list[OrganizationRead]:
    repo = ResourceRepository(store, ORGANIZATION)
    found: list[OrganizationRead] = []
    after = ""
    while len(found) < MAX_ORGANIZATIONS:
        batch = repo.page(after=after, limit=_PAGE)
        found.extend(batch)
        if len(batch) < _PAGE:
            break
        after = batch[-1].id
    return found


def organizations_matching(
    index: OrganizationIndex, text: str, *, viewer: str | None, limit: int = MAX_SUGGESTED
) -> list[OrganizationRead]:
    """The organisations whose name matches the text typed so far, best first: only those
    `viewer` (a profile's id; None: anyone else) may be offered."""
    return index.matching(text, viewer=viewer, limit=limit)


def organization_named(
    index: OrganizationIndex, name: str, *, viewer: str | None
) -> OrganizationRead | None:
    """The organisation with exactly this name (folded) that `viewer` may be offered, if any."""
    return index.named(name, viewer=viewer)


def organizations_named(store: GraphStore, names: list[str]) -> dict[str, str | None]:
    """Each name (folded) to the id of the approved organisation with that name, or None; one
    read."""
    by_name = {o.name_folded: o.id for o in organizations(store) if o.proposed_by is None}
    return {name: by_name.get(fold_name(name)) for name in names}
