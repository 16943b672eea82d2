"""How the ranking behaves, through the API against the embedded graph."""

import httpx
import pytest

from tests.matching.helpers import API, expert, matches, organization, ranked_ids, role, work

ML = {"skill_id": "machine-learning", "weight": 1, "min_level": 3}


def test_a_missing_must_have_skill_excludes_and_is_counted(client: httpx.Client) -> None:
    has = expert(client, skills=[{"skill_id": "machine-learning", "level": 4}])
    lacks = expert(client, skills=[{"skill_id": "computer-vision", "level": 5}])
    role_id = role(client, requirements=[{**ML, "must": True}])
    result = matches(client, role_id)
    assert ranked_ids(result) == [has]
    assert result["excluded"]["by_reason"]["missing_must_have"] == 1
    listed = client.get(f"{API}/roles/{role_id}/exclusions").json()["items"]
    assert [(e["expert_id"], e["reasons"]) for e in listed] == [(lacks, ["missing_must_have"])]
    assert listed[0]["details"]["missing_must_have"] == ["machine-learning"]


def test_a_must_have_below_its_minimum_level_excludes(client: httpx.Client) -> None:
    expert(client, skills=[{"skill_id": "machine-learning", "level": 2}])
    result = matches(client, role(client, requirements=[{**ML, "must": True}]))
    assert result["items"] == []
    assert result["excluded"]["by_reason"]["missing_must_have"] == 1


def test_a_narrower_skill_meets_a_must_have_and_earns_partial_credit(
    client: httpx.Client,
) -> None:
    exact = expert(client, skills=[{"skill_id": "machine-learning", "level": 4}])
    narrower = expert(client, skills=[{"skill_id": "deep-learning", "level": 4}])
    result = matches(client, role(client, requirements=[{**ML, "must": True}]))
    assert ranked_ids(result) == [exact, narrower]
    matched = result["items"][1]["skills"]["matched"][0]
    assert matched["relation"] == "narrower"
    assert matched["via"]["skill_id"] == "deep-learning"
    assert (
        result["items"][1]["features"]["skill"]["value"]
        < result["items"][0]["features"]["skill"]["value"]
    )


@pytest.mark.parametrize("kind", ["chief_engineer", "chief_architect", "data_steward"])
@pytest.mark.parametrize("min_level", [1, 3, 5])
def test_a_higher_level_on_a_required_skill_never_lowers_the_score(
    client: httpx.Client, kind: str, min_level: int
) -> None:
    by_level = {
        level: expert(
            client,
            skills=[
                {"skill_id": "machine-learning", "level": level},
                {"skill_id": "computer-vision", "level": 3},
            ],
        )
        for level in range(1, 6)
    }
    requirements = [
        {"skill_id": "machine-learning", "weight": 1, "min_level": min_level},
        {"skill_id": "computer-vision", "weight": 0.5, "min_level": 2},
    ]
    result = matches(client, role(client, requirements=requirements, kind=kind))
    score = {item["expert_id"]: item["score"] for item in result["items"]}
    scores = [score[by_level[level]] for level in range(1, 6)]
    assert scores == sorted(scores)
    assert scores[0] < scores[-1]


def test_ties_break_by_id(client: httpx.Client) -> None:
    same = [expert(client, full_name="Lê Thị Hoa") for _ in range(4)]
    result = matches(client, role(client, requirements=[ML]))
    assert len({item["score"] for item in result["items"]}) == 1
    assert ranked_ids(result) == sorted(same)


