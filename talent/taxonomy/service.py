"""Loading the taxonomy and importing further schemes as extra concepts linked to ours."""

from itertools import batched
from pathlib import Path
from typing import Any

from graph import GraphStore
from graph.queries import taxonomy as q
from talent.core.names import fold_name
from talent.core.repository import data_changed
from talent.taxonomy.bundled import bundled, skill_props
from talent.taxonomy.importers import read_scheme

BATCH = 1000


def import_scheme(store: GraphStore, path: Path) -> dict[str, Any]:
    """Import a scheme file; concepts whose label matches one of our skills are linked to it."""
    scheme = read_scheme(path)
    ours: dict[str, str] = {}
    for skill in bundled()["skills"]:
        for label in (skill["en"], skill["vi"], *skill["aliases"]):
            ours.setdefault(fold_name(label), skill["id"])
    rows, broader, matches = [], [], []
    known = {c.id for c in scheme.concepts}
    for concept in scheme.concepts:
        item = {"en": concept.label, "vi": "", "aliases": concept.aliases, "uri": concept.uri}
        item["description"] = concept.description
        rows.append({"id": concept.id, "props": skill_props(item, scheme=scheme.name, version="")})
        broader += [{"id": concept.id, "broader": b} for b in concept.broader if b in known]
        for label in (concept.label, *concept.aliases):
            if (target := ours.get(fold_name(label))) is not None:
                matches.append({"id": concept.id, "match": target})
                break
    for chunk in batched(rows, BATCH):
        store.run(q.upsert_skills(list(chunk)))
    for pairs in batched(broader, BATCH):
        store.run(q.link_broader(list(pairs)))
    for pairs in batched(matches, BATCH):
        store.run(q.link_exact_matches(list(pairs)))
    data_changed(store)
    return {
        "scheme": scheme.name,
        "concepts": len(rows),
        "broader": len(broader),
        "linked": len(matches),
    }
