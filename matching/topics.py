"""Experts by topic and experts like one another: every expert search may show, scored by the
evidence of their works against a text (the one evidence model matching uses), each with the
works that support it. Who appears, and with what contact details, is decided exactly as for
expert search: its index's `searchable` experts, checked against the graph by `current_page`."""

import hashlib
from dataclasses import dataclass

import numpy as np

from graph import GraphStore
from matching.evidence import TOPIC_MIX, Mix
from matching.index import Bools, Floats, Ints, MatchIndex
from matching.rank import evidence
from matching.topic_models import (
    NoSimilar,
    SimilarResult,
    SupportingWork,
    TopicHit,
    TopicResult,
)
from talent.accounts.models import AccountRead, Role
from talent.audit.log import Action, AuditLog, actor_of
from talent.core import pagination
from talent.core.errors import InvalidInput
from talent.experts.models import ExpertStatus
from talent.experts.resource import EXPERT
from talent.experts.service import ExpertService, clearance
from talent.search.index import RESIDENCIES, SearchIndex
from talent.search.models import Facets, Hit, SearchResult
from talent.search.service import current_page

SUPPORTING = 3  # works shown under each expert
OWN_WORKS = 20  # an expert's most recent works that stand for them in "experts like this one"
MIN_TEXT, MAX_TEXT = 2, 200
# The sentence vectors' cosine of texts of different subjects (a poem and a battery paper; an
# English-only model's reading of Vietnamese) stays below this, and of texts on one subject in
# other words rises above it: a work below it and without a word or concept of the topic is no
# evidence, and an expert with no other work is not listed.
MEANING_FLOOR = 0.2
LISTING = Mix(TOPIC_MIX.semantic, max(TOPIC_MIX.floor, MEANING_FLOOR))


def _fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def encode_cursor(text: str, offset: int) -> str:
    """The cursor of the page at `offset` of this topic's results."""
    return pagination.encode_cursor(f"{offset}:{_fingerprint(text)}")


def decode_cursor(text: str, cursor: str | None) -> int:
    """The offset a cursor of this topic stands for; 0 for the first page."""
    if not cursor:
        return 0
    try:
        offset, fingerprint = pagination.decode_cursor(cursor).split(":")
        if fingerprint != _fingerprint(text) or int(offset) < 0:
            raise ValueError("another topic")
        return int(offset)
    except (InvalidInput, ValueError) as exc:
        raise InvalidInput(
            "the cursor belongs to another topic or was not given out by this API",
            fields={"cursor": cursor},
        ) from exc


def _checked(text: str) -> str:
    topic = " ".join(text.split())
    if not MIN_TEXT <= len(topic) <= MAX_TEXT:
        raise InvalidInput(
            f"a topic is {MIN_TEXT} to {MAX_TEXT} characters", fields={"q": "2 to 200 characters"}
        )
    return topic


@dataclass(frozen=True, slots=True)
class _Scored:
    """The experts with any evidence, best first (ties by id), with what their supporting
    works are read from: only a page's are, however many experts a topic touches."""

    index: MatchIndex
    positions: Ints  # ranked
    scores: Floats  # aligned with positions
    starts: Ints  # aligned with positions: the first of the expert's pairs in `pairs`
    counts: Ints
    pairs: Ints
    sims: Floats  # each pair's similarity, as scored
    relevant: Bools  # each pair: is it evidence at all (`LISTING`)

    def __len__(self) -> int:
        return len(self.positions)

    def entry(self, i: int) -> tuple[int, float, list[SupportingWork]]:
        """The i-th expert's position, score and supporting works."""
        block = slice(int(self.starts[i]), int(self.starts[i] + self.counts[i]))
        works = _supporting(self.index, self.pairs[block], self.sims[block], self.relevant[block])
        return int(self.positions[i]), float(self.scores[i]), works


def _scored(
    index: MatchIndex, search: SearchIndex, text: str, *, leave_out: int | None = None
) -> _Scored:
    """Every expert search may show (but `leave_out`) scored against `text` as `TOPIC_MIX`
    says; those with any evidence (`LISTING`) ranked."""
    # The search index shares the matching index's experts (one snapshot): positions agree.
    if search.ids is not index.ids:
        raise ValueError("the search and matching indexes are of different snapshots")
    rows: Ints = np.flatnonzero(search.searchable).astype(np.int64)
    if leave_out is not None:
        rows = rows[rows != leave_out]
    scores, pairs, sims = evidence(index, text, rows, mix=TOPIC_MIX)
    listed, listed_sims = scores, sims
    if LISTING != TOPIC_MIX:
        # The same rows give the same pairs in the same order.
        listed, _, listed_sims = evidence(index, text, rows, mix=LISTING)
    counts = index.works_per_expert[rows].astype(np.int64)
    starts = np.cumsum(counts) - counts
    found = np.flatnonzero(listed > 0)
    by_id = index.by_id()
    id_rank = np.empty(len(by_id), dtype=np.int64)
    id_rank[by_id] = np.arange(len(by_id))
    order = found[np.lexsort((id_rank[rows[found]], -scores[found]))]
    return _Scored(
        index,
        rows[order],
        scores[order],
        starts[order],
        counts[order],
        pairs,
        sims,
        listed_sims > 0,
    )


