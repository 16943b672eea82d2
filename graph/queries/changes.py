"""The change log: one record per changed entity, numbered in its shard.

Every write that changes what the in-memory indexes hold leaves a `Change` in the same
transaction. A record belongs to one of a fixed number of shards (by its entity's id), and its `seq`
counts up from 1 within that shard with no gap: the shard's counter node is locked by the write
that takes a number, so two numbers of one shard commit in order and a reader that sees `seq`
has seen every lower one. Writes to different shards never wait on each other: there is no one
node every write takes. `pos` orders records of all shards on one indexed integer.
"""

from graph.query import Mode, Query

SHARDS = 16
# A shard's records sit at pos = shard * SPAN + seq.
SPAN = 2**40


def record(shards: list[dict[str, object]], *, epoch: str, at: int) -> Query:
    """`shards`: [{no, id, changes: [{entity, ref, kind}]}], one row per shard touched.

    The first SET takes the counter's write lock before the counter is read, so concurrent
    writers of one shard queue there instead of reading the same value."""
    text = (
        "UNWIND $shards AS sh\n"
        "MERGE (s:ChangeShard {id: sh.id})\n"
        "ON CREATE SET s.no = sh.no, s.epoch = $epoch, s.n = 0, s.floor = 0\n"
        "SET s.at = $at\n"
        "SET s.n = s.n + size(sh.changes)\n"
        "WITH s, sh, s.n - size(sh.changes) AS base\n"
        "UNWIND range(0, size(sh.changes) - 1) AS k\n"
        "CREATE (:Change {shard: sh.no, seq: base + k + 1, pos: sh.no * $span + base + k + 1,\n"
        "  entity: sh.changes[k].entity, ref: sh.changes[k].ref, kind: sh.changes[k].kind,\n"
        "  at: $at})\n"
        "RETURN count(*) AS n"
    )
    return Query(text, {"shards": shards, "epoch": epoch, "at": at, "span": SPAN}, Mode.WRITE)


def recorded(query: Query, shards: list[dict[str, object]], *, epoch: str, at: int) -> Query:
    """A write without RETURN followed, in the same statement, by its records: one statement
    lands whole or not at all."""
    records = record(shards, epoch=epoch, at=at)
    text = f"{query.text}\nWITH count(*) AS written\n{records.text}"
    return Query(text, {**query.params, **records.params}, Mode.WRITE)


def heads() -> Query:
    """Each shard's last number, its epoch (new when the graph was emptied and refilled) and
    its floor (the last number trimmed away)."""
    text = (
        "MATCH (s:ChangeShard)\n"
        "RETURN s.no AS shard, s.n AS n, s.epoch AS epoch, s.floor AS floor\n"
        "ORDER BY shard"
    )
    return Query(text)


def since(shard: int, after: int, upto: int) -> Query:
    """The records of one shard numbered after `after`, up to `upto`, in order."""
    text = (
        "MATCH (c:Change) WHERE c.pos > $lo AND c.pos <= $hi\n"
        "RETURN c.seq AS seq, c.entity AS entity, c.ref AS ref, c.kind AS kind\n"
        "ORDER BY seq"
    )
    return Query(text, {"lo": shard * SPAN + after, "hi": shard * SPAN + upto})


def since_each(ranges: list[tuple[int, int, int]]) -> Query:
    """`since` for several (shard, after, upto) at once, in order per shard."""
    bounds = [
        {"shard": shard, "lo": shard * SPAN + after, "hi": shard * SPAN + upto}
        for shard, after, upto in ranges
    ]
    text = (
        "UNWIND $bounds AS b\n"
        "MATCH (c:Change) WHERE c.pos > b.lo AND c.pos <= b.hi\n"
        "RETURN b.shard AS shard, c.seq AS seq, c.entity AS entity, c.ref AS ref,\n"
        "  c.kind AS kind\n"
        "ORDER BY shard, seq"
    )
    return Query(text, {"bounds": bounds})


def last_before(shard: int, before: int) -> Query:
    """The highest number of a shard's records written before `before` (ms), or null."""
    text = (
        "MATCH (c:Change) WHERE c.pos > $lo AND c.pos < $hi AND c.at < $before\n"
        "RETURN max(c.seq) AS seq"
    )
    return Query(text, {"lo": shard * SPAN, "hi": (shard + 1) * SPAN, "before": before})


def trim(shard: int, upto: int, limit: int) -> Query:
    """Delete up to `limit` of a shard's records numbered up to `upto`, and raise its floor:
    a follower whose watermark is below the floor has missed records and rebuilds."""
    text = (
        "MATCH (s:ChangeShard {id: $id})\n"
        "SET s.floor = CASE WHEN s.floor > $upto THEN s.floor ELSE $upto END\n"
        "WITH s\n"
        "MATCH (c:Change) WHERE c.pos > $lo AND c.pos <= $hi\n"
        "WITH c LIMIT $limit\n"
        "DELETE c\n"
        "RETURN count(*) AS n"
    )
    params = {
        "id": str(shard),
        "upto": upto,
        "lo": shard * SPAN,
        "hi": shard * SPAN + upto,
        "limit": limit,
    }
    return Query(text, params, Mode.WRITE)


def cursor(name: str) -> Query:
    text = "MATCH (c:LogCursor {id: $id})\nRETURN c.marks AS marks, c.epochs AS epochs"
    return Query(text, {"id": name})


def move_cursor(name: str, marks: list[int], epochs: list[str]) -> Query:
    text = "MERGE (c:LogCursor {id: $id})\nSET c.marks = $marks, c.epochs = $epochs"
    return Query(text, {"id": name, "marks": marks, "epochs": epochs}, Mode.WRITE)
