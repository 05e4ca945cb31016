"""The web app in a real browser against the four services with the demo organisation, behind the one
address that serves the app's build (web/dist, `make web`). The system and the browser are the dashboard
tests' (tests/dashboard), started once for this folder."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
import pytest_asyncio
from playwright.async_api import Browser, BrowserContext, ViewportSize

from bastion.devstack.proxy import WEB_DIST
from bastion_demo.accounts import DEMO_PASSWORD
from tests.dashboard.browser import DESKTOP, WAIT_MS
from tests.dashboard.conftest import browser, chromium, demo  # noqa: F401 - the same system and browser
from tests.dashboard.system import Demo
from tests.web.browser import OpenApp, Opened


@pytest.fixture(scope="package")
def built() -> None:
    if not (WEB_DIST / "index.html").is_file():
        pytest.fail(f"{WEB_DIST} has no build: run `make web`")


async def signed_in(context: BrowserContext, system: Demo, username: str) -> None:
    """The browser holds ``username``'s session cookie; the app resumes the session when it loads."""
    answer = await context.request.post(
        system.api_url("roster", "/auth/login"), data={"username": username, "password": DEMO_PASSWORD}
    )
    assert answer.ok, f"{username} could not sign in: {answer.status} {await answer.text()}"


@pytest_asyncio.fixture(loop_scope="package")
async def open_app(browser: Browser, demo: Demo, built: None) -> AsyncIterator[OpenApp]:  # noqa: F811
    """Open ``path`` of the app in a fresh browser context, as ``user`` (a demo account; None: nobody
    signed in), at ``viewport``, after ``prepare``; closed after the test."""
    contexts: list[BrowserContext] = []

    async def open_page(
        path: str = "/",
        *,
        user: str | None = None,
        viewport: ViewportSize = DESKTOP,
        prepare: Callable[[BrowserContext], Awaitable[None]] | None = None,
    ) -> Opened:
        context = await browser.new_context(viewport=viewport)
        contexts.append(context)
        context.set_default_timeout(WAIT_MS)
        if user is not None:
            await signed_in(context, demo, user)
        if prepare is not None:
            await prepare(context)
        page = await context.new_page()
        opened = Opened(page)
        page.on("console", lambda message: opened.console.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: opened.console.append(f"pageerror: {error}"))
        page.on("response", opened.note_refusal)
        await page.goto(demo.system.origin + path)
        return opened

    try:
        yield open_page
    finally:
        for context in contexts:
            await context.unroute_all(behavior="ignoreErrors")
            await context.close()
