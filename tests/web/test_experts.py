"""An expert's pages in a real browser: registering with the full profile, confirming by the
mailed link, editing and hiding, withdrawing; a forgotten password; every page checked with
axe-core in both languages at both widths."""

import re

from playwright.sync_api import Page, expect

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from talent.resources.catalog import ORGANIZATION
from talent.resources.models import OrganizationCreate
from talent.resources.repository import ResourceRepository
from tests.mailbox import messages_to
from tests.web.browser import SCREENSHOTS, account, check_page, serious_violations

NEW_PASSWORD = "a brand new passphrase"
_LINK = re.compile(r"(http://\S+token=[A-Za-z0-9_\-]+)")


def mailed_link(address: str, base_url: str) -> str:
    """The link in the latest mail to `address`, which must point at the served app."""
    found = _LINK.search(messages_to(address)[-1])
    assert found, messages_to(address)[-1]
    assert found.group(1).startswith(f"{base_url}/"), found.group(1)
    return found.group(1)


def log_in(page: Page, email: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label(re.compile("E-mail|Thư điện tử")).fill(email)
    page.get_by_label(re.compile("^(Password|Mật khẩu)")).fill(password)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("form[action='/logout']")).to_be_visible()


def test_a_page_that_needs_signing_in_sends_a_visitor_to_log_in(page: Page) -> None:
    page.goto("/me")
    assert page.url.endswith("/login?next=/me"), page.url
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_the_visitor_pages_of_experts_read_well_in_both_languages(page: Page) -> None:
    for path, name in [
        ("/register", "register"),
        ("/register/resend", "register-resend"),
        ("/claim", "claim"),
        ("/password/forgot", "password-forgot"),
        ("/password/reset?token=not-a-real-token", "password-reset"),
        ("/confirm?token=not-a-real-token", "confirm"),
    ]:
        check_page(page, path, name)


def _fill_registration(page: Page, email: str) -> None:
    page.goto("/lang/en?next=/register")
    page.get_by_role("textbox", name="E-mail", exact=True).fill(email)
    page.get_by_label("Full name").fill("Đặng Thu Hà")
    page.get_by_label("Country where you live").select_option("VN")
    page.get_by_label("Phone", exact=True).fill("12")  # too few digits
    page.get_by_label("Headline").fill("Chief engineer, speech recognition")
    page.get_by_label("Biography", exact=True).fill("Twenty years of speech and language systems.")
    skill = page.get_by_label("Skill 1", exact=True)
    skill.press_sequentially("Machine lea", delay=20)
    # The type-ahead offers the taxonomy's names; the form never shows an id.
    expect(page.locator("#skill-list-0 option[value='Machine learning']")).to_have_count(1)
    skill.fill("Machine learning")
    page.get_by_label("Level of skill 1").select_option("4")
    organisation = page.get_by_label("Organisation 1", exact=True)
    organisation.press_sequentially("Viện Hàn", delay=20)
    expect(page.locator("#org-list-0 option")).to_have_count(1)
    organisation.fill("Viện Hàn lâm Khoa học Việt Nam")
    page.get_by_label("Position at organisation 1").fill("Researcher")
    page.get_by_label("Organisation 2", exact=True).fill("Phòng thí nghiệm Tiếng nói Đà Nẵng")
    page.get_by_label("Title of work 1").fill("Edge inference for Vietnamese speech")
    page.get_by_label("Remotely").check()


def test_an_expert_registers_corrects_an_error_confirms_by_mail_and_keeps_a_profile(
    page: Page, store: Neo4jStore, base_url: str
) -> None:
    org = OrganizationCreate(name="Viện Hàn lâm Khoa học Việt Nam", country="VN")
    ResourceRepository(store, ORGANIZATION).create(org)
    email = "thu.ha@example.net"
    _fill_registration(page, email)
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page.locator("#e-phone")).to_contain_text("A phone number has 6 to 15 digits")
    expect(page.get_by_label("Full name")).to_have_value("Đặng Thu Hà")
    expect(page.get_by_label("Skill 1", exact=True)).to_have_value("Machine learning")
    page.screenshot(path=str(SCREENSHOTS / "register-error.en.1280.png"), full_page=True)
    assert serious_violations(page) == []
    page.get_by_label("Phone", exact=True).fill("+84 912 345 678")
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    assert serious_violations(page) == []

    path = mailed_link(email, base_url).split(base_url, 1)[1]
    check_page(page, path, "confirm-form")
    page.goto(f"/lang/en?next={path}")
    page.get_by_label(re.compile("^New password")).fill(NEW_PASSWORD)
    page.get_by_label("The new password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Confirm and open my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is open")
    assert serious_violations(page) == []

    log_in(page, email, NEW_PASSWORD)
    page.goto("/me")
    expect(page.get_by_role("heading", name="Đặng Thu Hà")).to_be_visible()
    expect(page.locator(".xp-profile")).to_contain_text("Phòng thí nghiệm Tiếng nói Đà Nẵng")
    _edit_in_vietnamese(page)
    _confirm_and_add_a_work(page)
    for path, name in [("/me", "me"), ("/me?as=ministry", "me-as-ministry")]:
        check_page(page, path, name)
    check_page(page, "/me/edit", "me-edit")
    check_page(page, "/me/withdraw", "me-withdraw")
    _withdraw(page)


