"""What the portfolio tests over HTTP share: programmes with one role needing chip design at
level 4, three experts (two who hold it), and an assignment run to its end on the worker."""

import time
from typing import Any

import httpx

from tests.matching.helpers import API, expert, programme_with_roles

IC = [{"skill_id": "ic-design", "weight": 1, "min_level": 4, "must": True}]


def programme_role(client: httpx.Client, name: str, kind: str = "chief_engineer") -> str:
    role = {"kind": kind, "title": f"Tổng công trình sư {name}", "requirements": IC}
    return programme_with_roles(client, name, [role])[1][0]


def people_of(client: httpx.Client) -> dict[str, str]:
    return {
        "sao": expert(
            client, full_name="Lê Minh Sao", skills=[{"skill_id": "ic-design", "level": 5}]
        ),
        "binh": expert(
            client, full_name="Đỗ Văn Bình", skills=[{"skill_id": "ic-design", "level": 4}]
        ),
        "dung": expert(
            client, full_name="Hồ Thị Dung", skills=[{"skill_id": "machine-learning", "level": 5}]
        ),
    }


def assign(client: httpx.Client, body: dict[str, Any]) -> dict[str, Any]:
    return assign_job(client, body)[1]


def assign_job(client: httpx.Client, body: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    started = client.post(f"{API}/assignments", json=body)
    assert started.status_code == 202, started.text
    url = f"{API}/assignments/{started.json()['id']}"
    deadline = time.monotonic() + 120
    while True:
        job: dict[str, Any] = client.get(url).json()
        if job["state"] in ("succeeded", "failed", "cancelled"):
            break
        assert time.monotonic() < deadline, job
        time.sleep(0.1)
    assert job["state"] == "succeeded", job
    assert job["progress"] == 1.0
    result: dict[str, Any] = job["result"]
    return str(job["id"]), result


def proposed_by_role(result: dict[str, Any]) -> dict[str, list[str]]:
    return {r["role_id"]: [s["expert_id"] for s in r["proposed"]] for r in result["roles"]}
