"""Changing one's own password, as every signed-in user may (expert, ministry staff, programme
lead, admin), on the page and over the API: the current password checked, the new one under
the usual rules and typed twice, every other session ended, this one kept, the change audited.
Expectations in Vietnamese written out by hand."""

import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from tests.accounts import PASSWORD, SignIn
from tests.factories import expert_body
from tests.web.browser import account, check_page, sign_in
from tests.web.test_expert_forms import send, summary

NEW = "a fresh passphrase of mine"


def _login(base_url: str, email: str, password: str) -> httpx.Response:
    with httpx.Client(base_url=base_url) as c:
        return c.post("/api/v1/auth/login", json={"email": email, "password": password})


def _signed_in(as_role: SignIn, client: httpx.Client, role: Role) -> httpx.Client:
    """A new account of `role` (an expert's with a profile of their own)."""
    if role is not Role.EXPERT:
        return as_role(role)
    body = expert_body(full_name="Trịnh Công Sơn", orcid=None)
    return as_role(role, expert_id=client.post("/api/v1/experts", json=body).json()["id"])


@pytest.mark.parametrize("role", list(Role))
def test_every_signed_in_user_opens_the_page_and_a_visitor_is_sent_to_log_in(
    as_role: SignIn, client: httpx.Client, anonymous: httpx.Client, role: Role
) -> None:
    who = _signed_in(as_role, client, role)
    page = who.get("/account/password", headers={"Accept-Language": "vi"})
    assert page.status_code == 200
    assert "<h1>Đổi mật khẩu</h1>" in page.text
    assert "Mật khẩu hiện tại" in page.text
    refused = anonymous.get("/account/password", follow_redirects=False)
    assert refused.status_code == 303
    assert refused.headers["location"] == "/login?next=/account/password"


def test_a_changed_password_ends_the_other_sessions_keeps_this_one_and_is_audited(
    as_role: SignIn, client: httpx.Client, base_url: str
) -> None:
    this = as_role(Role.MINISTRY)
    me = this.get("/api/v1/auth/me").json()
    other = httpx.Client(base_url=base_url, timeout=30)
    token = _login(base_url, me["email"], PASSWORD).json()["access_token"]
    other.headers["authorization"] = f"Bearer {token}"
    assert other.get("/api/v1/auth/me").status_code == 200
    data = {"current_password": PASSWORD, "password": NEW, "password_again": NEW}
    done = send(this, "/account/password", data, lang="vi")
    assert done.status_code == 303, done.text[:300]
    assert done.headers["location"] == "/account/password?changed=1"
    # This browser goes on with the fresh cookie; the token it held before ended too.
    assert this.get("/api/v1/auth/me").status_code == 401
    del this.headers["authorization"]
    shown = this.get("/account/password?changed=1", headers={"Accept-Language": "vi"})
    assert shown.status_code == 200
    assert "Mật khẩu của bạn đã được đổi. Bạn vẫn đăng nhập ở đây" in shown.text
    assert 'action="/logout"' in shown.text  # still signed in
    # Every other session ended; the old password no longer opens one, the new one does.
    assert other.get("/api/v1/auth/me").status_code == 401
    assert _login(base_url, me["email"], PASSWORD).status_code == 401
    assert _login(base_url, me["email"], NEW).status_code == 200
    events = client.get("/api/v1/audit-events", params={"target": me["id"]}).json()["items"]
    changed = [e for e in events if e["action"] == "password.reset"]
    assert changed
    assert changed[0]["actor"] == me["id"]
    assert changed[0]["details"]["other_sessions_ended"] is True
    other.close()


def test_a_wrong_current_password_a_short_or_mistyped_new_one_change_nothing(
    as_role: SignIn, base_url: str
) -> None:
    lead = as_role(Role.PROGRAMME_LEAD)
    email = lead.get("/api/v1/auth/me").json()["email"]
    wrong = {"current_password": "not my password", "password": NEW, "password_again": NEW}
    answer = send(lead, "/account/password", wrong, lang="vi")
    assert answer.status_code == 422
    assert summary(answer.text) == [
        ("f-current_password", "Mật khẩu hiện tại: Đây không phải mật khẩu hiện tại của bạn.")
    ]
    short = {"current_password": PASSWORD, "password": "short", "password_again": "short"}
    answer = send(lead, "/account/password", short, lang="vi")
    assert summary(answer.text) == [
        ("f-password", "Mật khẩu mới: Hãy chọn mật khẩu dài từ 12 đến 200 ký tự.")
    ]
    differ = {"current_password": PASSWORD, "password": NEW, "password_again": NEW + "x"}
    answer = send(lead, "/account/password", differ, lang="en")
    assert summary(answer.text) == [
        ("f-password_again", "The new password again: The two passwords differ.")
    ]
    assert NEW not in answer.text
    assert PASSWORD not in answer.text
    same = {"current_password": PASSWORD, "password": PASSWORD, "password_again": PASSWORD}
    answer = send(lead, "/account/password", same, lang="en")
    assert ("f-password", "New password: Choose a password other than your current one.") in (
        summary(answer.text)
    )
    assert _login(base_url, email, PASSWORD).status_code == 200
    assert lead.get("/api/v1/auth/me").status_code == 200


def test_the_api_changes_the_callers_password_and_answers_with_a_token_to_go_on_with(
    as_role: SignIn, client: httpx.Client, anonymous: httpx.Client
) -> None:
    expert = _signed_in(as_role, client, Role.EXPERT)
    wrong = expert.post("/api/v1/auth/password", json={"current_password": "nope", "password": NEW})
    assert wrong.status_code == 422
    assert "current_password" in wrong.json()["fields"]
    short = expert.post(
        "/api/v1/auth/password", json={"current_password": PASSWORD, "password": "short"}
    )
    assert short.status_code == 422
    done = expert.post(
        "/api/v1/auth/password", json={"current_password": PASSWORD, "password": NEW}
    )
    assert done.status_code == 200, done.text
    assert expert.get("/api/v1/auth/me").status_code == 401
    expert.headers["authorization"] = f"Bearer {done.json()['access_token']}"
    assert expert.get("/api/v1/auth/me").status_code == 200
    nobody = anonymous.post(
        "/api/v1/auth/password", json={"current_password": PASSWORD, "password": NEW}
    )
    assert nobody.status_code == 401


def test_the_password_page_reads_well_and_a_failed_change_focuses_the_summary(
    page: Page, store: Neo4jStore
) -> None:
    admin = account(store, Role.ADMIN)
    sign_in(page, admin)
    check_page(page, "/account/password", "own-password")
    page.goto("/lang/vi?next=/account/password")
    page.get_by_label(re.compile("^Mật khẩu hiện tại")).fill("not my password at all")
    page.get_by_label(re.compile("^Mật khẩu mới")).fill(NEW)
    page.get_by_label(re.compile("^Nhập lại mật khẩu mới")).fill(NEW)
    page.get_by_role("button", name="Đổi mật khẩu").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#e-current_password")).to_have_text(
        "Đây không phải mật khẩu hiện tại của bạn."
    )
    expect(page.get_by_label(re.compile("^Mật khẩu mới"))).to_have_value("")
