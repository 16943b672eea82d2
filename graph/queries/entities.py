"""Create, read, replace, list and delete for the resource nodes, built from fixed specs.

Labels and relationship types come only from the specs below, never from input; every value is a
parameter.
"""

from dataclasses import dataclass
from typing import Any

from graph.query import Mode, Query


@dataclass(frozen=True, slots=True)
class Link:
    """A relationship a resource owns, written and read as `[{id, props}]` under `key`."""

    key: str
    rel: str
    target: str
    outgoing: bool = True

    def pattern(self, rel_var: str = "r", node_var: str = "t") -> str:
        if self.outgoing:
            return f"(n)-[{rel_var}:{self.rel}]->({node_var}:{self.target})"
        return f"(n)<-[{rel_var}:{self.rel}]-({node_var}:{self.target})"


@dataclass(frozen=True, slots=True)
class Entity:
    label: str
    links: tuple[Link, ...] = ()
    # Relationship types to nodes that live and die with this one (a programme's roles, a
    # role's match runs and their candidates), followed up to three steps.
    owns: tuple[str, ...] = ()


EXPERT = Entity(
    "Expert",
    (
        Link("skills", "HAS_SKILL", "Skill"),
        Link("affiliations", "AFFILIATED", "Organization"),
    ),
)
ORGANIZATION = Entity("Organization")
WORK = Entity(
    "Work",
    (
        Link("authors", "AUTHORED", "Expert", outgoing=False),
        Link("skills", "ABOUT", "Skill"),
    ),
)
PROGRAMME = Entity(
    "Programme",
    (
        Link("tech_groups", "TARGETS", "TechGroup"),
        Link("contractors", "CONTRACTOR_OF", "Organization", outgoing=False),
    ),
    owns=("HAS_ROLE", "HAS_RUN", "RANKED"),
)
ROLE = Entity(
    "Role",
    (
        Link("programme", "HAS_ROLE", "Programme", outgoing=False),
        Link("requirements", "REQUIRES", "Skill"),
    ),
    owns=("HAS_RUN", "RANKED"),
)
ENTITIES = (EXPERT, ORGANIZATION, WORK, PROGRAMME, ROLE)


def _link_writes(entity: Entity, row: str) -> list[str]:
    lines = []
    for link in entity.links:
        create = (
            f"CREATE (n)-[r:{link.rel}]->(t)"
            if link.outgoing
            else f"CREATE (t)-[r:{link.rel}]->(n)"
        )
        lines.append(
            f"CALL (n, {row}) {{ UNWIND {row}.{link.key} AS x "
            f"MATCH (t:{link.target} {{id: x.id}}) {create} SET r = x.props }}"
        )
    return lines


def link_reads(entity: Entity) -> str:
    """The node and its links, `[{id, props}]` per link key; rows in the order they came."""
    links = [
        f"[{link.pattern(f'r{i}', f't{i}')} | {{id: t{i}.id, props: properties(r{i})}}] "
        f"AS {link.key}"
        for i, link in enumerate(entity.links)
    ]
    return f"RETURN {', '.join(['properties(n) AS node', *links])}"


def create(entity: Entity, row: dict[str, Any]) -> Query:
    """Create a node with its links, `{props, <link key>: [{id, props}]}`, in one statement.

    A failure leaves nothing written.
    """
    text = "\n".join(
        [
            "UNWIND $rows AS row",
            f"CREATE (n:{entity.label}) SET n = row.props",
            "WITH n, row",
            *_link_writes(entity, "row"),
            "RETURN count(*) AS created",
        ]
    )
    return Query(text, {"rows": [row]}, Mode.WRITE)


