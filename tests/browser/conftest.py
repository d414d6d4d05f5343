"""Browser tests: the session's app served on a free loopback port, driven by the Debian Chromium
through Playwright at a phone's viewport. One browser per test session, a new context per test."""

import os
from pathlib import Path

import pytest

from tests.support import PASSWORD, wait_for

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium is missing at {CHROMIUM}"
        if os.environ.get("CI", "").lower() == "true":
            raise RuntimeError(message + ": the browser tests must run in CI")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser, live_server):
    context = browser.new_context(viewport=PHONE, base_url=live_server, locale="en-GB", timezone_id="Europe/Stockholm")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page


@pytest.fixture
def sign_in():
    """Sign in through the login screen; waits until the app shows its tab bar."""

    def go(page, user, path: str = "/log"):
        page.goto(f"/login?next={path}")
        page.fill("input[type=email]", user.email)
        page.fill("input[type=password]", PASSWORD)
        page.click("form button[type=submit]")
        page.wait_for_selector("#nav:not([hidden])")
        return page

    return go


def ring_minutes(page) -> int:
    return int(page.get_attribute("#week-ring", "data-minutes"))


def log_minutes(page, minutes: int, title: str, activity: str = "podcast") -> None:
    """Fill the quick-log form with a preset and a title, and log it."""
    page.click(f".preset[data-minutes='{minutes}']")
    page.select_option(".quick-log [data-field=activity] select", activity)
    page.fill(".quick-log [data-field=title] input", title)
    page.click(".quick-log button[type=submit]")


def wait_until(page, expression: str, timeout: float = 10.0):
    """Poll a JavaScript expression (or async arrow function) until it is truthy; returns its value.
    (Playwright's wait_for_function evaluates strings in the page, which the strict CSP forbids.)"""
    return wait_for(lambda: page.evaluate(expression), timeout=timeout, what=expression)


def settled(page) -> None:
    """The page has nothing left to load and nothing queued to run: whatever a screen would report
    (a Content Security Policy violation, say) has been reported."""
    page.wait_for_load_state("networkidle")
    page.evaluate("new Promise((resolve) => requestIdleCallback(() => setTimeout(resolve)))")
