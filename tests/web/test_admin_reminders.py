"""The freshness-reminder job's page: its rules in words, how many profiles are out of date and
how many owners a run would write to now (counted by hand for a few profiles made here), the
latest run, and a start after a confirmation step that the real worker then runs; no second
start while one is queued; only admins, as the API. Texts written by hand."""

import re
import time
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from graph.neo4j_store import Neo4jStore
from graph.queries.experts import set_props
from talent.accounts.models import Role
from talent.audit.log import Actor
from talent.core.ids import now_ms
from talent.experts.models import ExpertCreate
from talent.experts.repository import ExpertRepository
from talent.jobs.model import REMINDER_TASK, JobState
from talent.jobs.repository import JobRepository
from talent.resources import service
from tests.accounts import SignIn
from tests.mailbox import messages_to
from tests.web.browser import account, check_page, sign_in

SEEDER = Actor(id="test-seed", role="admin")
VI = {"Accept-Language": "vi"}
EN = {"Accept-Language": "en"}
DAY = 24 * 3600 * 1000
RULES_EN = (
    "A profile is out of date when it has not been confirmed or updated for 12 months "
    "(365 days) since it was made or last confirmed."
)
RULES_VI = (
    "Hồ sơ được coi là quá hạn khi đã 12 tháng (365 ngày) không được xác nhận hoặc cập nhật, "
    "kể từ khi tạo hoặc lần xác nhận gần nhất."
)
EVERY_EN = "An owner is written to at most once every 30 days while the profile stays out of date"
EVERY_VI = "Mỗi chủ sở hữu hồ sơ nhận thư nhắc nhiều nhất một lần trong 30 ngày"
BUSY_EN = (
    "A reminder run is already queued or running: wait until it has finished before "
    "starting another."
)
BUSY_VI = (
    "Một lượt gửi thư nhắc đang chờ hoặc đang chạy: xin đợi lượt đó xong rồi mới bắt đầu lượt khác."
)


def _text(response: httpx.Response) -> str:
    html = response.text.split("<main", 1)[-1].split(">", 1)[-1].split("</main>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").split())


def _fact(response: httpx.Response, key: str) -> str:
    found = re.search(rf'<dd id="rm-{key}">([^<]*)</dd>', response.text)
    assert found, (key, response.text)
    return found.group(1)


def _expert(
    store: Neo4jStore,
    name: str,
    emails: list[str],
    *,
    confirmed_days_ago: int,
    reminded_days_ago: int | None = None,
    status: str | None = None,
) -> str:
    item = ExpertCreate.model_validate(
        {"full_name": name, "country": "VN", "nationality": "VN", "emails": emails}
    )
    made = service.create(repo=ExpertRepository(store), item=item, actor=SEEDER)
    changes: dict[str, Any] = {"confirmed_at": now_ms() - confirmed_days_ago * DAY}
    if reminded_days_ago is not None:
        changes["reminded_at"] = now_ms() - reminded_days_ago * DAY
    if status is not None:
        changes["status"] = status
    assert store.run(set_props(made.id, changes, version=made.version))
    return made.id


@pytest.fixture
def profiles(store: Neo4jStore) -> dict[str, str]:
    """Four active profiles out of date, two of them due a reminder (one with no address),
    two reminded ten and twenty days ago; a fresh one and a withdrawn old one, neither
    counted."""
    return {
        "due": _expert(store, "Đỗ Văn Cũ", ["do.cu@example.org"], confirmed_days_ago=400),
        "no_mail": _expert(store, "Hà Thị Vắng", [], confirmed_days_ago=370, reminded_days_ago=40),
        "recent": _expert(
            store,
            "Lê Văn Mới Nhắc",
            ["le.nhac@example.org"],
            confirmed_days_ago=500,
            reminded_days_ago=10,
        ),
        "recent_too": _expert(
            store,
            "Ngô Thị Đã Nhắc",
            ["ngo.nhac@example.org"],
            confirmed_days_ago=380,
            reminded_days_ago=20,
        ),
        "fresh": _expert(store, "Phan Thị Mới", ["phan.moi@example.org"], confirmed_days_ago=300),
        "withdrawn": _expert(
            store, "Vũ Văn Rút", ["vu.rut@example.org"], confirmed_days_ago=400, status="withdrawn"
        ),
    }


def _csrf(client: httpx.Client) -> dict[str, str]:
    assert client.get("/admin/reminders").status_code == 200
    return {"x-csrf-token": client.cookies["talent_csrf"]}


def _wait_finished(client: httpx.Client, timeout: float = 120) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while True:
        page = client.get("/admin/reminders", headers=EN)
        if "rm-state" in page.text and _fact(page, "state") in {"Finished", "Failed"}:
            return page
        assert time.monotonic() < deadline, _text(page)
        time.sleep(0.3)


def test_the_page_states_the_rules_and_counts_the_profiles_due(
    client: httpx.Client, profiles: dict[str, str]
) -> None:
    english = client.get("/admin/reminders", headers=EN)
    assert english.status_code == 200
    assert RULES_EN in _text(english)
    assert EVERY_EN in _text(english)
    assert (_fact(english, "stale"), _fact(english, "due")) == ("4", "2")
    assert "No run yet." in _text(english)
    vietnamese = client.get("/admin/reminders", headers=VI)
    assert RULES_VI in _text(vietnamese)
    assert EVERY_VI in _text(vietnamese)
    assert (_fact(vietnamese, "stale"), _fact(vietnamese, "due")) == ("4", "2")
    assert "Chưa có lượt nào." in _text(vietnamese)