def test_a_current_affiliation_with_a_contractor_is_a_conflict_of_interest(
    client: httpx.Client,
) -> None:
    contractor = organization(client, "Viettel High Tech")
    conflicted = expert(client, affiliations=[{"organization_id": contractor, "title": "CTO"}])
    former = expert(
        client,
        affiliations=[
            {
                "organization_id": contractor,
                "start_year": 2010,
                "end_year": 2015,
                "source": "institution_confirmed",
            }
        ],
    )
    role_id = role(client, requirements=[ML], contractors=[contractor])
    result = matches(client, role_id)
    assert ranked_ids(result) == [former]
    assert result["excluded"]["by_reason"]["conflict_of_interest"] == 1
    listed = client.get(
        f"{API}/roles/{role_id}/exclusions", params={"reason": "conflict_of_interest"}
    ).json()["items"]
    assert listed[0]["expert_id"] == conflicted
    assert listed[0]["reasons"] == ["conflict_of_interest"]
    assert listed[0]["details"]["conflict_of_interest"] == [
        {"id": contractor, "name": "Viettel High Tech"}
    ]
    path = result["items"][0]["network_path"]
    assert [step.get("label") or step.get("rel") for step in path] == [
        "Expert", "AFFILIATED", "Organization", "CONTRACTOR_OF", "Programme"
    ]  # fmt: skip
    assert result["items"][0]["features"]["network"]["value"] == 1.0


def test_an_organisation_the_role_excludes_is_a_conflict_too(client: httpx.Client) -> None:
    rival = organization(client, "Rival Lab")
    expert(client, affiliations=[{"organization_id": rival}])
    role_id = role(client, requirements=[ML], constraints={"exclude_organization_ids": [rival]})
    assert matches(client, role_id)["excluded"]["by_reason"]["conflict_of_interest"] == 1


def test_constraints_exclude_by_language_residency_years_and_engagement(
    client: httpx.Client,
) -> None:
    fits = expert(client, country="DE", languages=["vi", "en", "de"], years_experience=20)
    expert(client, country="DE", languages=["vi", "en"], years_experience=20)
    expert(client, country="VN", languages=["vi", "en", "de"], years_experience=20)
    expert(client, country="DE", languages=["vi", "en", "de"], years_experience=5)
    expert(
        client,
        country="DE",
        languages=["vi", "en", "de"],
        years_experience=20,
        engagement_modes=["short_visits"],
    )
    expert(client, country="DE", languages=["de"], status="pending")
    expert(client, country="DE", languages=["de"], consent={"match": False})
    constraints = {
        "languages": ["de"],
        "residency": "overseas",
        "min_years": 10,
        "engagement_modes": ["remote", "full_time_return"],
    }
    result = matches(client, role(client, requirements=[ML], constraints=constraints))
    assert ranked_ids(result) == [fits]
    by_reason = result["excluded"]["by_reason"]
    assert by_reason["language"] == 1
    assert by_reason["residency"] == 1
    assert by_reason["min_years"] >= 1
    assert by_reason["engagement_mode"] == 1
    assert by_reason["not_active"] == 1
    assert by_reason["no_match_consent"] == 1
    assert result["excluded"]["total"] == 6


def test_works_about_the_role_raise_evidence_and_are_shown(client: httpx.Client) -> None:
    writer = expert(client)
    silent = expert(client)
    best = work(
        client,
        writer,
        "Federated learning for Vietnamese speech recognition",
        "We train speech recognition models with federated learning across hospitals.",
    )
    work(client, writer, "Corrosion of bridge steel", "Field study of marine corrosion.")
    role_id = role(
        client,
        requirements=[ML],
        description="Build federated learning speech recognition for the public sector",
    )
    result = matches(client, role_id)
    assert ranked_ids(result) == [writer, silent]
    top = result["items"][0]
    assert top["features"]["evidence"]["value"] > 0
    assert result["items"][1]["features"]["evidence"]["value"] == 0
    assert top["works"][0]["work_id"] == best
    assert top["works"][0]["title"].startswith("Federated learning")
    assert len(top["works"]) == 1  # the unrelated work is not offered as support


def test_feature_contributions_add_up_to_the_score(client: httpx.Client) -> None:
    expert(client)
    item = matches(client, role(client, requirements=[ML]))["items"][0]
    total = sum(f["contribution"] for f in item["features"].values())
    assert total == pytest.approx(item["score"], abs=1e-3)
    assert sum(f["weight"] for f in item["features"].values()) == pytest.approx(1.0, abs=1e-3)


