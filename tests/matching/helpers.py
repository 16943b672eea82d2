"""Builders for matching tests: organisations, experts and roles through the real API."""

import itertools
from typing import Any

import httpx

from tests.factories import expert_body, organization_body

API = "/api/v1"
_numbers = itertools.count(1)


def organization(client: httpx.Client, name: str) -> str:
    response = client.post(f"{API}/organizations", json=organization_body(name=name))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def expert(client: httpx.Client, **fields: Any) -> str:
    n = next(_numbers)
    body = expert_body(
        full_name=fields.pop("full_name", f"Trần Văn Expert {n}"),
        emails=[f"expert{n}@example.org"],
        orcid=None,
        **fields,
    )
    response = client.post(f"{API}/experts", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def work(client: httpx.Client, author: str, title: str, abstract: str = "") -> str:
    body = {"title": title, "abstract": abstract, "author_ids": [author]}
    response = client.post(f"{API}/works", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def role(
    client: httpx.Client,
    *,
    requirements: list[dict[str, Any]],
    constraints: dict[str, Any] | None = None,
    contractors: list[str] | None = None,
    kind: str = "chief_engineer",
    description: str = "",
    title: str = "Chief engineer of the national AI platform",
) -> str:
    programme = client.post(
        f"{API}/programmes",
        json={"name": "Chương trình AI quốc gia", "contractor_ids": contractors or []},
    )
    assert programme.status_code == 201, programme.text
    response = client.post(
        f"{API}/roles",
        json={
            "programme_id": programme.json()["id"],
            "kind": kind,
            "title": title,
            "description": description,
            "requirements": requirements,
            "constraints": constraints or {},
        },
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def matches(client: httpx.Client, role_id: str, **body: Any) -> dict[str, Any]:
    response = client.post(f"{API}/roles/{role_id}/matches", json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def ranked_ids(result: dict[str, Any]) -> list[str]:
    return [item["expert_id"] for item in result["items"]]


def programme_with_roles(
    client: httpx.Client, name: str, roles: list[dict[str, Any]]
) -> tuple[str, list[str]]:
    """A programme and its roles (each a role's body but its programme) through the API."""
    programme = client.post(f"{API}/programmes", json={"name": name})
    assert programme.status_code == 201, programme.text
    programme_id = str(programme.json()["id"])
    made = []
    for body in roles:
        response = client.post(f"{API}/roles", json={"programme_id": programme_id, **body})
        assert response.status_code == 201, response.text
        made.append(str(response.json()["id"]))
    return programme_id, made
