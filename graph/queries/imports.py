"""Works proposed to an expert by an import, and the identifiers the expert linked: what the
expert has accepted, rejected or said is not them stays, so nothing is proposed twice."""

from collections.abc import Mapping, Sequence

from graph.queries.entities import lock
from graph.query import Mode, Query


def candidates_by_keys(expert_id: str, keys: Sequence[str]) -> Query:
    text = (
        "MATCH (c:ImportCandidate) WHERE c.key IN $keys AND c.expert_id = $expert\n"
        "RETURN properties(c) AS candidate"
    )
    return Query(text, {"keys": list(keys), "expert": expert_id})


def upsert_candidates(rows: Sequence[Mapping[str, object]]) -> Query:
    """New candidates are created; a proposed one gains the sources and reasons of this run;
    an accepted or rejected one is left as the expert decided."""
    text = (
        "UNWIND $rows AS row\n"
        "MERGE (c:ImportCandidate {key: row.key})\n"
        "ON CREATE SET c += row.props, c.state = row.state, c.version = 0\n"
        "ON MATCH SET c += CASE WHEN c.state = 'proposed' THEN row.update ELSE {} END\n"
        "RETURN properties(c) AS candidate"
    )
    return Query(text, {"rows": list(rows)}, Mode.WRITE)


def page_candidates(expert_id: str, states: Sequence[str], after: str, limit: int) -> Query:
    text = (
        "MATCH (c:ImportCandidate {expert_id: $expert})\n"
        "WHERE c.state IN $states AND c.id > $after\n"
        "RETURN properties(c) AS candidate ORDER BY c.id LIMIT $limit"
    )
    params = {"expert": expert_id, "states": list(states), "after": after, "limit": limit}
    return Query(text, params)


def count_candidates(expert_id: str) -> Query:
    text = "MATCH (c:ImportCandidate {expert_id: $expert})\nRETURN c.state AS state, count(*) AS n"
    return Query(text, {"expert": expert_id})


def candidate(expert_id: str, candidate_id: str) -> Query:
    text = (
        "MATCH (c:ImportCandidate {id: $id}) WHERE c.expert_id = $expert\n"
        "RETURN properties(c) AS candidate"
    )
    return Query(text, {"id": candidate_id, "expert": expert_id})


def candidates(expert_id: str, candidate_ids: Sequence[str]) -> Query:
    text = (
        "MATCH (c:ImportCandidate) WHERE c.id IN $ids AND c.expert_id = $expert\n"
        "RETURN properties(c) AS candidate"
    )
    return Query(text, {"ids": list(candidate_ids), "expert": expert_id})


def decide(candidate_id: str, version: int, changes: Mapping[str, object]) -> Query:
    """Decide a candidate still proposed and at the version read; nothing otherwise."""
    text = (
        f"MATCH (c:ImportCandidate {{id: $id}})\n{lock('c')}\n"
        "WITH c WHERE c.state = 'proposed' AND coalesce(c.version, 0) = $version\n"
        "SET c += $changes, c.version = coalesce(c.version, 0) + 1\n"
        "RETURN properties(c) AS candidate"
    )
    return Query(text, {"id": candidate_id, "version": version, "changes": changes}, Mode.WRITE)


def reject_from(expert_id: str, reason_key: str, stamp: int) -> Query:
    """Every proposed candidate whose only reasons name `reason_key` (an identifier the expert
    said is not them) is rejected."""
    text = (
        "MATCH (c:ImportCandidate {expert_id: $expert, state: 'proposed'})\n"
        "WHERE all(k IN c.reason_keys WHERE k = $reason)\n"
        "SET c.state = 'rejected', c.decided_at = $at, c.decided_by = 'identifier',\n"
        "    c.version = coalesce(c.version, 0) + 1\n"
        "RETURN count(c) AS rejected"
    )
    return Query(text, {"expert": expert_id, "reason": reason_key, "at": stamp}, Mode.WRITE)


def works_of(expert_id: str) -> Query:
    """The expert's works as dedupe needs them: id, DOI, title and year."""
    text = (
        "MATCH (:Expert {id: $expert})-[:AUTHORED]->(w:Work)\n"
        "RETURN w.id AS id, w.doi AS doi, w.title AS title, w.year AS year"
    )
    return Query(text, {"expert": expert_id})


