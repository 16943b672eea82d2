"""Pages opened as the API opens them: a lead reads search, the capability map, the pipeline
board (without moves) and the target; a ministry reads programmes and roles (without their
edit controls). What the API refuses them, the pages still refuse with 403."""

from collections.abc import Callable

import httpx
import pytest
from playwright.sync_api import Page

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from tests.accounts import SignIn
from tests.factories import expert_body
from tests.web.browser import account, check_page, sign_in

API = "/api/v1"
LEAD_PAGES = ("/search", "/insights/capability", "/pipeline", "/kpi")


def _programme_and_role(lead: httpx.Client) -> tuple[str, str]:
    pid = lead.post(f"{API}/programmes", json={"name": "Vi mạch quốc gia"}).json()["id"]
    role = lead.post(f"{API}/roles", json={"programme_id": pid, "title": "Tổng công trình sư"})
    assert role.status_code == 201, role.text
    return str(pid), str(role.json()["id"])


@pytest.mark.parametrize("path", LEAD_PAGES)
def test_a_lead_opens_the_staff_pages_the_api_lets_them_read(as_role: SignIn, path: str) -> None:
    response = as_role(Role.PROGRAMME_LEAD).get(path, headers={"Accept-Language": "en"})
    assert response.status_code == 200, response.text[:300]
    assert 'href="/pipeline"' in response.text  # the lead's navigation names them


def test_a_lead_sees_the_board_without_moves_and_is_refused_a_move(
    client: httpx.Client, as_role: SignIn
) -> None:
    expert_id = client.post(f"{API}/experts", json=expert_body(full_name="Lê Văn Bảng")).json()[
        "id"
    ]
    entered = client.post(f"{API}/pipeline/{expert_id}/transitions", json={"to": "identified"})
    assert entered.status_code in (200, 201), entered.text
    lead = as_role(Role.PROGRAMME_LEAD)
    board = lead.get("/pipeline")
    assert board.status_code == 200
    assert "Lê Văn Bảng" in board.text
    assert "/move" not in board.text
    move = lead.post(f"/pipeline/{expert_id}/move", data={"to": "contacted", "note": "x"})
    assert move.status_code == 403
    ministry_board = as_role(Role.MINISTRY).get("/pipeline")
    assert f"/pipeline/{expert_id}/move" in ministry_board.text


def test_a_ministry_reads_programmes_and_roles_without_their_edit_controls(
    as_role: SignIn,
) -> None:
    pid, rid = _programme_and_role(as_role(Role.PROGRAMME_LEAD))
    ministry = as_role(Role.MINISTRY)
    listing = ministry.get("/programmes")
    assert listing.status_code == 200
    assert f"/programmes/{pid}" in listing.text
    programme = ministry.get(f"/programmes/{pid}")
    assert programme.status_code == 200
    assert f"/programmes/{pid}/roles" not in programme.text  # no new-role form
    assert f"/roles/{rid}/matches" not in programme.text
    role = ministry.get(f"/roles/{rid}/edit")
    assert role.status_code == 200
    assert "Tổng công trình sư" in role.text
    assert 'name="action"' not in role.text  # no save button
    assert "disabled" in role.text


def test_what_the_api_refuses_a_ministry_the_pages_refuse_too(as_role: SignIn) -> None:
    pid, rid = _programme_and_role(as_role(Role.PROGRAMME_LEAD))
    ministry = as_role(Role.MINISTRY)
    refused: list[Callable[[], httpx.Response]] = [
        lambda: ministry.post(f"/programmes/{pid}/roles", data={"title": "x", "kind": "other"}),
        lambda: ministry.post(f"/roles/{rid}/edit", data={"title": "x", "action": "save"}),
        lambda: ministry.get(f"/roles/{rid}/matches"),
        lambda: ministry.get(f"/roles/{rid}/exclusions"),
        lambda: ministry.post(f"/roles/{rid}/jobs"),
        lambda: ministry.post(f"{API}/roles", json={"programme_id": pid, "title": "x"}),
        lambda: ministry.patch(f"{API}/programmes/{pid}", json={"name": "x"}),
    ]
    assert [call().status_code for call in refused] == [403] * len(refused)


def test_an_expert_opening_their_own_staff_page_is_sent_to_their_profile(
    client: httpx.Client, as_role: SignIn
) -> None:
    expert_id = client.post(f"{API}/experts", json=expert_body(full_name="Tự Xem")).json()["id"]
    expert = as_role(Role.EXPERT, expert_id=expert_id)
    own = expert.get(f"/experts/{expert_id}", follow_redirects=False)
    assert own.status_code == 303
    assert own.headers["location"] == "/me"
    assert expert.get("/experts/someone-else", follow_redirects=False).status_code == 404


@pytest.mark.parametrize("path", LEAD_PAGES)
def test_the_pages_newly_opened_to_leads_pass_axe_in_both_languages(
    page: Page, store: Neo4jStore, path: str
) -> None:
    sign_in(page, account(store, Role.PROGRAMME_LEAD))
    check_page(page, path, f"lead{path.replace('/', '-')}")


def test_the_programme_pages_opened_to_ministries_pass_axe_in_both_languages(
    page: Page, store: Neo4jStore, as_role: SignIn
) -> None:
    pid, rid = _programme_and_role(as_role(Role.PROGRAMME_LEAD))
    sign_in(page, account(store, Role.MINISTRY))
    check_page(page, "/programmes", "ministry-programmes")
    check_page(page, f"/programmes/{pid}", "ministry-programme")
    check_page(page, f"/roles/{rid}/edit", "ministry-role")