def test_weights_can_be_overridden_per_request(client: httpx.Client) -> None:
    expert(client)
    role_id = role(client, requirements=[ML])
    only_skill = {
        "skill": 1, "evidence": 0, "seniority": 0, "network": 0, "availability": 0,
        "confidence": 0,
    }  # fmt: skip
    result = matches(client, role_id, weights=only_skill)
    assert result["weights"]["skill"] == 1.0
    item = result["items"][0]
    assert item["score"] == pytest.approx(item["features"]["skill"]["value"], abs=1e-4)


def test_the_index_follows_new_experts_and_changed_skills(client: httpx.Client) -> None:
    first = expert(client)
    role_id = role(client, requirements=[{**ML, "must": True}])
    assert ranked_ids(matches(client, role_id)) == [first]
    second = expert(client, skills=[{"skill_id": "machine-learning", "level": 5}])
    assert ranked_ids(matches(client, role_id)) == [second, first]
    patched = client.patch(
        f"{API}/experts/{second}", json={"skills": [{"skill_id": "robotics", "level": 5}]}
    )
    assert patched.status_code == 200
    assert ranked_ids(matches(client, role_id)) == [first]


def test_a_rejected_expert_is_left_out_and_a_shortlisted_one_joins_the_team(
    client: httpx.Client,
) -> None:
    lab = organization(client, "Viện Trí tuệ nhân tạo")
    colleague = expert(
        client, affiliations=[{"organization_id": lab, "source": "institution_confirmed"}]
    )
    chosen = expert(client, affiliations=[{"organization_id": lab}])
    rejected = expert(client)
    role_id = role(client, requirements=[ML])
    no_reason = client.post(f"{API}/roles/{role_id}/rejections", json={"expert_id": rejected})
    assert no_reason.status_code == 422
    assert "reason" in no_reason.json()["fields"]
    decided = client.post(
        f"{API}/roles/{role_id}/rejections",
        json={"expert_id": rejected, "reason": "declined in the first interview"},
    )
    assert decided.status_code == 200, decided.text
    shortlisted = client.post(
        f"{API}/roles/{role_id}/shortlist",
        json={"expert_id": chosen, "reason": "led the national speech platform"},
    )
    assert shortlisted.json()["decision"] == "shortlisted"
    result = matches(client, role_id)
    assert rejected not in ranked_ids(result)
    assert result["excluded"]["by_reason"]["rejected_by_lead"] == 1
    item = next(i for i in result["items"] if i["expert_id"] == colleague)
    assert item["features"]["network"]["value"] == 0.5
    assert [s.get("id") for s in item["network_path"] if "id" in s][-2] == chosen
    decisions = client.get(f"{API}/roles/{role_id}/decisions").json()
    assert {(d["expert_id"], d["decision"]) for d in decisions} == {
        (rejected, "rejected"),
        (chosen, "shortlisted"),
    }


def test_a_decision_on_an_unknown_expert_names_the_field(client: httpx.Client) -> None:
    role_id = role(client, requirements=[ML])
    response = client.post(
        f"{API}/roles/{role_id}/shortlist", json={"expert_id": "nobody", "reason": "strong"}
    )
    assert response.status_code == 422
    assert "expert_id" in response.json()["fields"]


def test_exclusions_page_with_a_cursor(client: httpx.Client) -> None:
    left_out = sorted(
        expert(client, skills=[{"skill_id": "robotics", "level": 3}]) for _ in range(5)
    )
    role_id = role(client, requirements=[{**ML, "must": True}])
    first = client.get(f"{API}/roles/{role_id}/exclusions", params={"limit": 3}).json()
    second = client.get(
        f"{API}/roles/{role_id}/exclusions", params={"limit": 3, "cursor": first["next_cursor"]}
    ).json()
    seen = [e["expert_id"] for e in first["items"] + second["items"]]
    assert seen == left_out
    assert second["next_cursor"] is None


