"""Faceted expert search over the in-memory index: fuzzy Vietnamese-aware names, free-text
skills resolved to concepts, filters, relevance order and facet counts of the whole result."""

import hashlib
import json
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from graph import GraphStore
from talent.accounts.models import AccountRead
from talent.audit.log import Action, AuditLog, actor_of
from talent.core import pagination
from talent.core.errors import InvalidInput
from talent.core.types import Residency
from talent.experts.service import clearance
from talent.experts.visibility import Clearance, may_see
from talent.search.index import MODES, RESIDENCIES, SearchIndex
from talent.search.models import (
    Facets,
    Hit,
    MatchedSkill,
    ResolvedSkill,
    ResolveResult,
    SearchResult,
    SkillMatch,
)
from talent.search.models import SearchRequest as SearchRequest  # the benchmarks import it here
from talent.search.names import name_scores
from talent.search.repository import SearchRepository

VERIFIED_GRADE = 2  # confirmed by an institution or a ministry
Rows = slice | np.ndarray
ALL = slice(None)  # every expert of the index


def _fingerprint(request: SearchRequest) -> str:
    text = json.dumps(request.model_dump(mode="json"), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def encode_cursor(request: SearchRequest, offset: int) -> str:
    """The cursor of the page at `offset` of this query's results."""
    return pagination.encode_cursor(f"{offset}:{_fingerprint(request)}")


def decode_cursor(request: SearchRequest, cursor: str | None) -> int:
    """The offset a cursor of this query stands for; 0 for the first page."""
    if not cursor:
        return 0
    try:
        offset, fingerprint = pagination.decode_cursor(cursor).split(":")
        if fingerprint != _fingerprint(request) or int(offset) < 0:
            raise ValueError("another query")
        return int(offset)
    except (InvalidInput, ValueError) as exc:
        raise InvalidInput(
            "the cursor belongs to another query or was not given out by this API",
            fields={"cursor": cursor},
        ) from exc


def resolve_skills(index: SearchIndex, texts: list[str]) -> list[ResolvedSkill]:
    resolved = []
    for i, text in enumerate(texts):
        matches, suggestions = index.resolver.resolve(text, limit=3)
        if not matches:
            hint = ", ".join(s.label_en for s in suggestions) or "no close concept"
            raise InvalidInput(
                f"'{text}' names no skill of the taxonomy; did you mean: {hint}?",
                fields={f"skills[{i}]": f"did you mean: {hint}"},
            )
        resolved.append(
            ResolvedSkill(text=text, skill_id=matches[0].skill_id, score=matches[0].score)
        )
    return resolved


@dataclass(slots=True)
class _Found:
    """Who a search finds, best first, with what it read on the way."""

    ranked: np.ndarray  # positions
    mask: np.ndarray
    resolved: list[ResolvedSkill]
    name_score: np.ndarray
    skill_score: np.ndarray
    skill_levels: dict[str, np.ndarray]
    skill_columns: dict[str, list[int]]
    blocks: dict[str, sparse.csc_matrix]  # experts x the skill and those below it


def _find(index: SearchIndex, request: SearchRequest) -> _Found:
    n = len(index)
    mask = index.searchable.copy()
    name_score = np.zeros(n, dtype=np.float32)
    skill_score = np.zeros(n, dtype=np.float32)
    named = name_scores(index, request.q) if request.q else None
    if named is not None:
        rows, scores = named
        found = np.zeros(n, dtype=bool)
        found[rows] = True
        mask &= found
        name_score[rows] = scores
    resolved = resolve_skills(index, request.skills)
    skill_levels: dict[str, np.ndarray] = {}
    skill_columns: dict[str, list[int]] = {}
    blocks: dict[str, sparse.csc_matrix] = {}
    for skill in resolved:
        columns = [
            index.skill_column[s] for s in index.narrower.get(skill.skill_id, [skill.skill_id])
        ]
        skill_columns[skill.skill_id] = columns
        blocks[skill.skill_id] = index.levels.columns(columns)
        level = blocks[skill.skill_id].max(axis=1).toarray().ravel() if n else np.zeros(0)
        skill_levels[skill.skill_id] = level
        mask &= level >= request.min_level
        skill_score += level / 5
    mask &= _filter_mask(index, request, any_skill=bool(resolved))
    positions = np.flatnonzero(mask)
    order = np.lexsort(
        (positions, -index.grade[positions], -skill_score[positions], -name_score[positions])
    )
    return _Found(
        positions[order],
        mask,
        resolved,
        name_score,
        skill_score,
        skill_levels,
        skill_columns,
        blocks,
    )


def ranked_ids(index: SearchIndex, request: SearchRequest, limit: int) -> list[str]:
    """The first `limit` experts the search finds, from the index alone, without their cards
    or the facets (a saved search's first results, for its alerts)."""
    return [index.ids[int(p)] for p in _find(index, request).ranked[:limit]]


def search(
    index: SearchIndex, request: SearchRequest, *, limit: int, cursor: str | None
) -> SearchResult:
    """The ranked page from the index alone, with no contact details: `current_page` checks it
    against the graph and adds what the caller may see."""
    offset = decode_cursor(request, cursor)
    found = _find(index, request)
    ranked, resolved, skill_levels = found.ranked, found.resolved, found.skill_levels
    skill_columns, blocks, mask = found.skill_columns, found.blocks, found.mask
    name_score, skill_score = found.name_score, found.skill_score
    page = ranked[offset : offset + limit]
    relevance = name_score if request.q else skill_score / max(1, len(resolved))
    # The page's rows of each skill's block, read once: which skill met each requirement.
    on_page = {s: block[page].toarray() for s, block in blocks.items()}
    items = [
        _hit(index, int(p), float(relevance[p]), skill_levels).model_copy(
            update={
                "matched": _matched(
                    index, skill_columns, {s: rows[j] for s, rows in on_page.items()}
                )
            }
        )
        for j, p in enumerate(page)
    ]
    next_cursor = encode_cursor(request, offset + limit) if offset + limit < len(ranked) else None
    return SearchResult(
        total=len(ranked),
        items=items,
        facets=_facets(index, mask),
        skills=resolved,
        next_cursor=next_cursor,
    )


def _filter_mask(
    index: SearchIndex, request: SearchRequest, *, any_skill: bool, rows: Rows = ALL
) -> np.ndarray:
    """Which experts (of `rows`) pass the request's filters besides names and skills."""
    n = len(index.searchable[rows])
    mask = np.ones(n, dtype=bool)
    if request.group:
        unknown = {f"group[{i}]": g for i, g in enumerate(request.group) if g not in index.groups}
        if unknown:
            raise InvalidInput("unknown technology group (see /taxonomy/groups)", fields=unknown)
        columns = [index.groups.index(g) for g in request.group]
        # With skills asked for, their levels carry `min_level`; the group only has to match.
        least = 1 if any_skill else request.min_level
        mask &= (index.group_level[rows][:, columns] >= least).any(axis=1)
    elif not any_skill and request.min_level > 1:
        mask &= index.group_level[rows].max(axis=1, initial=0) >= request.min_level
    if request.country:
        codes = [index.countries.index(c) for c in request.country if c in index.countries]
        mask &= np.isin(index.country[rows], codes)
    if request.residency is not Residency.ANY:
        mask &= index.residency[rows] == RESIDENCIES.index(request.residency.value)
    if request.mode:
        mask &= index.modes[rows][:, [MODES.index(m.value) for m in request.mode]].any(axis=1)
    for language in request.language:
        speaks = index.languages.get(language)
        mask &= speaks[rows] if speaks is not None else np.zeros(n, dtype=bool)
    if request.verified:
        mask &= index.grade[rows] >= VERIFIED_GRADE
    return mask


def passes(
    index: SearchIndex,
    request: SearchRequest,
    rows: np.ndarray,
    resolved: list[ResolvedSkill],
    levels: np.ndarray | None = None,
) -> np.ndarray:
    """Which of the experts at `rows` the search finds (`resolved`: its skills, resolved once;
    `levels`: the rows' skill levels, dense, when many searches test the same rows), without ranking
    anyone: the alerts test the experts that changed against a saved search."""
    mask: np.ndarray = index.searchable[rows].copy()
    if request.q:
        named = name_scores(index, request.q)
        mask &= np.isin(rows, named[0]) if named is not None else False
    picked = levels if levels is not None else index.levels.take(rows).toarray()
    for skill in resolved:
        columns = [
            index.skill_column[s] for s in index.narrower.get(skill.skill_id, [skill.skill_id])
        ]
        level = picked[:, columns].max(axis=1, initial=0)
        mask &= level >= request.min_level
    mask &= _filter_mask(index, request, any_skill=bool(resolved), rows=rows)
    return mask


def _hit(
    index: SearchIndex,
    p: int,
    score: float,
    skill_levels: dict[str, np.ndarray],
) -> Hit:
    return Hit(
        expert_id=index.ids[p],
        full_name=index.names[p],
        headline=index.headlines[p],
        country=index.countries[index.country[p]],
        residency=RESIDENCIES[index.residency[p]],
        groups=[g for k, g in enumerate(index.groups) if index.group_level[p, k] > 0],
        engagement_modes=[m for k, m in enumerate(MODES) if index.modes[p, k]],
        verification_grade=int(index.grade[p]),
        score=round(score, 4),
        skills=[
            MatchedSkill(skill_id=s, level=int(levels[p])) for s, levels in skill_levels.items()
        ],
    )


def _matched(
    index: SearchIndex, skill_columns: dict[str, list[int]], levels_of: dict[str, np.ndarray]
) -> list[SkillMatch]:
    """Per skill asked for, the expert's skill that met it at the highest level (`levels_of`:
    the expert's level in each column of the skill): the skill itself on a tie, else the
    narrower one (deep learning for machine learning)."""
    found = []
    for skill_id, columns in skill_columns.items():
        levels = levels_of[skill_id]
        top = levels.max() if len(levels) else 0
        if top <= 0:
            continue
        # On a tie the skill itself, else the first narrower one in id order.
        tied = np.flatnonzero(levels == top)
        exact = index.skill_column.get(skill_id)
        best = next((int(k) for k in tied if columns[k] == exact), int(tied[0]))
        via = index.skill_ids[columns[best]]
        label = index.resolver.label(via)
        found.append(
            SkillMatch(
                skill_id=skill_id,
                via_skill_id=via,
                via_label=label.label_en if label else via,
                via_label_vi=label.label_vi if label else "",
                level=int(levels[best]),
            )
        )
    return found


def _facets(index: SearchIndex, mask: np.ndarray) -> Facets:
    chosen = np.flatnonzero(mask)
    in_group = (index.group_level[chosen] > 0).sum(axis=0)
    countries = np.bincount(index.country[chosen], minlength=len(index.countries))
    residencies = np.bincount(index.residency[chosen], minlength=len(RESIDENCIES))
    modes = index.modes[chosen].sum(axis=0)
    return Facets(
        group={g: int(c) for g, c in zip(index.groups, in_group, strict=True) if c},
        country={index.countries[k]: int(c) for k, c in enumerate(countries) if c},
        engagement_mode={m: int(c) for m, c in zip(MODES, modes, strict=True) if c},
        residency={r: int(c) for r, c in zip(RESIDENCIES, residencies, strict=True)},
    )


def current_page(store: GraphStore, result: SearchResult, clearance: Clearance) -> SearchResult:
    """The page as the graph holds it now: the index may trail a background rebuild, so a
    profile withdrawn, no longer consenting or hiding its e-mails since then is not shown so.
    E-mails come only from here, where the caller may see them."""
    cards = SearchRepository(store).current_cards([hit.expert_id for hit in result.items])
    items = []
    for hit in result.items:
        card = cards.get(hit.expert_id)
        if card is None or card.status != "active" or card.consent_match is False:
            continue
        shown = may_see(
            "emails", card.emails_visibility, clearance, consent_contact=card.consent_contact
        )
        items.append(
            hit.model_copy(
                update={
                    "full_name": card.name,
                    "headline": card.headline,
                    "emails": list(card.emails) if shown else None,
                }
            )
        )
    return result.model_copy(update={"items": items})


def find_experts(
    *,
    store: GraphStore,
    index: SearchIndex,
    request: SearchRequest,
    limit: int,
    cursor: str | None,
    caller: AccountRead,
) -> SearchResult:
    """The ranked page, checked against the graph, with the e-mails the caller may see; each
    expert whose e-mails it shows is audited as a view of personal data."""
    found = search(index, request, limit=limit, cursor=cursor)
    result = current_page(store, found, clearance(caller, ""))
    AuditLog(store).record_many(
        actor_of(caller),
        Action.PII_VIEW,
        "expert",
        [(h.expert_id, {"fields": ["emails"], "via": "search"}) for h in result.items if h.emails],
    )
    return result


def resolve_text(index: SearchIndex, text: str, *, limit: int) -> ResolveResult:
    """The concepts free text names, best first, and its near misses."""
    matches, suggestions = index.resolver.resolve(text, limit=limit)
    return ResolveResult(text=text, matches=matches, suggestions=suggestions)
