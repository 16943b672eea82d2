"""The taxonomy shipped with the project, and loading it into the graph (idempotent)."""

import json
from functools import cache
from importlib import resources
from typing import Any

from graph import GraphStore
from graph.queries import taxonomy as q
from talent.core.names import fold_name
from talent.core.repository import data_changed

SCHEME = "talentgraph"


@cache
def bundled() -> dict[str, Any]:
    """The parsed data file; its `version` changes whenever its content does."""
    text = resources.files("talent.taxonomy").joinpath("data/taxonomy.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def current_decision() -> dict[str, Any]:
    return next(d for d in bundled()["decisions"] if d["current"])


def skill_props(skill: dict[str, Any], *, scheme: str, version: str) -> dict[str, Any]:
    labels = [skill["en"], skill.get("vi") or "", *skill.get("aliases", [])]
    return {
        "label_en": skill["en"],
        "label_vi": skill.get("vi") or "",
        "aliases": list(skill.get("aliases", [])),
        "labels_folded": sorted({fold_name(label) for label in labels if label}),
        "description": skill.get("description", ""),
        "scheme": scheme,
        "uri": skill.get("uri", ""),
        "version": version,
    }


def load_bundled(store: GraphStore) -> dict[str, int]:
    """Write the bundled groups, products and skills; running it twice changes nothing."""
    data = bundled()
    version = data["version"]
    groups, products = [], []
    for decision in data["decisions"]:
        for group in decision["groups"]:
            props = {
                "no": group["no"],
                "name_vi": group["vi"],
                "name_en": group["en"],
                "status": group.get("status", ""),
                "version": decision["id"],
                "decision": decision["number"],
                "effective": decision["effective"],
                "current": decision["current"],
                "successor": group.get("successor", ""),
            }
            groups.append({"id": group["id"], "props": props})
        for product in decision["products"]:
            props = {
                "no": product["no"],
                "name_vi": product["vi"],
                "name_en": product["en"],
                "tier": product.get("tier", 0),
                "version": decision["id"],
                "group_inferred": product.get("group_inferred", False),
            }
            products.append({"id": product["id"], "group": product["group"], "props": props})
    skills = [
        {"id": s["id"], "props": skill_props(s, scheme=SCHEME, version=version)}
        for s in data["skills"]
    ]
    broader = [{"id": s["id"], "broader": b} for s in data["skills"] for b in s["broader"]]
    in_group = [{"id": s["id"], "group": g} for s in data["skills"] for g in s["groups"]]
    store.run(q.upsert_groups(groups))
    store.run(q.upsert_products(products))
    store.run(q.upsert_skills(skills))
    store.run(q.link_broader(broader))
    store.run(q.link_groups(in_group))
    data_changed(store)
    return {"groups": len(groups), "products": len(products), "skills": len(skills)}