def work_by_doi(doi: str) -> Query:
    """The first work with this DOI, read under the DOI's own lock node: a second transaction
    accepting the same DOI waits here until the first has committed its work."""
    text = (
        "MERGE (k:DoiKey {doi: $doi})\n"
        f"{lock('k')}\n"
        "WITH k OPTIONAL MATCH (w:Work {doi: $doi})\n"
        "RETURN w.id AS id ORDER BY w.id LIMIT 1"
    )
    return Query(text, {"doi": doi}, Mode.WRITE)


def identifiers(expert_id: str) -> Query:
    text = (
        "MATCH (i:LinkedIdentifier {expert_id: $expert})\n"
        "RETURN properties(i) AS identifier ORDER BY i.scheme, i.value"
    )
    return Query(text, {"expert": expert_id})


def holders(scheme: str, value: str) -> Query:
    text = (
        "MATCH (i:LinkedIdentifier {scheme: $scheme, value: $value})\n"
        "RETURN properties(i) AS identifier ORDER BY i.expert_id LIMIT 100"
    )
    return Query(text, {"scheme": scheme, "value": value})


def save_identifier(key: str, props: Mapping[str, object]) -> Query:
    text = (
        "MERGE (i:LinkedIdentifier {key: $key})\n"
        "ON CREATE SET i.created_at = $props.updated_at\n"
        "SET i += $props\n"
        "RETURN properties(i) AS identifier"
    )
    return Query(text, {"key": key, "props": props}, Mode.WRITE)


def delete_identifier(key: str) -> Query:
    text = "MATCH (i:LinkedIdentifier {key: $key})\nDETACH DELETE i\nRETURN count(*) AS deleted"
    return Query(text, {"key": key}, Mode.WRITE)


def due_identifiers(before: int, limit: int) -> Query:
    """Linked identifiers not harvested since `before` whose expert still wants them read."""
    text = (
        "MATCH (i:LinkedIdentifier)\n"
        "WHERE i.verdict <> 'not_me' AND coalesce(i.harvested_at, 0) < $before\n"
        "RETURN properties(i) AS identifier ORDER BY coalesce(i.harvested_at, 0), i.key\n"
        "LIMIT $limit"
    )
    return Query(text, {"before": before, "limit": limit})


def mark_harvested(expert_id: str, at: int) -> Query:
    text = (
        "MATCH (i:LinkedIdentifier {expert_id: $expert}) WHERE i.verdict <> 'not_me'\n"
        "SET i.harvested_at = $at RETURN count(i) AS marked"
    )
    return Query(text, {"expert": expert_id, "at": at}, Mode.WRITE)


def save_upload(job_id: str, payload: str) -> Query:
    text = "CREATE (u:ImportUpload {id: $id, payload: $payload})"
    return Query(text, {"id": job_id, "payload": payload}, Mode.WRITE)


def upload(job_id: str) -> Query:
    return Query("MATCH (u:ImportUpload {id: $id}) RETURN u.payload AS payload", {"id": job_id})


def drop_finished_uploads() -> Query:
    """Uploads whose import has ended (failed for good, cancelled, or gone)."""
    text = (
        "MATCH (u:ImportUpload)\n"
        "OPTIONAL MATCH (j:Job {id: u.id})\n"
        "WITH u, j WHERE j IS NULL OR j.state IN ['succeeded', 'failed', 'cancelled']\n"
        "DETACH DELETE u\n"
        "RETURN count(*) AS dropped"
    )
    return Query(text, {}, Mode.WRITE)


def drop_upload(job_id: str) -> Query:
    return Query("MATCH (u:ImportUpload {id: $id}) DETACH DELETE u", {"id": job_id}, Mode.WRITE)


def owner(expert_id: str) -> Query:
    text = (
        "MATCH (e:Expert {id: $expert})\n"
        "OPTIONAL MATCH (a:Account {expert_id: $expert}) WHERE coalesce(a.active, true)\n"
        "RETURN e.full_name AS name, collect(a.email) AS emails"
    )
    return Query(text, {"expert": expert_id})


def move_identifier(old_key: str, new_key: str, new_value: str) -> Query:
    text = (
        "MATCH (i:LinkedIdentifier {key: $old})\n"
        "OPTIONAL MATCH (taken:LinkedIdentifier {key: $new})\n"
        "WITH i, taken\n"
        "FOREACH (_ IN CASE WHEN taken IS NULL THEN [1] ELSE [] END |\n"
        "  SET i.key = $new, i.value = $value)\n"
        "FOREACH (_ IN CASE WHEN taken IS NULL THEN [] ELSE [1] END | DETACH DELETE i)"
    )
    return Query(text, {"old": old_key, "new": new_key, "value": new_value}, Mode.WRITE)
