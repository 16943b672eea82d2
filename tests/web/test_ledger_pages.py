"""The lead limit's form on an expert's page, as sent by a careless or a late officer: a value
out of range or a page opened before someone else saved is refused on the page, in Vietnamese,
with nothing written; a lead sees whom the ministry proposes for their role, not the board."""

import re

import httpx

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from tests.accounts import SignIn
from tests.matching.helpers import API, expert, programme_with_roles

VI = {"Accept-Language": "vi"}


def _text(response: httpx.Response) -> str:
    html = response.text.split("<main", 1)[-1].split(">", 1)[-1].split("</main>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _send(client: httpx.Client, expert_id: str, form: dict[str, str]) -> httpx.Response:
    assert client.get(f"/experts/{expert_id}").status_code == 200
    headers = {**VI, "x-csrf-token": client.cookies["talent_csrf"]}
    return client.post(f"/experts/{expert_id}/lead-limit", data=form, headers=headers)


def test_a_limit_out_of_range_or_sent_from_a_stale_page_is_refused_in_words(
    client: httpx.Client, as_role: SignIn
) -> None:
    someone = expert(client, full_name="Ngô Bảo Châu")
    ministry = as_role(Role.MINISTRY)
    version = str(client.get(f"{API}/experts/{someone}").json()["version"])

    wrong = _send(ministry, someone, {"lead_limit": "9", "version": version})
    assert wrong.status_code == 422
    assert (
        "Hãy chọn số chương trình chuyên gia được chủ trì: từ 0 đến 5, hoặc mức mặc định."
        in _text(wrong)
    )
    saved = _send(ministry, someone, {"lead_limit": "3", "version": version})
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/experts/{someone}?saved=lead_limit#ledger"
    # The same form again (a reload after the POST, or a second tab): refused, nothing changed.
    again = _send(ministry, someone, {"lead_limit": "0", "version": version})
    assert again.status_code == 409
    assert "Hồ sơ đã thay đổi từ khi bạn mở trang này" in _text(again)
    assert client.get(f"{API}/experts/{someone}").json()["lead_limit"] == 3
    # A profile merged into another takes no limit: said so, not "changed meanwhile".
    twin = expert(client, full_name="Ngô B. Châu")
    assert client.post(f"{API}/merges", json={"survivor_id": someone, "merged_id": twin}).is_success
    twin_version = str(client.get(f"{API}/experts/{twin}").json()["version"])
    gone = _send(ministry, twin, {"lead_limit": "2", "version": twin_version})
    assert gone.status_code == 409
    assert "Hồ sơ này đã được hợp nhất vào hồ sơ khác" in _text(gone)
    # A lead sees the expert's page, without the ledger or its form.
    lead_view = as_role(Role.PROGRAMME_LEAD).get(f"/experts/{someone}", headers=VI)
    assert lead_view.status_code == 200
    assert "Vị trí và khối lượng công việc" not in lead_view.text
    assert "/lead-limit" not in lead_view.text


def test_a_lead_sees_the_proposals_of_their_own_role_only(
    client: httpx.Client, store: Neo4jStore, as_role: SignIn
) -> None:
    lead = as_role(Role.PROGRAMME_LEAD)
    body = {"kind": "chief_engineer", "title": "Kỹ sư trưởng", "requirements": []}
    mine = programme_with_roles(lead, "Của tôi", [body])[1][0]
    theirs = programme_with_roles(client, "Của người khác", [body])[1][0]
    page = lead.get(f"/roles/{mine}/proposals", headers=VI)
    assert page.status_code == 200
    assert "Chưa có lần phân công được chấp nhận nào đề cử người cho vị trí này." in _text(page)
    # Another lead's role is not theirs to know of.
    assert lead.get(f"/roles/{theirs}/proposals", headers=VI).status_code == 404
    assert lead.get(f"{API}/roles/{theirs}/proposals").status_code == 404
    someone = as_role(Role.EXPERT, expert_id=expert(client, full_name="Vũ Thị An"))
    assert someone.get(f"{API}/roles/{mine}/proposals").status_code == 403