def merge_rows(entity: Entity, rows: list[dict[str, Any]]) -> Query:
    """Bulk path: upsert nodes by id with their links, `{props, <link key>: [{id, props}]}`,
    in one statement without RETURN (a node and its links found once, one round trip and one
    transaction a batch). Idempotent, for imports: a node written again with the same
    properties keeps its version, a changed one moves on; links named are merged, links not
    named are left."""
    merges = []
    for link in entity.links:
        arrow = f"(n)-[r:{link.rel}]->(t)" if link.outgoing else f"(t)-[r:{link.rel}]->(n)"
        merges.append(
            f"CALL (n, row) {{ UNWIND row.{link.key} AS x "
            f"MATCH (t:{link.target} {{id: x.id}}) MERGE {arrow} SET r = x.props }}"
        )
    text = "\n".join(
        [
            "UNWIND $rows AS row",
            f"MERGE (n:{entity.label} {{id: row.props.id}})",
            "WITH n, row, properties(n) AS before",
            "WITH n, row, coalesce(before.version, 0) AS was,",
            "  size(keys(before)) = size(keys(row.props))",
            "  AND all(k IN keys(row.props) WHERE k = 'version' OR before[k] = row.props[k])"
            " AS same",
            "SET n = row.props",
            "SET n.version = CASE WHEN was = 0 THEN 1 WHEN same THEN was ELSE was + 1 END",
            "WITH n, row",
            *merges,
        ]
    )
    return Query(text, {"rows": rows}, Mode.WRITE)


def lock(var: str) -> str:
    """A line that takes `var`'s write lock (a property set and removed), held until the
    transaction ends: what the statement reads of it afterwards is what the last writer
    committed, so two conditional writes of the same node cannot both pass their check on a
    value one of them is about to change."""
    return f"SET {var}.lock_ = true REMOVE {var}.lock_"


def lock_if_found(var: str) -> str:
    """`lock` for an optionally matched `var`, which may be null."""
    return f"FOREACH (x IN CASE WHEN {var} IS NULL THEN [] ELSE [{var}] END | {lock('x')})"


def at_version(var: str) -> str:
    """Lines that keep `var` only if it is still at `$version`, read under its write lock: of
    two writers that read the same version, the second waits for the first to commit, then
    reads the version it committed and goes no further. The caller sets the next version."""
    return f"{lock(var)}\nWITH {var} WHERE coalesce({var}.version, 0) = $version"


def replace(entity: Entity, row: dict[str, Any], *, version: int) -> Query:
    """Replace a node's properties and all its links in one statement, if the node is still at
    `version`; then it is at `version + 1`. No row, and nothing changed, if it is absent or at
    another version."""
    deletes = [
        f"CALL (n) {{ MATCH {link.pattern(f'old{i}', f'was{i}')} DELETE old{i} }}"
        for i, link in enumerate(entity.links)
    ]
    text = "\n".join(
        [
            f"MATCH (n:{entity.label} {{id: $id}})",
            at_version("n"),
            "WITH n, $row AS row",
            "SET n = row.props",
            "SET n.version = $version + 1",
            "WITH n, row",
            *deletes,
            *_link_writes(entity, "row"),
            "RETURN n.id AS id",
        ]
    )
    return Query(text, {"id": row["props"]["id"], "row": row, "version": version}, Mode.WRITE)


def version(entity: Entity, node_id: str) -> Query:
    """The node's version, if it exists (why a versioned write found nothing)."""
    text = f"MATCH (n:{entity.label} {{id: $id}})\nRETURN coalesce(n.version, 0) AS version"
    return Query(text, {"id": node_id})


def get(entity: Entity, node_id: str) -> Query:
    text = f"MATCH (n:{entity.label} {{id: $id}})\n{link_reads(entity)}"
    return Query(text, {"id": node_id})


def page(
    entity: Entity,
    *,
    after: str,
    limit: int,
    withheld_by: str | None = None,
    viewer: str = "",
) -> Query:
    """Nodes in id order after a cursor (the last id seen; empty string for the first page).
    With `withheld_by` (a property naming who may see a node while it is set), a node where
    it is set is left out unless it names `viewer`."""
    shown = f" AND (n.{withheld_by} IS NULL OR n.{withheld_by} = $viewer)" if withheld_by else ""
    text = (
        f"MATCH (n:{entity.label}) WHERE n.id > $after{shown}\n"
        "WITH n ORDER BY n.id LIMIT $limit\n"
        f"{link_reads(entity)}"
    )
    return Query(text, {"after": after, "limit": limit, "viewer": viewer})


