"""The taxonomy shipped with the project, and loading it into the graph (idempotent)."""

import json
from functools import cache
from importlib import resources

from graph import GraphStore
from talent.core.names import fold_name
from talent.taxonomy.models import (
    Bundled,
    BundledGroup,
    BundledProduct,
    Decision,
    Link,
    NodeRow,
    ProductRow,
    Props,
)
from talent.taxonomy.repository import TaxonomyRepository

SCHEME = "talentgraph"


@cache
def bundled() -> Bundled:
    """The parsed data file; its `version` changes whenever its content does."""
    text = resources.files("talent.taxonomy").joinpath("data/taxonomy.json").read_text("utf-8")
    data: Bundled = json.loads(text)
    return data


def skill_props(
    *,
    en: str,
    vi: str,
    aliases: list[str],
    scheme: str,
    version: str,
    description: str = "",
    uri: str = "",
    cross_cutting: bool = False,
) -> Props:
    """A skill's node properties: its labels, also folded for matching, where it is from, and
    whether it is cross-cutting (then it places no expert in a technology group)."""
    labels = [en, vi, *aliases]
    return {
        "label_en": en,
        "label_vi": vi,
        "aliases": list(aliases),
        "labels_folded": sorted({fold_name(label) for label in labels if label}),
        "description": description,
        "scheme": scheme,
        "uri": uri,
        "version": version,
        "cross_cutting": cross_cutting,
    }


def load_bundled(store: GraphStore) -> dict[str, int]:
    """Write the bundled groups, products and skills; running it twice changes nothing."""
    data = bundled()
    groups: list[NodeRow] = []
    products: list[ProductRow] = []
    for decision in data["decisions"]:
        groups += [_group(decision, group) for group in decision["groups"]]
        products += [_product(decision, product) for product in decision["products"]]
    skills = [
        NodeRow(
            s["id"],
            skill_props(
                en=s["en"],
                vi=s["vi"],
                aliases=s["aliases"],
                scheme=SCHEME,
                version=data["version"],
                cross_cutting=s.get("cross_cutting", False),
            ),
        )
        for s in data["skills"]
    ]
    TaxonomyRepository(store).save_decisions(
        groups=groups,
        products=products,
        skills=skills,
        broader=[Link(s["id"], b) for s in data["skills"] for b in s["broader"]],
        in_group=[Link(s["id"], g) for s in data["skills"] for g in s["groups"]],
    )
    return {"groups": len(groups), "products": len(products), "skills": len(skills)}


def _group(decision: Decision, group: BundledGroup) -> NodeRow:
    props: Props = {
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
    return NodeRow(group["id"], props)


def _product(decision: Decision, product: BundledProduct) -> ProductRow:
    props: Props = {
        "no": product["no"],
        "name_vi": product["vi"],
        "name_en": product["en"],
        "tier": product.get("tier", 0),
        "version": decision["id"],
        "group_inferred": product.get("group_inferred", False),
    }
    return ProductRow(product["id"], product["group"], props)
