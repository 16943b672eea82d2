"""The search as the ministry's page shows it: each hit with its best skills named in both
languages, the technology groups with their names, and the cursors of the pages either side."""

from pydantic import BaseModel

from graph import GraphStore
from talent.accounts.models import AccountRead
from talent.search.index import SearchIndex
from talent.search.models import Facets, Hit, MatchedSkill, ResolvedSkill, SearchRequest
from talent.search.repository import SearchRepository
from talent.search.service import decode_cursor, encode_cursor, find_experts

TOP_SKILLS = 3


class ShownSkill(BaseModel):
    skill_id: str
    label_en: str
    label_vi: str
    level: int


class Via(BaseModel):
    """The narrower skill that met a skill asked for, as it reads inside a sentence."""

    label_en: str
    label_vi: str


class Card(BaseModel):
    hit: Hit
    top_skills: list[ShownSkill]
    via: dict[str, Via] = {}  # skill asked for -> the narrower skill that met it


def in_sentence(label: str) -> str:
    """A label as a word inside a sentence ("via deep learning"); acronyms kept ("IoT")."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def via(hit: Hit) -> dict[str, Via]:
    """The skills asked for that a narrower skill of the expert met."""
    return {
        m.skill_id: Via(label_en=in_sentence(m.via_label), label_vi=in_sentence(m.via_label_vi))
        for m in hit.matched
        if m.via_skill_id != m.skill_id
    }


class GroupName(BaseModel):
    id: str
    no: int
    name_en: str
    name_vi: str


class SearchPage(BaseModel):
    total: int
    offset: int
    cards: list[Card]
    facets: Facets
    skills: list[ResolvedSkill]
    groups: list[GroupName]
    next_cursor: str | None = None
    has_previous: bool = False
    previous_cursor: str | None = None  # None with `has_previous`: the first page


def shown_skill(index: SearchIndex, skill_id: str, level: int) -> ShownSkill:
    label = index.resolver.label(skill_id)
    return ShownSkill(
        skill_id=skill_id,
        label_en=label.label_en if label else skill_id,
        label_vi=label.label_vi if label else "",
        level=level,
    )


def top_skills(
    index: SearchIndex, expert_id: str, searched: list[MatchedSkill]
) -> list[ShownSkill]:
    """The skills searched for first, then the expert's highest levels, `TOP_SKILLS` at most."""
    shown = [shown_skill(index, s.skill_id, s.level) for s in searched if s.level > 0]
    # By position, not by searching `ids`: they are in id order only as first built; an expert
    # added since (a registration confirmed, a profile created by staff) is appended.
    p = index.position.get(expert_id)
    if p is not None and index.levels.shape[1]:
        columns, levels = index.levels.row(p)
        claimed = sorted(
            zip(columns.tolist(), levels.tolist(), strict=True),
            key=lambda pair: (-pair[1], index.skill_ids[pair[0]]),
        )
        taken = {s.skill_id for s in shown}
        for column, level in claimed:
            if len(shown) >= max(TOP_SKILLS, len(searched)):
                break
            skill_id = index.skill_ids[column]
            if skill_id not in taken and level > 0:
                shown.append(shown_skill(index, skill_id, int(level)))
    return shown


def search_page(
    *,
    store: GraphStore,
    index: SearchIndex,
    request: SearchRequest,
    limit: int,
    cursor: str | None,
    caller: AccountRead,
) -> SearchPage:
    """`find_experts`' page, with what a result card and the filters show."""
    offset = decode_cursor(request, cursor)
    result = find_experts(
        store=store, index=index, request=request, limit=limit, cursor=cursor, caller=caller
    )
    groups = [
        GroupName(id=g, no=no, name_en=en, name_vi=vi)
        for g, no, en, vi in SearchRepository(store).group_names()
    ]
    return SearchPage(
        total=result.total,
        offset=offset,
        cards=[
            Card(hit=h, top_skills=top_skills(index, h.expert_id, h.skills), via=via(h))
            for h in result.items
        ],
        facets=result.facets,
        skills=result.skills,
        groups=groups,
        next_cursor=result.next_cursor,
        has_previous=offset > 0,
        previous_cursor=encode_cursor(request, offset - limit) if offset - limit > 0 else None,
    )


def skill_suggestions(index: SearchIndex, text: str, *, limit: int) -> list[ShownSkill]:
    """Type-ahead for a skill being typed: labels that begin so, then what it may name."""
    begun = index.resolver.starting_with(text, limit=limit)
    matches, near = index.resolver.resolve(text, limit=limit)
    seen: set[str] = set()
    shown = []
    for concept in [*begun, *matches, *near]:
        if concept.skill_id not in seen:
            seen.add(concept.skill_id)
            shown.append(shown_skill(index, concept.skill_id, 0))
    return shown[:limit]
