"""The whole of ROR's register in one read, for a run that looks up many names in memory (an
expert list) rather than one query per name."""

from graph.query import Query


def all_records() -> Query:
    """Every loaded record's properties, in id order."""
    return Query("MATCH (r:RorRecord) RETURN properties(r) AS node ORDER BY r.id")
