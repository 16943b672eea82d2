"""What the browser tests share: signing in through the login page, the accessibility check
with axe-core, and screenshots of each page in both languages at a phone's and a desktop's
width (kept in artifacts/screenshots/)."""

import json
import re
from pathlib import Path

from playwright.sync_api import ConsoleMessage, Page, expect

from graph import GraphStore
from talent.accounts.models import AccountCreate, AccountRead, Role
from talent.accounts.repository import AccountRepository

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
WIDTHS = (360, 1280)
PASSWORD = "a browser test passphrase"
_made = iter(range(1, 1_000_000))


def account(store: GraphStore, role: Role, *, expert_id: str | None = None) -> AccountRead:
    email = f"web.{role.value}{next(_made)}@example.org"
    item = AccountCreate(
        email=email, password=PASSWORD, role=role, name=f"Web {role.value}", expert_id=expert_id
    )
    return AccountRepository(store).create(item)


def sign_in(page: Page, account: AccountRead) -> None:
    """Through the login form, as a person would."""
    page.goto("/login")
    page.get_by_label(re.compile("E-mail|Thư điện tử")).fill(account.email)
    page.get_by_label(re.compile("^(Password|Mật khẩu)")).fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("form[action='/logout']")).to_be_visible()


def use_language(page: Page, locale: str) -> None:
    path = page.url.split(page.url.split("/")[2], 1)[1] if "://" in page.url else "/"
    page.goto(f"/lang/{locale}?next={path or '/'}")


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now."""
    # Evaluated through the browser's debugging protocol, which the pages' Content Security
    # Policy does not govern: an injected <script> would be (rightly) refused.
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
    )
    return [json.dumps(v, ensure_ascii=False) for v in found]


def check_page(page: Page, path: str, name: str) -> dict[str, list[str]]:
    """The page at `path` in both languages and both widths: no serious or critical axe-core
    violation, each view saved as a screenshot. What axe found, per view (all empty)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    results: dict[str, list[str]] = {}
    refused: list[str] = []

    def policy_violation(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    page.on("console", policy_violation)
    for locale in ("vi", "en"):
        page.goto(f"/lang/{locale}?next={path}")
        expect(page.locator("html")).to_have_attribute("lang", locale)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            view = f"{name}.{locale}.{width}"
            page.screenshot(path=str(SCREENSHOTS / f"{view}.png"), full_page=True)
            results[view] = serious_violations(page)
    page.remove_listener("console", policy_violation)
    assert all(not found for found in results.values()), results
    assert refused == [], refused  # what the page needs, its security policy allows
    return results
