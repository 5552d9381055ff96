"""Browser tests: Playwright driving Debian's chromium (headless), every
request outside 127.0.0.1 blocked, against the running assistant."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Dialog, Page, expect, sync_playwright

from charging_host.catalogue import translate
from scripts.stack import ROOT
from tests.outbox import latest_login_code

WIDGET_TEXTS = ROOT / "web" / "widget_texts.yml"

SCREENSHOTS = ROOT / "var" / "test-reports" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
    "--disable-background-networking",
    "--disable-component-update",
]


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if not executable:
        pytest.fail("Debian's chromium is missing: scripts/test.sh installs it (apt-get install chromium)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def only_local(route):
    host = urlsplit(route.request.url).hostname
    if host in ("127.0.0.1", "localhost"):
        route.continue_()
    else:
        route.abort("blockedbyclient")


@pytest.fixture
def new_context(browser):
    contexts = []

    def make(**options):
        context = browser.new_context(**options)
        context.route("**/*", only_local)
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


class Widget:
    """A person using the chat widget on the support page."""

    def __init__(self, page: Page, stack, language: str = "en"):
        self.page = page
        self.stack = stack
        self.language = language
        self.dialogs: list[str] = []
        page.on("dialog", self._on_dialog)

    def _on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def label(self, key: str) -> str:
        """One of the widget's own words (web/widget_texts.yml) in the page's language."""
        english = yaml.safe_load(WIDGET_TEXTS.read_text(encoding="utf-8"))[key]
        return translate("widget", key, english, self.language)

    def open(self) -> Widget:
        self.page.goto(self.stack.web_url + "/")
        self.page.get_by_role("button", name=self.label("launcher")).click()
        self.wait_for_reply(0)
        return self

    @property
    def replies(self):
        return self.page.locator('.chat-message[data-author="assistant"], .chat-message[data-author="agent"]')

    def wait_for_reply(self, before: int, timeout: float = 60) -> str:
        """Wait until new replies arrived and stopped coming; their text."""
        expect(self.replies).not_to_have_count(before, timeout=timeout * 1000)
        count, settled = self.replies.count(), time.monotonic()
        while time.monotonic() - settled < 1.2:
            time.sleep(0.2)
            if self.replies.count() != count:
                count, settled = self.replies.count(), time.monotonic()
        return "\n".join(self.replies.nth(i).inner_text() for i in range(before, count))

    def say(self, text: str) -> str:
        before = self.replies.count()
        box = self.page.get_by_label(self.label("input_label"))
        box.fill(text)
        box.press("Enter")
        return self.wait_for_reply(before)

    def click(self, title: str) -> str:
        before = self.replies.count()
        self.page.locator(
            ".chat-buttons button:enabled", has_text=re.compile("^" + re.escape(title) + "$")
        ).last.click()
        return self.wait_for_reply(before)

    def log_in(self, email: str) -> str:
        self.say(email)
        return self.say(latest_login_code(self.stack.outbox, email))

    def screenshot(self, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path
