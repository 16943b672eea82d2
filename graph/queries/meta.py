"""Health and whole-graph figures."""

from graph.query import Query

# The change log is the indexes' bookkeeping, not data.
BOOKKEEPING_LABELS = ("Change", "ChangeShard")


def ping() -> Query:
    return Query("RETURN 1 AS ok")


def counts() -> Query:
    text = (
        "MATCH (n) WITH labels(n) AS labels UNWIND labels AS label\n"
        "WITH label WHERE NOT label IN $bookkeeping\n"
        "RETURN label, count(*) AS n ORDER BY label"
    )
    return Query(text, {"bookkeeping": list(BOOKKEEPING_LABELS)})
