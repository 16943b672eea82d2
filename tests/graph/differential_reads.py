"""Every read statement of graph.catalogue, built with parameters taken from the workload's
data, and the comparison of two engines' rows."""

import hashlib
import re
from typing import Any

from graph import GraphStore
from graph.queries import (
    accounts,
    audit,
    changes,
    entities,
    experts,
    insights,
    jobs,
    matching,
    merges,
    meta,
    outbox,
    pipeline,
    reviews,
    search,
    taxonomy,
    tokens,
)
from graph.query import Query

LIMIT = 500
# Later than any stamp of the workload: every row qualifies.
LATER = 4_102_444_800_000


def parameters(store: GraphStore, ids: dict[str, Any]) -> dict[str, Any]:
    """The workload's ids, and others read from its data: each engine must give the same."""
    first = {
        label: store.run(entities.distinct_ids(label))[0]["n"]
        for label in ("Expert", "Organization", "Work")
    }
    authored = sorted((r["expert"], r["work"]) for r in store.run(matching.authorship_edges()))
    affiliated = sorted(r["expert"] for r in store.run(matching.affiliation_edges()))
    broader = sorted((b, r["id"]) for r in store.run(matching.skill_links()) for b in r["broader"])
    groups = sorted(r["grp"] for r in store.run(search.skill_groups()))
    head = store.run(changes.heads())[0]
    review = store.run(reviews.page(state=None, kind=None, after="", limit=1))
    mail = store.run(outbox.pending(LATER, LATER, 1))
    return {
        **ids,
        "counts": first,
        "author": authored[0][0],
        "work": authored[0][1],
        "affiliated": affiliated[0],
        "organization": store.run(matching.organization_names(_orgs(store)))[0]["id"],
        "skill": broader[0][0],
        "group": groups[0],
        "review": review[0]["review"]["id"] if review else "",
        "mail": mail[0]["id"] if mail else "",
        "digest": hashlib.sha256(ids["pending_token"].encode()).hexdigest(),
        "experts": ids["candidates"][:20],
        "shard": int(head["shard"]),
        "shard_head": int(head["n"]),
    }


def _orgs(store: GraphStore) -> list[str]:
    rows = store.run(matching.affiliation_edges())
    return sorted({r["org"] for r in rows})


def _entity_reads(p: dict[str, Any]) -> list[Query]:
    node_of = {
        "Expert": p["author"],
        "Organization": p["organization"],
        "Work": p["work"],
        "Programme": p["programme"],
        "Role": p["role"],
    }
    owner_of = {"Work": p["author"], "Programme": p["lead"], "Role": p["lead"]}
    queries: list[Query] = []
    for entity in entities.ENTITIES:
        node = node_of[entity.label]
        queries += [
            entities.get(entity, node),
            entities.page(entity, after="", limit=LIMIT),
            *([entities.owned_counts(entity, node)] if entity.owns else []),
            entities.count(entity.label),
            entities.distinct_ids(entity.label),
        ]
    targets = {
        "Expert": p["experts"],
        "Organization": [p["organization"]],
        "Programme": [p["programme"]],
        "Skill": [p["skill"], "machine-learning"],
        "TechGroup": [p["group"]],
    }
    queries += [entities.existing_ids(label, [*found, "none"]) for label, found in targets.items()]
    queries.append(
        entities.page_in_states(entities.EXPERT, after="", limit=LIMIT, states=["active"])
    )
    queries.append(entities.page_held(entities.ROLE, parent=p["programme"], after="", limit=LIMIT))
    queries += [
        entities.page_owned(entity, owner=owner_of[entity.label], after="", limit=LIMIT)
        for entity in entities.ENTITIES
        if entity.label in entities.OWNED_BY
    ]
    return queries


def _account_reads(p: dict[str, Any]) -> list[Query]:
    return [
        taxonomy.groups(None),
        taxonomy.group(p["group"]),
        taxonomy.skills_page(group=p["group"], scheme=None, after="", limit=LIMIT),
        taxonomy.skill(p["skill"]),
        taxonomy.narrower(p["skill"]),
        accounts.by_email("lead@example.org"),
        accounts.get(p["lead"]),
        accounts.page(after="", limit=LIMIT),
        accounts.leads_programme(p["lead"], p["programme"]),
        accounts.leads_role(p["lead"], p["role"]),
        accounts.for_expert(p["owned"]),
        accounts.awaiting_link("minh@example.org", 0),
        accounts.owners(p["owned"], p["staff"]),
        tokens.find(p["digest"]),
    ]


