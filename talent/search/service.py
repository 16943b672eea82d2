"""Faceted expert search over the in-memory index: fuzzy Vietnamese-aware names, free-text
skills resolved to concepts, filters, relevance order and facet counts of the whole result."""

import bisect
import hashlib
import json
from collections import Counter

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from scipy import sparse

from graph import GraphStore
from talent.accounts.models import AccountRead
from talent.audit.log import Action, AuditLog, actor_of
from talent.core import pagination
from talent.core.errors import InvalidInput
from talent.core.names import fold_name
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
from talent.search.repository import SearchRepository

NAME_TOKEN_CUTOFF = 80.0  # rapidfuzz ratio for a typo in one name word
PREFIX_CREDIT = 0.85  # a word typed in part ("ngu" for "nguyen")
SLIP_PREFIX_BONUS = 0.05  # ... short of one letter only ("th" for "thi" rather than "thanh")
REUSED_PENALTY = 0.1  # a name word two typed words stand for, the name having others
ORDER_BONUS = 0.001  # the same words in the order typed: a tie-break, never more
MAX_FUZZY = 50  # name words considered per typed word
MAX_PREFIX = 200
VERIFIED_GRADE = 2  # confirmed by an institution or a ministry


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


def _close_words(index: SearchIndex, token: str) -> dict[str, float]:
    """The name words a typed word may stand for, with their credit: itself 1; one slip of the
    keys away (a letter wrong, missing, extra, or two swapped: what a ratio misses in a short
    word, "tha" for "thi") or spelt close, 0.6 .. 0.8 by the letters shared; begun ("ngu" for
    "nguyen", an initial) `PREFIX_CREDIT`, a little more one letter short ("th": "thi", not
    "thanh")."""
    credit: dict[str, float] = {}
    one_slip = process.extract(
        token,
        index.vocabulary,
        scorer=OSA.distance,
        processor=None,
        score_cutoff=1 if len(token) >= 2 else 0,
        limit=MAX_FUZZY,
    )
    near = process.extract(
        token,
        index.vocabulary,
        scorer=fuzz.ratio,
        processor=None,
        score_cutoff=NAME_TOKEN_CUTOFF,
        limit=MAX_FUZZY,
    )
    for word in {w for w, _, _ in one_slip} | {w for w, _, _ in near}:
        credit[word] = 1.0 if word == token else 0.6 + 0.2 * _shared_letters(token, word)
    start = bisect.bisect_left(index.vocabulary, token)
    for word in index.vocabulary[start : start + MAX_PREFIX]:
        if not word.startswith(token):
            break
        if word != token:
            slip = len(word) == len(token) + 1
            credit[word] = PREFIX_CREDIT + (SLIP_PREFIX_BONUS if slip else 0.0)
    return credit


def _shared_letters(typed: str, word: str) -> float:
    """The letters two words share, counted with repeats, over the longer word's length: two
    letters swapped lose none ("ahn" is "anh" more than "an"), unlike a ratio."""
    shared = sum((Counter(typed) & Counter(word)).values())
    return shared / max(len(typed), len(word))


