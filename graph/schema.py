"""The constraints and indexes of the graph."""

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
    "PipelineEntry",
    "Setting",
    "Mail",
    # ROR's register, loaded from a data dump: reference records, not organisations in use.
    "RorRecord",
    "ImportCandidate",
    "ImportUpload",
    "ExpertList",
    # A work's sentence vector, keyed by the work's id: apart from the work, so that writes
    # that replace a work's properties leave it, and its text hash says whether it still holds.
    "WorkVector",
    # Where a worker's follower of the change log has got to, by follower.
    "LogCursor",
    # What a person asked to be told about, and what they were told.
    "Watch",
    "Alert",
    "SavedSearch",
)
# Further keys that must never repeat: what code MERGEs on, or finds one node by.
UNIQUE_PROPERTIES = (
    ("Account", "email"),
    ("Token", "digest"),
    # One lock node per address (by its digest) that registrations take: two cannot both
    # create it.
    ("AddressLock", "digest"),
    # An import's proposal per expert and work, and an expert's linked identifier: MERGEd.
    ("ImportCandidate", "key"),
    ("LinkedIdentifier", "key"),
    # The lock two accepts of one DOI take, so that they make one work.
    ("DoiKey", "doi"),
    # One watch per (owner, kind, target), and one alert per (watch, expert, reason): MERGEd,
    # so that an evaluation run again after a crash tells nobody twice.
    ("Watch", "key"),
    ("Alert", "key"),
    # A person's choice of how alerts reach them, one per account.
    ("AlertPrefs", "account"),
    # What the alerts last saw of a technology group's supply, one per group.
    ("GroupSupply", "group"),
)
# Further single-property lookups (label, property).
LOOKUP_INDEXES = (
    # A person's watches and saved searches.
    ("Watch", "owner"),
    ("SavedSearch", "owner"),
    ("Expert", "name_folded"),
    ("Expert", "status"),
    ("Expert", "country"),
    ("Expert", "updated_at"),
    ("Skill", "scheme"),
    ("TechGroup", "version"),
    ("Organization", "name_folded"),
    ("Organization", "ror_id"),
    ("RorName", "key"),
    ("RorName", "record"),
    ("Account", "expert_id"),
    ("Account", "pending_email"),
    ("AuditEvent", "target"),
    ("Review", "state"),
    ("Mail", "state"),
    ("Token", "account_id"),
    ("Change", "pos"),
    ("ImportCandidate", "expert_id"),
    ("LinkedIdentifier", "expert_id"),
    ("LinkedIdentifier", "value"),
    ("Work", "doi"),
    ("Job", "state"),
)
# Lookups by several properties together (label, properties), as one composite range index.
COMPOSITE_INDEXES = (
    # A list's chunk by (list_id, n); a list's chunks in order by list_id and n >= 0.
    ("ExpertListChunk", ("list_id", "n")),
    # A person's alerts, newest first, and those still unread.
    ("Alert", ("account", "at")),
)


def unique_keys() -> list[tuple[str, str]]:
    """Every (label, property) that must never repeat."""
    return [(label, "id") for label in KEYED_LABELS] + list(UNIQUE_PROPERTIES)


# Earlier schemas indexed Account.email and Token.digest with plain indexes under the names
# the constraints now take, and Neo4j refuses a uniqueness constraint on a key such an index
# covers: this finds them, to be dropped before the constraints are created.
PLAIN_INDEXES_ON_KEYS = (
    "SHOW RANGE INDEXES YIELD name, labelsOrTypes, properties, owningConstraint\n"
    "WHERE owningConstraint IS NULL AND [labelsOrTypes, properties] IN "
    f"[{', '.join(f"[['{label}'], ['{prop}']]" for label, prop in unique_keys())}]\n"
    "RETURN name"
)


def drop_index(name: str) -> str:
    """Drops one index by the name the server reported."""
    return f"DROP INDEX `{name.replace('`', '``')}` IF EXISTS"


def schema_statements() -> list[str]:
    """Every schema statement, in the order to run them."""
    statements = [
        f"CREATE CONSTRAINT {label.lower()}_{prop} IF NOT EXISTS "
        f"FOR (n:{label}) REQUIRE n.{prop} IS UNIQUE"
        for label, prop in unique_keys()
    ]
    statements += [
        f"CREATE RANGE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
        for label, prop in LOOKUP_INDEXES
    ]
    statements += [
        f"CREATE RANGE INDEX {label.lower()}_{'_'.join(props)} IF NOT EXISTS "
        f"FOR (n:{label}) ON ({', '.join(f'n.{p}' for p in props)})"
        for label, props in COMPOSITE_INDEXES
    ]
    return statements
