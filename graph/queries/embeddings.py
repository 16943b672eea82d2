"""Works' sentence vectors (`WorkVector`, keyed by the work's id) and the works they are
computed from."""

from collections.abc import Mapping, Sequence

from graph.queries.entities import lock
from graph.query import Mode, Query


def work_texts_after(after: str, limit: int) -> Query:
    """A page of works by id, with the hash and model of the vector they have."""
    text = (
        "MATCH (w:Work) WHERE w.id > $after\n"
        "WITH w ORDER BY w.id LIMIT $limit\n"
        "OPTIONAL MATCH (v:WorkVector {id: w.id})\n"
        "RETURN w.id AS id, w.title AS title, w.abstract AS abstract,\n"
        "  v.hash AS hash, v.model AS model"
    )
    return Query(text, {"after": after, "limit": limit})


def work_texts(ids: Sequence[str]) -> Query:
    text = (
        "MATCH (w:Work) WHERE w.id IN $ids\n"
        "OPTIONAL MATCH (v:WorkVector {id: w.id})\n"
        "RETURN w.id AS id, w.title AS title, w.abstract AS abstract,\n"
        "  v.hash AS hash, v.model AS model"
    )
    return Query(text, {"ids": list(ids)})


def store(rows: Sequence[Mapping[str, object]]) -> Query:
    """Each `{id, hash, model, data, scale, title, abstract}` stored for its work if the work
    still has the text that was embedded (read under the work's lock: a text changed meanwhile
    is embedded again for its own hash); the ids stored."""
    text = (
        "UNWIND $rows AS row\n"
        "MATCH (w:Work {id: row.id})\n"
        f"{lock('w')}\n"
        "WITH w, row WHERE coalesce(w.title, '') = row.title\n"
        "  AND coalesce(w.abstract, '') = row.abstract\n"
        "MERGE (v:WorkVector {id: row.id})\n"
        "SET v.hash = row.hash, v.model = row.model, v.data = row.data, v.scale = row.scale\n"
        "RETURN row.id AS id"
    )
    return Query(text, {"rows": list(rows)}, Mode.WRITE)


def drop_orphans(limit: int) -> Query:
    """Vectors whose work is gone."""
    text = (
        "MATCH (v:WorkVector) WHERE NOT EXISTS { MATCH (:Work {id: v.id}) }\n"
        "WITH v LIMIT $limit DETACH DELETE v RETURN count(*) AS n"
    )
    return Query(text, {"limit": limit}, Mode.WRITE)