def _supporting(
    index: MatchIndex, pairs: Ints, sims: Floats, relevant: Bools
) -> list[SupportingWork]:
    """An expert's closest works that are evidence, best first; ties in the order of their
    works."""
    shown: list[SupportingWork] = []
    for j in np.argsort(-sims, kind="stable").tolist():
        if len(shown) >= SUPPORTING:
            break
        if not relevant[j]:
            continue
        w = index.pair_work[int(pairs[j])]
        work_id = index.works.id(w)
        title, year, _kind = index.works.card(w)
        shown.append(
            SupportingWork(
                work_id=work_id, title=title, year=year, similarity=round(float(sims[j]), 4)
            )
        )
    return shown


def _hits(
    store: GraphStore,
    search: SearchIndex,
    caller: AccountRead,
    page: list[tuple[int, float, list[SupportingWork]]],
) -> list[TopicHit]:
    """The page's experts as the graph holds them now, with the e-mails the caller may see
    (expert search's own check), each view of e-mails audited as search audits it."""
    found = [
        Hit(
            expert_id=search.ids[p],
            full_name=search.names[p],
            headline=search.headlines[p],
            country=search.countries[search.country[p]],
            residency=RESIDENCIES[search.residency[p]],
            groups=[],
            engagement_modes=[],
            verification_grade=int(search.grade[p]),
            score=round(score, 4),
            skills=[],
        )
        for p, score, _ in page
    ]
    empty = Facets(group={}, country={}, engagement_mode={}, residency={})
    asked = SearchResult(total=len(found), items=found, facets=empty, skills=[])
    current = current_page(store, asked, clearance(caller, "")).items
    AuditLog(store).record_many(
        actor_of(caller),
        Action.PII_VIEW,
        "expert",
        [(h.expert_id, {"fields": ["emails"], "via": "search"}) for h in current if h.emails],
    )
    works = {search.ids[p]: shown for p, _, shown in page}
    return [
        TopicHit(
            expert_id=h.expert_id,
            full_name=h.full_name,
            headline=h.headline,
            country=h.country,
            residency=h.residency,
            verification_grade=h.verification_grade,
            score=h.score,
            works=works[h.expert_id],
            emails=h.emails,
        )
        for h in current
    ]


def experts_for_topic(
    index: MatchIndex,
    text: str,
    *,
    search: SearchIndex,
    store: GraphStore,
    caller: AccountRead,
    limit: int,
    cursor: str | None = None,
) -> TopicResult:
    """The experts search may show whose works speak of `text`, best first, with their closest
    works; `index` and `search` from one snapshot."""
    topic = _checked(text)
    offset = decode_cursor(topic, cursor)
    ranked = _scored(index, search, topic)
    page = [ranked.entry(i) for i in range(offset, min(offset + limit, len(ranked)))]
    more = offset + limit < len(ranked)
    return TopicResult(
        total=len(ranked),
        items=_hits(store, search, caller, page),
        next_cursor=encode_cursor(topic, offset + limit) if more else None,
    )


def own_text(index: MatchIndex, position: int) -> str:
    """What stands for an expert's work: the titles of their most recent works, bounded."""
    start, end = index.works_of(position)
    cards = [index.works.card(w) for w in index.pair_work.between(start, end)]
    recent = sorted(cards, key=lambda card: -(card[1] or 0))[:OWN_WORKS]
    return ". ".join(title for title, _year, _kind in recent if title.strip())


def similar_experts(
    index: MatchIndex,
    expert_id: str,
    *,
    search: SearchIndex,
    store: GraphStore,
    caller: AccountRead,
    limit: int,
) -> SimilarResult:
    """The experts search may show whose works are closest to this expert's; the expert left
    out. An expert the caller may not see is unknown (404), as on their page."""
    expert = ExpertService(store).resolve(expert_id)
    # The rule of the expert's page (`ExpertService.read`): others see active profiles only.
    if expert.status is not ExpertStatus.ACTIVE and caller.role is not Role.ADMIN:
        raise EXPERT.not_found(expert_id)
    position = index.position.get(expert.id)
    text = own_text(index, position) if position is not None else ""
    if not text:
        return SimilarResult(
            expert_id=expert.id, full_name=expert.full_name, items=[], reason=NoSimilar.NO_WORKS
        )
    ranked = _scored(index, search, text, leave_out=position)
    page = [ranked.entry(i) for i in range(min(limit, len(ranked)))]
    return SimilarResult(
        expert_id=expert.id, full_name=expert.full_name, items=_hits(store, search, caller, page)
    )
