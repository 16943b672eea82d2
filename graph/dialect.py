"""Schema statements per backend: the only place where the two engines' Cypher differs."""

from dataclasses import dataclass

# Labels whose `id` is the application key; all are looked up by id.
KEYED_LABELS = (
    "Expert",
    "Skill",
    "TechGroup",
    "TechProduct",
    "Organization",
    "Work",
    "Programme",
    "Role",
    "Job",
    "Account",
    "MatchRun",
    "ChangeShard",
    "AuditEvent",
    "Review",
    "Merge",
    "Token",
    "Tick",
    "UnitOfWork",
    "UnitLock",
    "PipelineEntry",
    "Mail",
)
# Further keys that must never repeat: what code MERGEs on, or finds one node by. Neo4j
# enforces them; on FalkorDB they are indexed, and the writes are conditional on absence.
UNIQUE_PROPERTIES = (
    ("Account", "email"),
    ("Token", "digest"),
)
# Every relationship type a statement names. FalkorDB caches a statement's plan, and a plan made
# while a type it matches in a pattern comprehension did not exist yet keeps finding nothing
# after the type appears; so each type is made to exist before any statement runs.
RELATIONSHIP_TYPES = (
    "ABOUT",
    "AFFILIATED",
    "AUTHORED",
    "BROADER",
    "CONTRACTOR_OF",
    "DECIDED",
    "EXACT_MATCH",
    "HAS_ROLE",
    "HAS_RUN",
    "HAS_SKILL",
    "IN_GROUP",
    "LEADS",
    "MERGED_INTO",
    "PART_OF",
    "RANKED",
    "REQUIRES",
    "TARGETS",
)
# Further single-property lookups (label, property).
LOOKUP_INDEXES = (
    ("Expert", "name_folded"),
    ("Expert", "status"),
    ("Expert", "country"),
    ("Expert", "updated_at"),
    ("Skill", "scheme"),
    ("TechGroup", "version"),
    ("Organization", "name_folded"),
    ("Account", "expert_id"),
    ("Account", "pending_email"),
    ("AuditEvent", "target"),
    ("Review", "state"),
    ("Mail", "state"),
    ("Token", "account_id"),
    ("Change", "pos"),
)


def unique_keys() -> list[tuple[str, str]]:
    """Every (label, property) that must never repeat."""
    return [(label, "id") for label in KEYED_LABELS] + list(UNIQUE_PROPERTIES)


def _plain_indexes_on_keys() -> str:
    keys = ", ".join(f"[['{label}'], ['{prop}']]" for label, prop in unique_keys())
    return (
        "SHOW RANGE INDEXES YIELD name, labelsOrTypes, properties, owningConstraint\n"
        f"WHERE owningConstraint IS NULL AND [labelsOrTypes, properties] IN [{keys}]\n"
        "RETURN name"
    )


def drop_index(name: str) -> str:
    """Drops one index by the name the server reported."""
    return f"DROP INDEX `{name.replace('`', '``')}` IF EXISTS"


@dataclass(frozen=True, slots=True)
class Dialect:
    """What one engine needs for its schema; data queries are shared."""

    name: str
    # FalkorDB has no `IF NOT EXISTS` and its GRAPH.CONSTRAINT crashed the server in our tests:
    # there uniqueness is MERGE on the key plus a range index, and re-creating an index errors.
    unique_constraints: bool
    index_exists_error: str | None
    # Neo4j refuses a uniqueness constraint on a key a plain index already covers, and earlier
    # schemas indexed Account.email and Token.digest so, under the names the constraints now
    # take (creating one then failed, and the keys stayed unenforced): this finds such indexes,
    # which ensure_schema drops before creating the constraints.
    plain_indexes_on_keys: str | None = None

    def type_statements(self) -> list[str]:
        """Statements that make every relationship type known to the engine (FalkorDB: see
        RELATIONSHIP_TYPES), leaving no node or edge behind."""
        if self.unique_constraints:
            return []
        return [
            f"CREATE (a:SchemaProbe)-[:{name}]->(b:SchemaProbe) DELETE a, b"
            for name in RELATIONSHIP_TYPES
        ]

    def schema_statements(self) -> list[str]:
        """Every schema statement of this dialect, in the order to run them."""
        statements: list[str] = []
        for label in KEYED_LABELS:
            if self.unique_constraints:
                statements.append(
                    f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS "
                    f"FOR (n:{label}) REQUIRE n.id IS UNIQUE"
                )
            else:
                statements.append(f"CREATE INDEX FOR (n:{label}) ON (n.id)")
        for label, prop in UNIQUE_PROPERTIES:
            if self.unique_constraints:
                statements.append(
                    f"CREATE CONSTRAINT {label.lower()}_{prop} IF NOT EXISTS "
                    f"FOR (n:{label}) REQUIRE n.{prop} IS UNIQUE"
                )
            else:
                statements.append(f"CREATE INDEX FOR (n:{label}) ON (n.{prop})")
        for label, prop in LOOKUP_INDEXES:
            if self.unique_constraints:
                statements.append(
                    f"CREATE RANGE INDEX {label.lower()}_{prop} IF NOT EXISTS "
                    f"FOR (n:{label}) ON (n.{prop})"
                )
            else:
                statements.append(f"CREATE INDEX FOR (n:{label}) ON (n.{prop})")
        return statements


FALKOR = Dialect(name="falkordb", unique_constraints=False, index_exists_error="already indexed")
NEO4J = Dialect(
    name="neo4j",
    unique_constraints=True,
    index_exists_error=None,
    plain_indexes_on_keys=_plain_indexes_on_keys(),
)
