"""A skill or a tie only the expert declared weighs less than a confirmed one, and the
explanation says which it was."""

from typing import Any

import httpx

from tests.matching.helpers import expert, matches, organization, ranked_ids, role

ML = {"skill_id": "machine-learning", "weight": 1, "min_level": 3}


def _skill(source: str) -> list[dict[str, Any]]:
    return [{"skill_id": "machine-learning", "level": 4, "source": source}]


def _by_id(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["expert_id"]: item for item in result["items"]}


def test_a_confirmed_skill_outranks_the_same_skill_only_self_declared(
    client: httpx.Client,
) -> None:
    declared = expert(client, skills=_skill("self_declared"))
    confirmed = expert(client, skills=_skill("institution_confirmed"))
    result = matches(client, role(client, requirements=[ML]), weights={"skill": 1.0})
    assert ranked_ids(result) == [confirmed, declared]
    items = _by_id(result)
    assert (
        items[declared]["features"]["skill"]["value"]
        == 0.8 * (items[confirmed]["features"]["skill"]["value"])
    )
    assert [m["provenance"] for m in items[confirmed]["skills"]["matched"]] == ["confirmed"]
    assert [m["provenance"] for m in items[declared]["skills"]["matched"]] == ["self_declared"]


def test_a_self_declared_skill_still_meets_a_must_have(client: httpx.Client) -> None:
    declared = expert(client, skills=_skill("self_declared"))
    role_id = role(client, requirements=[{**ML, "must": True}])
    assert ranked_ids(matches(client, role_id)) == [declared]


def test_a_tie_through_a_self_declared_affiliation_weighs_less_and_says_so(
    client: httpx.Client,
) -> None:
    contractor = organization(client, "Viện Công nghệ Viettel")
    past = {"organization_id": contractor, "start_year": 2010, "end_year": 2015}
    declared = expert(client, affiliations=[past])
    confirmed = expert(client, affiliations=[{**past, "source": "ministry_verified"}])
    role_id = role(client, requirements=[ML], contractors=[contractor])
    items = _by_id(matches(client, role_id))
    assert items[confirmed]["features"]["network"]["value"] == 1.0
    assert items[declared]["features"]["network"]["value"] == 0.8
    for expert_id, provenance in ((confirmed, "confirmed"), (declared, "self_declared")):
        links = [s for s in items[expert_id]["network_path"] if "rel" in s]
        assert links[0] == {"rel": "AFFILIATED", "provenance": provenance}
        assert links[1] == {"rel": "CONTRACTOR_OF"}
