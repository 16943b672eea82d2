"""Browser tests: pytest-playwright driving Debian's Chromium (never a downloaded browser)
against the served app, on the embedded graph with a real worker."""

from pathlib import Path

import pytest

from tests.web.browser import CHROMIUM


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, object]) -> dict[str, object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"the browser tests need Debian's Chromium at {CHROMIUM}: make browser")
    # Root in a container has no user namespaces for Chromium's sandbox.
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ["--no-sandbox"]}


@pytest.fixture(scope="session")
def browser_context_args(
    browser_context_args: dict[str, object], base_url: str
) -> dict[str, object]:
    return {**browser_context_args, "base_url": base_url, "locale": "vi-VN"}