# How an owner reaches each node `n` a list may be narrowed to: a lead's programmes and
# roles (through LEADS), an expert's works.
OWNED_BY = {
    "Programme": "(:Account {id: $owner})-[:LEADS]->(n:Programme)",
    "Role": "(:Account {id: $owner})-[:LEADS]->(:Programme)-[:HAS_ROLE]->(n:Role)",
    "Work": "(:Expert {id: $owner})-[:AUTHORED]->(n:Work)",
}


# The nodes a parent holds: `$owner` is the parent's id.
HELD_BY = {"Role": "(:Programme {id: $owner})-[:HAS_ROLE]->(n:Role)"}


def page_held(entity: Entity, *, parent: str, after: str, limit: int) -> Query:
    """page() of the nodes a parent holds (HELD_BY): a programme's roles."""
    text = (
        f"MATCH {HELD_BY[entity.label]} WHERE n.id > $after\n"
        "WITH n ORDER BY n.id LIMIT $limit\n"
        f"{link_reads(entity)}"
    )
    return Query(text, {"owner": parent, "after": after, "limit": limit})


def page_owned(entity: Entity, *, owner: str, after: str, limit: int) -> Query:
    """page() of the nodes the owner reaches (OWNED_BY)."""
    text = (
        f"MATCH {OWNED_BY[entity.label]} WHERE n.id > $after\n"
        "WITH n ORDER BY n.id LIMIT $limit\n"
        f"{link_reads(entity)}"
    )
    return Query(text, {"owner": owner, "after": after, "limit": limit})


def delete(entity: Entity, node_id: str) -> Query:
    if entity.owns:
        rels = "|".join(entity.owns)
        text = (
            f"MATCH (n:{entity.label} {{id: $id}})\n"
            f"OPTIONAL MATCH (n)-[:{rels}*1..3]->(owned)\n"
            "WITH n, collect(DISTINCT owned) AS owned\n"
            "FOREACH (x IN owned | DETACH DELETE x)\n"
            "DETACH DELETE n\n"
            "RETURN 1 AS deleted"
        )
    else:
        text = f"MATCH (n:{entity.label} {{id: $id}})\nDETACH DELETE n\nRETURN 1 AS deleted"
    return Query(text, {"id": node_id}, Mode.WRITE)


def count(label: str) -> Query:
    return Query(f"MATCH (n:{label}) RETURN count(n) AS n")


def distinct_ids(label: str) -> Query:
    """How many different ids the nodes of `label` carry: equals count() when none repeats."""
    return Query(f"MATCH (n:{label}) RETURN count(DISTINCT n.id) AS n")


def existing_ids(label: str, ids: list[str]) -> Query:
    """Which of `ids` name a node of `label`: validates references before a write."""
    return Query(f"MATCH (n:{label}) WHERE n.id IN $ids RETURN n.id AS id", {"ids": ids})


def page_in_states(entity: Entity, *, after: str, limit: int, states: list[str]) -> Query:
    """`page` restricted to nodes whose `status` is one of `states`."""
    text = (
        f"MATCH (n:{entity.label}) WHERE n.id > $after AND n.status IN $states\n"
        "WITH n ORDER BY n.id LIMIT $limit\n"
        f"{link_reads(entity)}"
    )
    return Query(text, {"after": after, "limit": limit, "states": states})


def owned_counts(entity: Entity, node_id: str) -> Query:
    """What a delete of the node takes with it: owned nodes per label, and the leads'
    decisions on its roles."""
    rels = "|".join(entity.owns)
    text = (
        f"MATCH (n:{entity.label} {{id: $id}})\n"
        f"OPTIONAL MATCH (n)-[:{rels}*1..3]->(owned)\n"
        "WITH n, collect(DISTINCT owned) AS owned\n"
        "OPTIONAL MATCH (n)-[:HAS_ROLE*0..1]->(:Role)-[d:DECIDED]->(:Expert)\n"
        "RETURN [o IN owned | labels(o)[0]] AS labels, count(DISTINCT d) AS decisions"
    )
    return Query(text, {"id": node_id})
