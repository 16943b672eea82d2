"""Health and whole-graph figures."""

from graph.query import Query


def ping() -> Query:
    return Query("RETURN 1 AS ok")


def counts() -> Query:
    text = (
        "MATCH (n) WITH labels(n) AS labels UNWIND labels AS label\n"
        "RETURN label, count(*) AS n ORDER BY label"
    )
    return Query(text)
