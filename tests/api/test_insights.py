"""The attraction pipeline, its KPI and the capability map, over real HTTP."""

import csv
import io
from datetime import date, timedelta
from typing import Any

import httpx

from talent.accounts.models import Role
from tests.accounts import SignIn
from tests.api.paging import pages
from tests.factories import expert_body
from tests.matching.helpers import role

API = "/api/v1"
AI = "qd21-2026:g01"
STAGES = ["identified", "contacted", "interested", "negotiating", "committed", "engaged"]
# Beside the way forward: an expert who said no, or whose talks rest.
SIDE = ["declined", "paused"]


def _expert(client: httpx.Client, name: str, level: int, **extra: Any) -> str:
    body = expert_body(
        full_name=name, skills=[{"skill_id": "machine-learning", "level": level}], **extra
    )
    response = client.post(f"{API}/experts", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _move(client: httpx.Client, expert_id: str, to: str, **extra: Any) -> httpx.Response:
    return client.post(f"{API}/pipeline/{expert_id}/transitions", json={"to": to, **extra})


def _walk(client: httpx.Client, expert_id: str, last: str, start: date) -> None:
    for step, stage in enumerate(STAGES[: STAGES.index(last) + 1]):
        at = (start + timedelta(days=step)).isoformat()
        response = _move(client, expert_id, stage, at=at, note=f"step {step}")
        assert response.status_code == 200, response.text


def test_pipeline_moves_one_stage_at_a_time_and_refuses_others_with_409(
    client: httpx.Client, as_role: SignIn
) -> None:
    expert = _expert(client, "Phan Thanh Bình", 5)
    assert _move(client, expert, "contacted").status_code == 409
    entered = _move(client, expert, "identified", note="met at a conference")
    assert entered.status_code == 200
    assert entered.json()["stage"] == "identified"
    skipped = _move(client, expert, "interested")
    assert skipped.status_code == 409
    assert skipped.json()["fields"] == {"to": "interested"}
    assert _move(client, expert, "contacted").status_code == 200
    assert _move(client, expert, "negotiating").status_code == 409  # one step at a time
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    assert _move(client, expert, "interested", at=tomorrow).status_code == 422
    assert _move(client, expert, "interested", at="2000-01-01").status_code == 422
    assert _move(client, "no-such-expert", "identified").status_code == 404

    lead = as_role(Role.PROGRAMME_LEAD)
    assert _move(lead, expert, "interested").status_code == 403
    view = lead.get(f"{API}/pipeline/{expert}").json()
    assert view["entry"]["stage"] == "contacted"
    assert [(c["from_stage"], c["to"]) for c in view["history"]] == [
        (None, "identified"),
        ("identified", "contacted"),
    ]
    assert view["history"][0]["note"] == "met at a conference"
    admin_id = client.get(f"{API}/auth/me").json()["id"]
    assert {c["owner_id"] for c in view["history"]} == {admin_id}


def test_the_kpi_counts_leading_experts_by_stage_and_month(client: httpx.Client) -> None:
    leading_engaged = _expert(client, "Đỗ Minh Khoa", 5)
    leading_talking = _expert(client, "Đỗ Minh Tâm", 4, orcid=None)
    other_engaged = _expert(client, "Đỗ Minh Hải", 2, orcid=None)
    _walk(client, leading_engaged, "engaged", date(2026, 3, 1))
    _walk(client, leading_talking, "negotiating", date(2026, 4, 1))
    _walk(client, other_engaged, "engaged", date(2026, 5, 1))

    kpi = client.get(f"{API}/pipeline/kpi").json()
    assert kpi["target"] == 100
    assert kpi["engaged_leading"] == 1
    assert kpi["progress"] == 0.01
    counts = {"negotiating": 1, "engaged": 2}
    assert kpi["by_stage"] == {s: counts.get(s, 0) for s in STAGES + SIDE}
    assert kpi["leading_by_stage"]["engaged"] == 1
    assert kpi["leading_by_stage"]["negotiating"] == 1
    ai = next(g for g in kpi["groups"] if g["group"] == AI)
    assert ai["engaged_leading"] == 1
    assert sum(ai["by_stage"].values()) == 2
    assert kpi["trend"] == [{"month": "2026-03", "engaged_leading": 1}]
    assert client.get(f"{API}/pipeline/kpi", params={"target": 4}).json()["progress"] == 0.25
    engaged = client.get(f"{API}/pipeline", params={"stage": "engaged"}).json()["items"]
    assert {e["expert_id"] for e in engaged} == {leading_engaged, other_engaged}


def test_the_capability_map_counts_supply_demand_and_gap_in_json_and_csv(
    client: httpx.Client,
) -> None:
    _expert(client, "Hồ Quang Vũ", 5, country="US")
    _expert(client, "Hồ Quang Lâm", 2, orcid=None)
    _expert(client, "Hồ Quang Chờ", 5, status="pending", orcid=None)
    for _ in range(3):
        role(client, requirements=[{"skill_id": "machine-learning", "weight": 1}])

    rows = client.get(f"{API}/insights/capability-map").json()
    assert len(rows) == 10
    ai = next(r for r in rows if r["group"] == AI)
    assert ai["experts"] == {"domestic": 1, "overseas": 1}
    assert ai["leading"] == {"domestic": 0, "overseas": 1}
    assert ai["by_level"]["overseas"]["5"] == 1
    assert ai["by_level"]["domestic"]["2"] == 1
    assert ai["open_roles"] == 3
    assert ai["gap"] == 2

    response = client.get(f"{API}/insights/capability-map.csv")
    assert response.headers["content-type"].startswith("text/csv")
    # Excel reads it as UTF-8 only with a byte-order mark; machine headings stay.
    assert response.content.startswith(b"\xef\xbb\xbfgroup,no,name_en,name_vi,")
    table = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(table) == 10
    line = next(r for r in table if r["group"] == AI)
    assert (line["overseas_leading"], line["open_roles"], line["gap"]) == ("1", "3", "2")


def test_the_pipeline_list_ends_without_an_empty_page(client: httpx.Client) -> None:
    names = ["Lý Thu Hà", "Lý Văn Nam", "Lý Quốc Bảo"]
    experts = sorted(_expert(client, name, 3, orcid=None) for name in names)
    for expert in experts:
        assert _move(client, expert, "identified").status_code == 200
    url = f"{API}/pipeline"
    assert pages(client, url, limit=3, key="expert_id") == [experts]
    assert pages(client, url, limit=2, key="expert_id") == [experts[:2], experts[2:]]
    assert pages(client, url, limit=1, key="expert_id", stage="identified") == [
        [e] for e in experts
    ]
    assert pages(client, url, limit=5, key="expert_id", stage="engaged") == [[]]
