"""The browser the tests drive: Debian's Chromium, new enough for the pinned Playwright."""

import json
from pathlib import Path

import playwright
from playwright.sync_api import Browser


def _expected_major() -> int:
    driver = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    browsers = json.loads(driver.read_text())["browsers"]
    chromium = next(b for b in browsers if b["name"] == "chromium")
    return int(chromium["browserVersion"].split(".")[0])


# Playwright speaks the DevTools protocol of its own Chromium; a few releases older still work.
TOLERATED_BEHIND = 6


def test_chromium_launches_and_is_recent_enough_for_playwright(browser: Browser) -> None:
    major = int(browser.version.split(".")[0])
    wanted = _expected_major()
    assert major >= wanted - TOLERATED_BEHIND, (
        f"Chromium {browser.version} is too old for this Playwright, which drives Chromium "
        f"{wanted}: upgrade Debian's chromium (apt-get install chromium), or pin a Playwright "
        f"whose Chromium is at most {major + TOLERATED_BEHIND}"
    )
