import httpx

from tests.api.paging import pages
from tests.factories import expert_body, organization_body

API = "/api/v1"


def test_programme_role_and_work_round_trip(client: httpx.Client) -> None:
    contractor = client.post(
        f"{API}/organizations", json=organization_body(name="Viettel", country="VN")
    ).json()
    programme = client.post(
        f"{API}/programmes",
        json={
            "name": "Chip AI quốc gia",
            "tech_group_ids": ["qd21-2026:g06"],
            "contractor_ids": [contractor["id"]],
        },
    )
    assert programme.status_code == 201, programme.text
    pid = programme.json()["id"]
    role = client.post(
        f"{API}/roles",
        json={
            "programme_id": pid,
            "kind": "chief_architect",
            "title": "Tổng kiến trúc sư",
            "requirements": [
                {"skill_id": "soc-architecture", "weight": 1, "min_level": 4, "must": True}
            ],
            "constraints": {"languages": ["vi"], "residency": "any", "min_years": 10},
        },
    )
    assert role.status_code == 201, role.text
    read = client.get(f"{API}/roles/{role.json()['id']}").json()
    assert read["programme_id"] == pid
    assert read["constraints"]["min_years"] == 10
    assert read["requirements"][0]["must"] is True
    author = client.post(f"{API}/experts", json=expert_body()).json()
    work = client.post(
        f"{API}/works",
        json={
            "title": "RISC-V cores for edge AI",
            "author_ids": [author["id"]],
            "skill_ids": ["risc-v"],
            "doi": "10.1000/XYZ1",
        },
    )
    assert work.status_code == 201, work.text
    assert work.json()["doi"] == "10.1000/xyz1"
    assert client.get(f"{API}/programmes/{pid}").json()["contractor_ids"] == [contractor["id"]]


def test_a_role_for_an_unknown_programme_is_refused(client: httpx.Client) -> None:
    response = client.post(f"{API}/roles", json={"programme_id": "nope", "title": "Chief engineer"})
    assert response.status_code == 422
    assert response.json()["fields"] == {"programme_id": "no Programme with id 'nope'"}


def test_deleting_a_programme_with_roles_needs_cascade_and_audits_what_went(
    client: httpx.Client,
) -> None:
    pid = client.post(f"{API}/programmes", json={"name": "5G"}).json()["id"]
    rid = client.post(f"{API}/roles", json={"programme_id": pid, "title": "Chief engineer"}).json()[
        "id"
    ]
    refused = client.delete(f"{API}/programmes/{pid}")
    assert refused.status_code == 409
    assert "roles: 1" in refused.json()["fields"]["cascade"]
    assert client.get(f"{API}/roles/{rid}").status_code == 200
    assert client.delete(f"{API}/programmes/{pid}", params={"cascade": True}).status_code == 204
    assert client.get(f"{API}/roles/{rid}").status_code == 404
    events = client.get(f"{API}/audit-events", params={"target": pid}).json()["items"]
    deleted = next(e for e in events if e["action"] == "programme.delete")
    assert deleted["details"]["also_deleted"] == {"roles": 1}


def test_resource_lists_end_without_an_empty_page(client: httpx.Client) -> None:
    orgs = sorted(
        client.post(f"{API}/organizations", json=organization_body(name=f"Viện {n}")).json()["id"]
        for n in range(4)
    )
    assert pages(client, f"{API}/organizations", limit=2) == [orgs[:2], orgs[2:]]
    assert pages(client, f"{API}/organizations", limit=4) == [orgs]
    assert pages(client, f"{API}/organizations", limit=3) == [orgs[:3], orgs[3:]]
    programmes = sorted(
        client.post(f"{API}/programmes", json={"name": f"Chương trình {n}"}).json()["id"]
        for n in range(2)
    )
    assert pages(client, f"{API}/programmes", limit=1) == [[p] for p in programmes]
    assert pages(client, f"{API}/programmes", limit=2) == [programmes]


def test_an_organisation_a_profile_names_is_not_deleted_and_keeps_the_affiliation(
    client: httpx.Client,
) -> None:
    org = client.post(f"{API}/organizations", json=organization_body(name="Viện Cơ học")).json()
    body = expert_body(affiliations=[{"organization_id": org["id"]}])
    expert = client.post(f"{API}/experts", json=body)
    assert expert.status_code == 201, expert.text
    for params in ({}, {"cascade": "true"}):
        refused = client.delete(f"{API}/organizations/{org['id']}", params=params)
        assert refused.status_code == 409, refused.text
        assert refused.json()["fields"] == {"experts": "1"}
    assert client.get(f"{API}/organizations/{org['id']}").status_code == 200
    kept = client.get(f"{API}/experts/{expert.json()['id']}").json()
    assert [a["organization_id"] for a in kept["affiliations"]] == [org["id"]]
    unnamed = client.post(f"{API}/organizations", json=organization_body(name="Viện Toán")).json()
    assert client.delete(f"{API}/organizations/{unnamed['id']}").status_code == 204
    assert client.get(f"{API}/organizations/{unnamed['id']}").status_code == 404