def test_a_run_is_confirmed_then_started_and_the_worker_reminds_the_owners(
    client: httpx.Client, store: Neo4jStore, profiles: dict[str, str]
) -> None:
    mailed = len(messages_to("do.cu@example.org"))
    headers = EN | _csrf(client)
    asked = client.post("/admin/reminders", headers=headers)
    assert asked.status_code == 200
    assert "This writes to 2 owners now." in _text(asked)
    assert JobRepository(store).latest("reminders") is None, "nothing starts unconfirmed"

    started = client.post("/admin/reminders", data={"confirm": "yes"}, headers=headers)
    assert started.status_code == 303
    assert started.headers["location"] == "/admin/reminders?done=started"
    notice = client.get(started.headers["location"], headers=EN)
    assert "The reminder run is started: its progress shows below." in _text(notice)

    done = _wait_finished(client)
    assert _fact(done, "state") == "Finished"
    assert (_fact(done, "reminded"), _fact(done, "unreachable")) == ("1", "1")
    assert (_fact(done, "stale"), _fact(done, "due")) == ("4", "0")
    assert len(messages_to("do.cu@example.org")) == mailed + 1
    assert messages_to("le.nhac@example.org") == []
    vietnamese = client.get("/admin/reminders", headers=VI)
    assert _fact(vietnamese, "state") == "Đã xong"
    assert "Số chủ sở hữu hồ sơ đã nhận thư 1" in _text(vietnamese)

    # A finished run does not stop the next one, which finds nobody due.
    again = client.post("/admin/reminders", data={"confirm": "yes"}, headers=headers)
    assert again.status_code == 303
    second = _wait_finished(client)
    assert (_fact(second, "reminded"), _fact(second, "unreachable")) == ("0", "0")
    assert len(messages_to("do.cu@example.org")) == mailed + 1


def test_no_second_run_starts_while_one_is_queued(
    client: httpx.Client, store: Neo4jStore, profiles: dict[str, str]
) -> None:
    # Recorded but never sent: it stays queued, as one the worker has not picked up yet.
    mailed = len(messages_to("do.cu@example.org"))
    waiting = JobRepository(store).create(kind="reminders", params={}, task=REMINDER_TASK)
    headers = _csrf(client)
    shown = client.get("/admin/reminders", headers=EN)
    assert _fact(shown, "state") == "Waiting for the worker to start it"
    assert "Start the reminder run" not in _text(shown)

    refused = client.post("/admin/reminders", data={"confirm": "yes"}, headers=EN | headers)
    assert refused.status_code == 409
    assert BUSY_EN in _text(refused)
    vietnamese = client.post("/admin/reminders", data={"confirm": "yes"}, headers=VI | headers)
    assert vietnamese.status_code == 409
    assert BUSY_VI in _text(vietnamese)
    latest = JobRepository(store).latest("reminders")
    assert latest is not None
    assert (latest.id, latest.state) == (waiting.id, JobState.QUEUED)
    # The API refuses as the page does.
    api = client.post("/api/v1/jobs/freshness-reminders")
    assert api.status_code == 409, api.text
    assert api.json()["fields"] == {"job_id": waiting.id}
    assert len(messages_to("do.cu@example.org")) == mailed
    # Settled, so that later runs (and the sweep) never pick it up.
    JobRepository(store).update(waiting.id, state=JobState.CANCELLED)


@pytest.mark.parametrize("role", [Role.MINISTRY, Role.PROGRAMME_LEAD, Role.EXPERT])
def test_only_whom_the_api_admits_may_see_or_start_the_run(
    as_role: SignIn, store: Neo4jStore, profiles: dict[str, str], role: Role
) -> None:
    caller = as_role(role, profiles["due"] if role is Role.EXPERT else None)
    api = caller.post("/api/v1/jobs/freshness-reminders").status_code
    assert api == 403
    assert caller.get("/admin/reminders").status_code == api
    # A token the form would carry, so that the refusal is the access policy's, not the CSRF's.
    assert caller.get("/").status_code == 200
    csrf = {"x-csrf-token": caller.cookies["talent_csrf"]}
    refused = caller.post("/admin/reminders", data={"confirm": "yes"}, headers=csrf)
    assert refused.status_code == api
    assert "Biểu mẫu đã hết hạn" not in refused.text
    assert JobRepository(store).latest("reminders") is None


def test_the_reminders_page_in_a_browser(
    page: Page, store: Neo4jStore, profiles: dict[str, str]
) -> None:
    sign_in(page, account(store, Role.ADMIN))
    check_page(page, "/admin/reminders", "admin-reminders")
    page.goto("/lang/vi?next=/admin/reminders")
    page.get_by_role("button", name="Bắt đầu lượt gửi thư nhắc").click()
    expect(page.locator("main .alert")).to_contain_text(
        "Lượt này sẽ gửi thư cho 2 chủ sở hữu hồ sơ"
    )
    page.get_by_role("button", name="Có, gửi ngay").click()
    expect(page.locator("main .notice")).to_contain_text("Lượt gửi thư nhắc đã bắt đầu")
    expect(page.locator("#rm-state")).to_have_text("Đã xong", timeout=60_000)
