"""The web app in a real browser against the four services with the demo organisation, behind the one
address that serves the app's build (web/dist, `make web`). The system, the browser and the way a test
signs in before the page opens are the dashboard tests' (tests/dashboard), started once for this folder."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from playwright.async_api import Browser, BrowserContext, ViewportSize

from bastion.devstack.proxy import WEB_DIST
from tests.dashboard.browser import DESKTOP, WAIT_MS
from tests.dashboard.conftest import browser, chromium, demo, sign_in  # noqa: F401 - the same system and browser
from tests.dashboard.system import Demo
from tests.web.browser import OpenApp, Opened


@pytest.fixture(scope="package")
def built() -> None:
    if not (WEB_DIST / "index.html").is_file():
        pytest.fail(f"{WEB_DIST} has no build: run `make web`")


@pytest_asyncio.fixture(loop_scope="package")
async def open_app(browser: Browser, demo: Demo, built: None) -> AsyncIterator[OpenApp]:  # noqa: F811
    """Open ``path`` of the app in a fresh browser context, as ``user`` (a demo account whose session
    cookie the browser holds, so the app resumes it; None: nobody signed in) at ``viewport``."""
    contexts: list[BrowserContext] = []

    async def open_page(path: str = "/", *, user: str | None = None, viewport: ViewportSize = DESKTOP) -> Opened:
        context = await browser.new_context(viewport=viewport)
        contexts.append(context)
        context.set_default_timeout(WAIT_MS)
        if user:
            await sign_in(context, demo, user)
        opened = Opened(await context.new_page(), [])
        opened.page.on("console", lambda message: opened.console.append(f"{message.type}: {message.text}"))
        opened.page.on("pageerror", lambda error: opened.console.append(f"pageerror: {error}"))
        opened.page.on("response", opened.note_refusal)
        await opened.page.goto(demo.system.origin + path)
        return opened

    try:
        yield open_page
    finally:
        for context in contexts:
            await context.close()
