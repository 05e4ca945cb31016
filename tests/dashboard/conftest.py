"""The dashboard in a real browser: the four services as processes with the demo organisation loaded,
once for the folder (see :mod:`tests.dashboard.system`), and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from playwright.async_api import Browser, BrowserContext, ViewportSize, async_playwright

from bastion.testing import TestStack
from bastion.testing.identity_provider import MockIdentityProvider
from bastion.testing.stack import DatabaseTemplates
from bastion_demo.accounts import DEMO_PASSWORD
from bastion_demo.api import Api
from bastion_demo.load import load
from bastion_demo.organisation import COMMITTEE_NAME
from tests.dashboard.browser import CHROMIUM, DESKTOP, WAIT_MS, OpenDashboard, Opened
from tests.dashboard.system import Demo, dashboard_system


@pytest.fixture(scope="package")
def chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make tools`")
    return CHROMIUM


@pytest_asyncio.fixture(scope="package", loop_scope="package")
async def demo(
    database_templates: DatabaseTemplates,
    kafka_bootstrap: str,
    signing_key_file: Path,
    test_work_dir: Path,
    identity_provider: MockIdentityProvider,
) -> AsyncIterator[Demo]:
    """The demo organisation loaded through the four services (a minute or two), with its accounts
    (committee, secretary4, member4), shared by the folder's tests; roster signs people in through the
    session's identity provider too."""
    stack = TestStack(database_templates, kafka_bootstrap, f"t{uuid.uuid4().hex[:10]}.", signing_key_file)
    try:
        async with dashboard_system(stack, test_work_dir, identity_provider) as system:
            services = system.services
            await asyncio.wait_for(load(services.urls, headers=services.admin), timeout=300)
            async with httpx.AsyncClient(timeout=30, headers=services.admin) as client:
                apis = {name: Api(client, url) for name, url in services.urls.items()}
                committees = await apis["roster"].get("/org-units", kind="party_committee", q=COMMITTEE_NAME)
                committee_id = committees["items"][0]["id"]
                branches = await apis["roster"].all_pages("/org-units", parent_id=committee_id, kind="branch")
                token = services.admin["Authorization"].removeprefix("Bearer ")
                branch_ids = {unit["name"]: unit["id"] for unit in branches}
                yield Demo(system, token, committee_id, branch_ids, apis, identity_provider)
    finally:
        await stack.close()


@pytest_asyncio.fixture(scope="package", loop_scope="package")
async def browser(chromium: Path) -> AsyncIterator[Browser]:
    """Debian's Chromium (``make tools``); Playwright's own browser downloads are not used."""
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=str(chromium), headless=True)
        try:
            yield launched
        finally:
            await launched.close()


async def sign_in(context: BrowserContext, demo: Demo, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in as ``username`` before the page opens: the browser context keeps roster's session cookie,
    and the page resumes that session (POST /auth/refresh) when it loads."""
    answer = await context.request.post(
        demo.api_url("roster", "/auth/login"), data={"username": username, "password": password}
    )
    assert answer.ok, f"{username} could not sign in: {answer.status} {await answer.text()}"


@pytest_asyncio.fixture(loop_scope="package")
async def open_dashboard(browser: Browser, demo: Demo) -> AsyncIterator[OpenDashboard]:
    """Open the dashboard at a hash route in a fresh browser context, signed in as ``user`` (a demo
    account; the committee's by default, None: not signed in), after ``prepare`` (e.g. routes that change
    what the browser receives); closed after the test."""
    contexts: list[BrowserContext] = []

    async def open_page(
        route: str = "",
        *,
        user: str | None = "committee",
        viewport: ViewportSize = DESKTOP,
        prepare: Callable[[BrowserContext], Awaitable[None]] | None = None,
    ) -> Opened:
        context = await browser.new_context(viewport=viewport)
        contexts.append(context)
        context.set_default_timeout(WAIT_MS)
        if user is not None:
            await sign_in(context, demo, user)
        if prepare is not None:
            await prepare(context)
        page = await context.new_page()
        opened = Opened(page, [])
        page.on("console", lambda message: opened.console.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: opened.console.append(f"pageerror: {error}"))
        page.on("response", opened.note_refusal)
        await page.goto(demo.dashboard_url + route)
        return opened

    try:
        yield open_page
    finally:
        for context in contexts:
            await context.unroute_all(behavior="ignoreErrors")  # calls still in flight end with the test
            await context.close()
