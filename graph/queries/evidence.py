"""The works of a set of experts, with where each came from and when it last changed."""

from graph.query import Query


def works_of(expert_ids: list[str]) -> Query:
    """Each work authored by one of the experts, once, with those of its authors among them."""
    text = (
        "UNWIND $ids AS id\n"
        "MATCH (e:Expert {id: id})-[:AUTHORED]->(w:Work)\n"
        "WITH w, collect(e.id) AS authors\n"
        "RETURN w.id AS id, w.origin AS origin, w.source AS source,\n"
        "  coalesce(w.updated_at, w.created_at) AS updated_at, authors"
    )
    return Query(text, {"ids": expert_ids})
