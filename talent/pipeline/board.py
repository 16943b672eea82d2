"""The pipeline as a board: one column per stage, each with its count and a page of experts,
the last changed first, filtered by stage, owner, technology group and the next action's day;
and the same entries as rows for an export."""

from collections import Counter
from datetime import date, timedelta
from enum import StrEnum

from pydantic import BaseModel

from graph import GraphStore
from talent.core.errors import InvalidInput
from talent.core.pagination import decode_cursor, encode_cursor
from talent.pipeline.kpi import LEADING_LEVEL
from talent.pipeline.models import COLUMNS, Entry, Stage
from talent.pipeline.repository import PipelineRepository
from talent.pipeline.service import moves
from talent.search.index import SearchIndex

DUE_SOON_DAYS = 7  # "due": the next action falls within a week (or has passed)


class Due(StrEnum):
    ANY = ""
    DUE = "due"  # on or before a week from today, passed included
    OVERDUE = "overdue"  # before today


class Filters(BaseModel):
    stage: Stage | None = None
    owner: str = ""  # an account id; "" for anyone
    group: str = ""  # a technology group id; "" for any
    due: Due = Due.ANY
    leading: bool = False  # level 4+ in the group's skills (in any group's, without one)


class BoardCard(BaseModel):
    entry: Entry
    name: str
    headline: str
    moves: list[Stage]
    overdue: bool


class Column(BaseModel):
    stage: Stage
    count: int
    cards: list[BoardCard]
    next_cursor: str | None = None


class Board(BaseModel):
    columns: list[Column]
    counts: dict[Stage, int]  # per stage, as the filters but the stage admit
    total: int


def _position(index: SearchIndex, expert_id: str) -> int | None:
    # By the index's map, not a binary search of its ids: experts added since the index was
    # built are appended out of id order.
    return index.position.get(expert_id)


def display_name(index: SearchIndex, expert_id: str) -> str:
    """The expert's name as the index knows it, else the id."""
    p = _position(index, expert_id)
    return index.names[p] if p is not None else expert_id


def _card(index: SearchIndex, entry: Entry, today: date) -> BoardCard:
    p = _position(index, entry.expert_id)
    return BoardCard(
        entry=entry,
        name=index.names[p] if p is not None else entry.expert_id,
        headline=index.headlines[p] if p is not None else "",
        moves=moves(entry),
        overdue=bool(entry.next_action_on and entry.next_action_on < today.isoformat()),
    )


def _admits(index: SearchIndex, filters: Filters, today: date, entry: Entry) -> bool:
    if filters.owner and entry.owner_id != filters.owner:
        return False
    if filters.due is Due.OVERDUE:
        if not entry.next_action_on or entry.next_action_on >= today.isoformat():
            return False
    elif filters.due is Due.DUE:
        soon = (today + timedelta(days=DUE_SOON_DAYS)).isoformat()
        if not entry.next_action_on or entry.next_action_on > soon:
            return False
    if filters.group or filters.leading:
        p = _position(index, entry.expert_id)
        if p is None or (filters.group and filters.group not in index.groups):
            return False
        levels = index.group_level[p]
        best = levels[index.groups.index(filters.group)] if filters.group else levels.max(initial=0)
        if best < (LEADING_LEVEL if filters.leading else 1):
            return False
    return True


def _newest_first(entry: Entry) -> tuple[int, str]:
    return (-entry.updated_at, entry.expert_id)


def _after(cursor: str | None) -> tuple[int, str] | None:
    """The sort key a column's cursor stands for; a cursor this board did not give out is a 422."""
    key = decode_cursor(cursor)
    if not key:
        return None
    stamp, _, expert_id = key.partition("|")
    if not stamp.isdigit() or not expert_id:
        raise InvalidInput("the cursor is not one this page gave out", fields={"cursor": key})
    return (-int(stamp), expert_id)


def selected(
    *, store: GraphStore, index: SearchIndex, filters: Filters, today: date
) -> list[Entry]:
    """Every entry the filters admit, the last changed first."""
    found = [
        entry
        for entry in PipelineRepository(store).entries()
        if (filters.stage is None or entry.stage is filters.stage)
        and _admits(index, filters, today, entry)
    ]
    return sorted(found, key=_newest_first)


def board(
    *,
    store: GraphStore,
    index: SearchIndex,
    limit: int,
    filters: Filters,
    today: date,
    cursor: str | None = None,
) -> Board:
    """Each stage's count and first `limit` experts, the last changed first (only the
    filtered stage's, when one is); `cursor` pages on in the column of `filters.stage`."""
    every = filters.model_copy(update={"stage": None})
    entries = selected(store=store, index=index, filters=every, today=today)
    counts = Counter(entry.stage for entry in entries)
    after = _after(cursor) if filters.stage else None
    columns = []
    for stage in [filters.stage] if filters.stage else COLUMNS:
        here = [e for e in entries if e.stage is stage]
        if after is not None:
            here = [e for e in here if _newest_first(e) > after]
        shown = here[:limit]
        more = len(here) > limit
        last = shown[-1] if shown else None
        columns.append(
            Column(
                stage=stage,
                count=counts[stage],
                cards=[_card(index, entry, today) for entry in shown],
                next_cursor=encode_cursor(f"{last.updated_at}|{last.expert_id}")
                if more and last
                else None,
            )
        )
    return Board(
        columns=columns,
        counts={stage: counts[stage] for stage in COLUMNS},
        total=len(entries),
    )