def _edit_in_vietnamese(page: Page) -> None:
    """A skill picked by its Vietnamese name, and the biography hidden from staff."""
    page.goto("/lang/vi?next=/me/edit")
    skill = page.get_by_label("Kỹ năng 1", exact=True)
    skill.fill("")
    skill.press_sequentially("Học s", delay=20)
    expect(page.locator("#skill-list-0 option[value='Học sâu']")).to_have_count(1)
    skill.fill("Học sâu")
    page.locator("#f-vis_bio").select_option("admins")
    page.get_by_role("button", name="Lưu hồ sơ").click()
    expect(page.get_by_role("status")).to_contain_text("Hồ sơ của bạn đã được lưu")
    expect(page.locator(".xp-skills")).to_contain_text("Học sâu")
    page.goto("/me?as=ministry")
    expect(page.locator(".xp-profile")).to_contain_text("Đã ẩn")
    expect(page.locator(".xp-profile")).not_to_contain_text("Twenty years of speech")


def _confirm_and_add_a_work(page: Page) -> None:
    page.goto("/lang/en?next=/me")
    page.get_by_role("button", name="It is up to date").click()
    expect(page.get_by_role("status")).to_contain_text("marked as up to date")
    page.get_by_text("Add a work").click()
    page.locator("#wnew-title").fill("")
    page.locator("#wnew-year").fill("1800")
    page.get_by_role("button", name="Add this work").click()
    expect(page.locator("#wnew-title-e")).to_have_text("Fill this in.")
    expect(page.locator("#wnew-year")).to_have_value("1800")
    page.locator("#wnew-title").fill("A corpus of Vietnamese dialect speech")
    page.locator("#wnew-year").fill("2021")
    page.get_by_role("button", name="Add this work").click()
    expect(page.get_by_role("status")).to_contain_text("Your work is saved.")
    expect(page.locator("#works")).to_contain_text("A corpus of Vietnamese dialect speech (2021)")


def _withdraw(page: Page) -> None:
    page.goto("/lang/en?next=/me/withdraw")
    page.get_by_role("button", name="Withdraw my profile for good").click()
    expect(page.locator("#e-understood")).to_be_visible()
    page.get_by_label("I understand that this cannot be undone").check()
    page.get_by_role("button", name="Withdraw my profile for good").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile is withdrawn")
    assert serious_violations(page) == []
    expect(page.get_by_role("link", name="Log in").first).to_be_visible()


def test_a_forgotten_password_is_reset_by_the_mailed_link(
    page: Page, store: Neo4jStore, base_url: str
) -> None:
    staff = account(store, Role.MINISTRY)
    page.goto("/lang/en?next=/login")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("E-mail").fill(staff.email)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    link = mailed_link(staff.email, base_url)
    assert "/password/reset?token=" in link
    page.goto(link)
    page.get_by_label(re.compile("^New password")).fill(NEW_PASSWORD)
    page.get_by_label("The new password again").fill("not the same passphrase")
    page.get_by_role("button", name="Set the new password").click()
    expect(page.locator("#e-password_again")).to_have_text("The two passwords differ.")
    page.get_by_label(re.compile("^New password")).fill(NEW_PASSWORD)
    page.get_by_label("The new password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set the new password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password is changed")
    assert serious_violations(page) == []
    log_in(page, staff.email, NEW_PASSWORD)
    page.goto(link)  # a second use changes nothing
    page.get_by_label(re.compile("^New password")).fill("yet another passphrase")
    page.get_by_label("The new password again").fill("yet another passphrase")
    page.get_by_role("button", name="Set the new password").click()
    expect(page.get_by_role("alert")).to_contain_text("already used")
