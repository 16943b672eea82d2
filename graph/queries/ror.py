"""ROR's register as reference nodes (:RorRecord, one :RorName per folded name or acronym,
for lookups by name), written in batches from a data dump; and the organisations a name or a
ROR id finds."""

from graph.query import Mode, Query


def upsert_records(rows: list[dict[str, object]], at: int) -> Query:
    """Each row `{id, digest, props, names: [{key, acronym}]}` written where it is new or its
    digest changed (its names replaced); per outcome (created, updated, unchanged), how many.
    Ids are distinct within a batch."""
    text = (
        "UNWIND $rows AS row\n"
        "OPTIONAL MATCH (old:RorRecord {id: row.id})\n"
        "WITH row, CASE WHEN old IS NULL THEN 'created'\n"
        "  WHEN old.digest = row.digest THEN 'unchanged' ELSE 'updated' END AS outcome\n"
        "CALL (row, outcome) {\n"
        "  WITH row, outcome WHERE outcome <> 'unchanged'\n"
        "  MERGE (r:RorRecord {id: row.id})\n"
        "  ON CREATE SET r.created_at = $at\n"
        "  SET r += row.props, r.digest = row.digest, r.updated_at = $at\n"
        "  WITH row\n"
        "  OPTIONAL MATCH (n:RorName {record: row.id})\n"
        "  DELETE n\n"
        "  WITH DISTINCT row\n"
        "  UNWIND row.names AS name\n"
        "  CREATE (:RorName {key: name.key, acronym: name.acronym, record: row.id})\n"
        "}\n"
        "RETURN outcome, count(*) AS n"
    )
    return Query(text, {"rows": rows, "at": at}, Mode.WRITE)


def count_records() -> Query:
    return Query("MATCH (r:RorRecord) RETURN count(r) AS n")


def record(ror_id: str) -> Query:
    return Query("MATCH (r:RorRecord {id: $id}) RETURN properties(r) AS node", {"id": ror_id})


def records_named(key: str) -> Query:
    """The records with a name (or acronym) folded to `key`, and whether it was the acronym."""
    text = (
        "MATCH (n:RorName {key: $key})\n"
        "MATCH (r:RorRecord {id: n.record})\n"
        "RETURN properties(r) AS node, n.acronym AS acronym\n"
        "ORDER BY r.id"
    )
    return Query(text, {"key": key})


def organizations_with_ror(ror_id: str) -> Query:
    text = (
        "MATCH (o:Organization {ror_id: $ror}) WHERE o.proposed_by IS NULL\n"
        "RETURN o.id AS id ORDER BY o.id"
    )
    return Query(text, {"ror": ror_id})


def organizations_named(key: str) -> Query:
    text = (
        "MATCH (o:Organization {name_folded: $key}) WHERE o.proposed_by IS NULL\n"
        "RETURN o.id AS id, o.country AS country ORDER BY o.id"
    )
    return Query(text, {"key": key})


def linkable_organizations() -> Query:
    """Organisations in use without a ROR id whose folded name is a name (not an acronym) of
    records in their country: each with those records' ids, and whether another organisation
    already carries each id."""
    text = (
        "MATCH (o:Organization) WHERE o.ror_id IS NULL AND o.proposed_by IS NULL\n"
        "MATCH (n:RorName {key: o.name_folded, acronym: false})\n"
        "MATCH (r:RorRecord {id: n.record}) WHERE r.country = o.country\n"
        "WITH o, collect(DISTINCT r.id) AS ids\n"
        "RETURN o.id AS id, o.name AS name, ids,\n"
        "  [i IN ids WHERE EXISTS { MATCH (:Organization {ror_id: i}) }] AS taken\n"
        "ORDER BY o.id"
    )
    return Query(text)
