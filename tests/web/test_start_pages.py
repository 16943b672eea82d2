"""The start page and signing in and out, in both languages, at both widths."""

import re

from playwright.sync_api import Page, expect

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from tests.web.browser import account, check_page, sign_in


def test_the_start_page_and_login_read_well_in_both_languages(page: Page) -> None:
    check_page(page, "/", "home")
    check_page(page, "/login", "login")
    page.goto("/lang/vi?next=/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Chuyên gia cho các chương trình công nghệ chiến lược"
    )
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Experts for the strategic-technology programmes"
    )
    page.reload()  # the choice persists
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_a_wrong_password_is_told_and_a_right_one_signs_in_and_out(
    page: Page, store: Neo4jStore
) -> None:
    admin = account(store, Role.ADMIN)
    page.goto("/lang/en?next=/login")
    page.get_by_label("E-mail").fill(admin.email)
    page.get_by_label(re.compile("^Password")).fill("not the password at all")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("alert")).to_contain_text("The e-mail or the password is wrong.")
    expect(page.get_by_label("E-mail")).to_have_value(admin.email)
    sign_in(page, admin)
    expect(page.get_by_text("Signed in as")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in").first).to_be_visible()


def test_a_form_sent_without_its_csrf_token_is_refused(page: Page, base_url: str) -> None:
    response = page.request.post(f"{base_url}/logout", form={"x": "1"})
    assert response.status == 403
