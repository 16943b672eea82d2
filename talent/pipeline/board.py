"""The pipeline as a board: one column per stage, each with its count and a page of experts
by name, and the stage each can move to next."""

import bisect
from collections import Counter

from pydantic import BaseModel

from graph import GraphStore
from talent.core.pagination import decode_cursor
from talent.pipeline.models import ORDER, Entry, Stage
from talent.pipeline.repository import PipelineRepository
from talent.pipeline.service import ALLOWED, Pipeline
from talent.search.index import SearchIndex


class BoardCard(BaseModel):
    entry: Entry
    name: str
    headline: str
    next_stage: Stage | None


class Column(BaseModel):
    stage: Stage
    count: int
    cards: list[BoardCard]
    next_cursor: str | None = None


class Board(BaseModel):
    columns: list[Column]


def next_stage(stage: Stage | None) -> Stage | None:
    """The one stage an expert at `stage` may move to (None: not in the pipeline)."""
    allowed = ALLOWED[stage]
    return next(iter(allowed)) if allowed else None


def _named(index: SearchIndex, entry: Entry) -> BoardCard:
    p = bisect.bisect_left(index.ids, entry.expert_id)
    found = p < len(index.ids) and index.ids[p] == entry.expert_id
    return BoardCard(
        entry=entry,
        name=index.names[p] if found else entry.expert_id,
        headline=index.headlines[p] if found else "",
        next_stage=next_stage(entry.stage),
    )


def board(
    *,
    store: GraphStore,
    index: SearchIndex,
    limit: int,
    stage: Stage | None = None,
    cursor: str | None = None,
) -> Board:
    """Every stage's count and first `limit` experts (in id order); `cursor` pages on in
    the column of `stage`."""
    pipeline = Pipeline(store)
    counts = Counter(PipelineRepository(store).stages().values())
    columns = []
    for column in ORDER:
        after = decode_cursor(cursor) if column is stage else ""
        page = pipeline.page(stage=column, after=after, limit=limit)
        columns.append(
            Column(
                stage=column,
                count=counts[column],
                cards=[_named(index, entry) for entry in page.items],
                next_cursor=page.next_cursor,
            )
        )
    return Board(columns=columns)