def test_the_last_exclusions_page_points_nowhere_when_the_total_fills_it(
    client: httpx.Client,
) -> None:
    left_out = sorted(
        expert(client, skills=[{"skill_id": "robotics", "level": 3}]) for _ in range(4)
    )
    role_id = role(client, requirements=[{**ML, "must": True}])
    url = f"{API}/roles/{role_id}/exclusions"
    first = client.get(url, params={"limit": 2}).json()
    assert [e["expert_id"] for e in first["items"]] == left_out[:2]
    second = client.get(url, params={"limit": 2, "cursor": first["next_cursor"]}).json()
    assert [e["expert_id"] for e in second["items"]] == left_out[2:]
    assert second["next_cursor"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {"requirements": [{"skill_id": "machine-learning", "min_level": 7}]},
            "requirements[0].min_level",
        ),
        (
            {"requirements": [{"skill_id": "machine-learning", "weight": 0}]},
            "requirements[0].weight",
        ),
        ({"requirements": [{"skill_id": "no-such-skill"}]}, "requirements[0].skill_id"),
        ({"kind": "Chief Engineer!"}, "kind"),
        ({"constraints": {"residency": "mars"}}, "constraints.residency"),
        ({"constraints": {"languages": ["klingon"]}}, "constraints.languages[0]"),
        ({"constraints": {"engagement_modes": ["sometimes"]}}, "constraints.engagement_modes[0]"),
        ({"constraints": {"min_years": -1}}, "constraints.min_years"),
        (
            {"constraints": {"exclude_organization_ids": ["nowhere"]}},
            "constraints.exclude_organization_ids[0]",
        ),
    ],
)
def test_an_invalid_role_gets_422_naming_the_field(
    client: httpx.Client, body: dict[str, object], field: str
) -> None:
    programme = client.post(f"{API}/programmes", json={"name": "Bán dẫn"}).json()["id"]
    response = client.post(
        f"{API}/roles", json={"programme_id": programme, "title": "Chief architect", **body}
    )
    assert response.status_code == 422, response.text
    assert field in response.json()["fields"], response.json()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"k": 0}, "k"),
        ({"k": 1000}, "k"),
        ({"weights": {"skill": 2}}, "weights.skill"),
        (
            {
                "weights": {
                    "skill": 0,
                    "evidence": 0,
                    "seniority": 0,
                    "network": 0,
                    "availability": 0,
                    "confidence": 0,
                }
            },
            "weights",
        ),
        ({"weights": {"charm": 1}}, "weights.charm"),
    ],
)
def test_an_invalid_match_request_gets_422_naming_the_field(
    client: httpx.Client, body: dict[str, object], field: str
) -> None:
    role_id = role(client, requirements=[ML])
    response = client.post(f"{API}/roles/{role_id}/matches", json=body)
    assert response.status_code == 422, response.text
    assert field in response.json()["fields"], response.json()


def test_matching_an_unknown_role_is_404(client: httpx.Client) -> None:
    assert client.post(f"{API}/roles/nope/matches", json={}).status_code == 404
    assert client.get(f"{API}/roles/nope/exclusions").status_code == 404
    assert client.get(f"{API}/roles/x/exclusions", params={"reason": "taste"}).status_code == 422


def test_every_match_request_is_an_audit_event(client: httpx.Client) -> None:
    expert(client, skills=[{"skill_id": "machine-learning", "level": 4}])
    role_id = role(client, requirements=[ML])
    matches(client, role_id, k=5)
    events = client.get(
        f"{API}/audit-events", params={"action": "match.request", "target": role_id}
    ).json()["items"]
    assert len(events) == 1
    assert events[0]["details"] == {"k": 5, "returned": 1}
    assert events[0]["actor"] == client.get(f"{API}/auth/me").json()["id"]