def _name_scores(index: SearchIndex, q: str) -> tuple[np.ndarray, np.ndarray]:
    """(candidate mask, score 0..1): every typed word must match a word of the name, exactly,
    within a typo, or as its beginning, in any order (family name first as at home, or given
    name first as abroad); rarer words weigh more, and of names with the same words, the one
    in the order typed comes first."""
    n = len(index)
    tokens = fold_name(q).split()[:8]
    if not tokens:
        return np.ones(n, dtype=bool), np.zeros(n, dtype=np.float32)
    total = np.zeros(n, dtype=np.float32)
    every = np.ones(n, dtype=bool)
    some = np.zeros(n, dtype=bool)
    exact = np.ones(n, dtype=bool)
    weights = 0.0
    rarest = max(index.idf.values(), default=1.0)
    matched = np.full((len(tokens), n), -1, dtype=np.int32)  # the name word each stands for
    for k, token in enumerate(tokens):
        similarity = np.zeros(n, dtype=np.float32)
        # Weakest first, so that each row ends with its best word.
        for word, credit in sorted(_close_words(index, token).items(), key=lambda wc: wc[1]):
            rows = index.postings[word]
            similarity[rows] = credit
            matched[k, rows] = bisect.bisect_left(index.vocabulary, word)
        weight = index.idf.get(token, rarest)
        total += weight * similarity
        weights += weight
        every &= similarity > 0
        some |= similarity > 0
        exact &= similarity == 1
    candidates = every if every.any() else some
    score = total / np.float32(weights)
    # Of two names that both contain the words typed, the one with fewer other words first;
    # of names with the very words typed, the one in the order typed.
    positions = np.flatnonzero(candidates)
    keys = index.keys
    lengths = np.asarray([len(keys[p]) for p in positions], dtype=np.float32)
    distinct = np.asarray([len(set(keys[p])) for p in positions], dtype=np.int32)
    coverage = np.minimum(1.0, len(tokens) / np.maximum(lengths, 1))
    # Two words typed that stand for the same word of a name, where the name has other words
    # they could have stood for ("Tuan Tuan Hoang" is not "Hoàng Tuấn Quân"), count as one.
    words = np.sort(matched[:, positions], axis=0)
    used = 1 + (np.diff(words, axis=0) != 0).sum(axis=0) - (words[0] < 0)
    reused = np.maximum(0, np.minimum(len(tokens), distinct) - used)
    score[positions] = 0.8 * score[positions] + 0.2 * coverage - REUSED_PENALTY * reused
    same_words = positions[(lengths == len(tokens)) & exact[positions]]
    in_order = [p for p in same_words if keys[p] == tokens]
    score[in_order] += ORDER_BONUS
    return candidates, score


def search(
    index: SearchIndex, request: SearchRequest, *, limit: int, cursor: str | None
) -> SearchResult:
    """The ranked page from the index alone, with no contact details: `current_page` checks it
    against the graph and adds what the caller may see."""
    offset = decode_cursor(request, cursor)
    n = len(index)
    mask = index.searchable.copy()
    name_score = np.zeros(n, dtype=np.float32)
    skill_score = np.zeros(n, dtype=np.float32)
    if request.q and request.q.strip():
        found, name_score = _name_scores(index, request.q)
        mask &= found
    resolved = resolve_skills(index, request.skills)
    skill_levels: dict[str, np.ndarray] = {}
    skill_columns: dict[str, list[int]] = {}
    blocks: dict[str, sparse.csc_matrix] = {}  # experts x the skill and those below it
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
    ranked = positions[order]
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


def _filter_mask(index: SearchIndex, request: SearchRequest, *, any_skill: bool) -> np.ndarray:
    """The experts that pass the request's filters besides names and skills."""
    n = len(index)
    mask = np.ones(n, dtype=bool)
    if request.group:
        unknown = {f"group[{i}]": g for i, g in enumerate(request.group) if g not in index.groups}
        if unknown:
            raise InvalidInput("unknown technology group (see /taxonomy/groups)", fields=unknown)
        columns = [index.groups.index(g) for g in request.group]
        # With skills asked for, their levels carry `min_level`; the group only has to match.
        least = 1 if any_skill else request.min_level
        mask &= (index.group_level[:, columns] >= least).any(axis=1)
    elif not any_skill and request.min_level > 1:
        mask &= index.group_level.max(axis=1, initial=0) >= request.min_level
    if request.country:
        codes = [index.countries.index(c) for c in request.country if c in index.countries]
        mask &= np.isin(index.country, codes)
    if request.residency is not Residency.ANY:
        mask &= index.residency == RESIDENCIES.index(request.residency.value)
    if request.mode:
        mask &= index.modes[:, [MODES.index(m.value) for m in request.mode]].any(axis=1)
    for language in request.language:
        mask &= index.languages.get(language, np.zeros(n, dtype=bool))
    if request.verified:
        mask &= index.grade >= VERIFIED_GRADE
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