def _expert_reads(p: dict[str, Any]) -> list[Query]:
    return [
        experts.authored_counts(p["experts"]),
        experts.authored_work_ids(p["author"]),
        experts.unchanged(p["updated"]),
        experts.due_reminders(LATER, LATER, LIMIT),
        experts.status_counts(),
        reviews.get(p["review"]),
        reviews.page(state=None, kind=None, after="", limit=LIMIT),
        merges.get(p["merge"]),
        merges.still_merged(p["merge"]),
        reviews.still_open(p["review"]),
        outbox.get(p["mail"]),
        outbox.pending(LATER, LATER, LIMIT),
        outbox.count_pending(None),
    ]


def _service_reads(p: dict[str, Any]) -> list[Query]:
    moved = p["candidates"][5]
    return [
        search.skill_labels(),
        search.skill_groups(),
        search.current_cards(p["experts"]),
        insights.current_groups(),
        insights.open_role_requirements(),
        pipeline.pipeline_entry(moved),
        pipeline.pipeline_history(moved),
        pipeline.pipeline_page(None, "", LIMIT),
        pipeline.pipeline_stages(),
        pipeline.engagements(),
        matching.expert_rows(),
        matching.skill_edges(),
        matching.affiliation_edges(),
        matching.authorship_edges(),
        matching.work_texts(),
        matching.expert_rows(p["experts"]),
        matching.skill_edges(p["experts"]),
        matching.affiliation_edges([p["affiliated"], *p["experts"]]),
        matching.authorship_edges([p["author"]]),
        matching.work_texts([p["work"]]),
        matching.authors_of([p["work"]]),
        matching.skill_links(),
        matching.role_context(p["role"]),
        matching.expert_cards(p["experts"]),
        matching.organization_names(_orgs_of(p)),
        matching.decisions(p["role"]),
        matching.run(p["run"]),
        matching.runs_of_role(p["role"]),
        matching.run_candidates(p["run"], after=0, limit=LIMIT),
        jobs.get(p["job"]),
        jobs.stale(["queued", "running"], LATER, LIMIT),
        jobs.last_tick("beat"),
        meta.ping(),
        meta.counts(),
        audit.page(before="~", limit=LIMIT, action=None, target=None, actor=None),
        changes.heads(),
        changes.since(p["shard"], 0, p["shard_head"]),
        changes.last_before(p["shard"], LATER),
    ]


def _orgs_of(p: dict[str, Any]) -> list[str]:
    return [p["organization"], "none"]


def read_queries(p: dict[str, Any]) -> list[Query]:
    """One of each read statement of the catalogue."""
    return [*_entity_reads(p), *_account_reads(p), *_expert_reads(p), *_service_reads(p)]


_AFTER_ORDER = re.compile(r"\bMATCH\b|\bUNWIND\b|\bcollect\(|\bcount\(|\bWITH\b", re.IGNORECASE)


def ordered(text: str) -> bool:
    """Whether the statement fixes the order of its rows: its last ORDER BY is followed by
    nothing that may reorder them (a match, an unwind, an aggregation, another WITH)."""
    at = text.rfind("ORDER BY")
    if at < 0:
        return False
    tail = text[at:]
    # `ORDER BY x LIMIT n` in a WITH keeps its order into a plain RETURN.
    return _AFTER_ORDER.search(tail) is None


def canonical(value: Any) -> Any:
    """A hashable, comparable form: floats to 9 significant digits, maps by key, lists as
    multisets (collect() gives no order, and neither engine promises one)."""
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return value
    if isinstance(value, float):
        return float(f"{value:.9g}")
    if isinstance(value, dict):
        return tuple(sorted((k, canonical(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return ("list", tuple(sorted((canonical(v) for v in value), key=repr)))
    return ("other", repr(value))


def rows_of(query: Query, rows: list[dict[str, Any]]) -> list[Any]:
    found = [canonical(row) for row in rows]
    return found if ordered(query.text) else sorted(found, key=repr)
