"""Affiliations an expert shows to admins only never reach a programme lead through matching:
not in the reasons for an exclusion (API and page), not in a candidate's network path (live or
stored), even when the lead names the organisation as the programme's contractor. The conflict
check and the score still use them; an admin sees everything."""

import subprocess
import time
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from talent.accounts.models import Role
from tests.accounts import SignIn
from tests.matching.helpers import API, expert, organization

ML = {"skill_id": "machine-learning", "weight": 1, "min_level": 3}
SECRET_ORG = "Công ty Quốc phòng Kín"
OPEN_ORG = "Viện Công nghệ Mở"
HIDDEN = {"affiliations": "admins"}


@dataclass
class Setting:
    lead: httpx.Client
    role_id: str
    secret: str  # the contractor only hidden affiliations tie to
    open_org: str
    hidden_member: str  # works at the secret contractor now, shows it to admins only
    open_member: str  # works at the open contractor now, shows it to staff
    alumna: str  # worked at the secret contractor, shows it to admins only: a candidate


@pytest.fixture
def setting(client: httpx.Client, as_role: SignIn) -> Setting:
    secret = organization(client, SECRET_ORG)
    open_org = organization(client, OPEN_ORG)
    hidden_member = expert(client, affiliations=[{"organization_id": secret}], visibility=HIDDEN)
    open_member = expert(client, affiliations=[{"organization_id": open_org}])
    alumna = expert(
        client,
        affiliations=[
            {"organization_id": secret, "end_year": 2015, "source": "institution_confirmed"}
        ],
        visibility=HIDDEN,
    )
    lead = as_role(Role.PROGRAMME_LEAD)
    # The lead names both organisations as contractors, as any lead may.
    programme = lead.post(
        f"{API}/programmes",
        json={"name": "Chương trình Vệ tinh", "contractor_ids": [secret, open_org]},
    )
    assert programme.status_code == 201, programme.text
    created = lead.post(
        f"{API}/roles",
        json={
            "programme_id": programme.json()["id"],
            "kind": "chief_engineer",
            "title": "Chief engineer of the satellite platform",
            "requirements": [ML],
        },
    )
    assert created.status_code == 201, created.text
    return Setting(lead, created.json()["id"], secret, open_org, hidden_member, open_member, alumna)


def _exclusions(caller: httpx.Client, role_id: str) -> dict[str, dict[str, Any]]:
    response = caller.get(f"{API}/roles/{role_id}/exclusions")
    assert response.status_code == 200, response.text
    return {item["expert_id"]: item for item in response.json()["items"]}


def test_a_lead_learns_only_that_a_hidden_affiliation_conflicts(setting: Setting) -> None:
    listed = _exclusions(setting.lead, setting.role_id)
    assert set(listed) == {setting.hidden_member, setting.open_member}
    hidden = listed[setting.hidden_member]
    assert hidden["reasons"] == ["conflict_of_interest"]
    assert hidden["details"] == {}
    shown = listed[setting.open_member]
    assert shown["reasons"] == ["conflict_of_interest"]
    assert shown["details"] == {
        "conflict_of_interest": [{"id": setting.open_org, "name": OPEN_ORG}]
    }


def test_an_admin_sees_the_organisation_behind_every_conflict(
    client: httpx.Client, setting: Setting
) -> None:
    listed = _exclusions(client, setting.role_id)
    assert listed[setting.hidden_member]["details"] == {
        "conflict_of_interest": [{"id": setting.secret, "name": SECRET_ORG}]
    }
    assert listed[setting.open_member]["details"] == {
        "conflict_of_interest": [{"id": setting.open_org, "name": OPEN_ORG}]
    }


@pytest.mark.parametrize(
    ("language", "works_at"), [("en", "Works now at:"), ("vi", "Hiện đang làm việc tại:")]
)
def test_the_exclusions_page_names_no_hidden_organisation_to_a_lead(
    client: httpx.Client, setting: Setting, language: str, works_at: str
) -> None:
    headers = {"Accept-Language": language}
    page = setting.lead.get(f"/roles/{setting.role_id}/exclusions", headers=headers)
    assert page.status_code == 200, page.text
    assert f"{works_at} {OPEN_ORG}" in page.text
    assert SECRET_ORG not in page.text
    assert page.text.count(works_at) == 1
    admin = client.get(f"/roles/{setting.role_id}/exclusions", headers=headers)
    assert f"{works_at} {SECRET_ORG}" in admin.text
    assert f"{works_at} {OPEN_ORG}" in admin.text


def _candidate(caller: httpx.Client, role_id: str, expert_id: str) -> dict[str, Any]:
    response = caller.post(f"{API}/roles/{role_id}/matches", json={"k": 10})
    assert response.status_code == 200, response.text
    item: dict[str, Any] = next(i for i in response.json()["items"] if i["expert_id"] == expert_id)
    return item


def test_a_network_path_through_a_hidden_affiliation_is_not_shown_to_a_lead(
    client: httpx.Client, setting: Setting
) -> None:
    seen_by_lead = _candidate(setting.lead, setting.role_id, setting.alumna)
    assert seen_by_lead["network_path"] == []
    # The tie still counts: the score may use what the lead may not see.
    assert seen_by_lead["features"]["network"]["value"] == 1.0
    seen_by_admin = _candidate(client, setting.role_id, setting.alumna)
    assert [step.get("name") or step.get("rel") for step in seen_by_admin["network_path"]] == [
        seen_by_admin["expert"]["full_name"], "AFFILIATED", SECRET_ORG, "CONTRACTOR_OF",
        "Chương trình Vệ tinh",
    ]  # fmt: skip
    page = setting.lead.get(f"/roles/{setting.role_id}/matches", headers={"Accept-Language": "en"})
    assert page.status_code == 200, page.text
    assert SECRET_ORG not in page.text


def test_a_stored_run_shows_a_lead_no_path_through_a_hidden_affiliation(
    client: httpx.Client, setting: Setting, worker: subprocess.Popen[bytes]
) -> None:
    started = setting.lead.post(f"{API}/roles/{setting.role_id}/match-jobs", json={"limit": 10})
    assert started.status_code == 202, started.text
    url = f"{API}/roles/{setting.role_id}/match-jobs/{started.json()['id']}"
    deadline = time.monotonic() + 120
    while (job := setting.lead.get(url).json())["state"] not in {"succeeded", "failed"}:
        assert time.monotonic() < deadline, job
        time.sleep(0.1)
    assert job["state"] == "succeeded", job

    def stored_path(caller: httpx.Client) -> list[dict[str, Any]]:
        items = caller.get(f"{API}/match-runs/{job['run_id']}/candidates").json()["items"]
        found: list[dict[str, Any]] = next(
            i["network_path"] for i in items if i["expert_id"] == setting.alumna
        )
        return found

    assert stored_path(setting.lead) == []
    assert [step.get("id") for step in stored_path(client) if "id" in step][1] == setting.secret
    page = setting.lead.get(f"/match-runs/{job['run_id']}", headers={"Accept-Language": "en"})
    assert page.status_code == 200, page.text
    assert SECRET_ORG not in page.text
