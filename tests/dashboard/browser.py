"""A dashboard page in Chromium (Playwright), with what its console said, waits and screenshots."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.async_api import Page, Response, ViewportSize

CHROMIUM = Path("/usr/bin/chromium")
ARTEFACTS = Path(__file__).resolve().parents[2] / "artefacts" / "dashboard"
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
WAIT_MS = 30_000  # a view's API calls and drawing, on two busy cores


@dataclass
class Opened:
    """A page, what its browser console said (errors help to explain a view that never got ready) and the
    answers of 400 or more it received (``status url``)."""

    page: Page
    console: list[str]
    refused: list[str] = field(default_factory=list)

    async def ready(self, view: str) -> None:
        """Wait for ``body[data-ready=<view>]``; on timeout, fail with what the page showed instead."""
        try:
            await self.page.wait_for_selector(f'body[data-ready="{view}"]', state="attached", timeout=WAIT_MS)
        except Exception as exc:  # noqa: BLE001 - Playwright's timeout: explained, then failed
            pytest.fail(f"the {view} view never got ready ({exc.__class__.__name__}); {await self.state()}")

    def note_refusal(self, answer: Response) -> None:
        if answer.status >= 400:
            self.refused.append(f"{answer.status} {answer.url}")

    async def signing_in(self) -> None:
        """Wait for the sign-in screen; on timeout, fail with what the page showed instead."""
        try:
            await self.page.locator("#sign-in-form").wait_for(state="visible", timeout=WAIT_MS)
        except Exception as exc:  # noqa: BLE001 - Playwright's timeout: explained, then failed
            pytest.fail(f"the sign-in screen never showed ({exc.__class__.__name__}); {await self.state()}")

    async def state(self) -> str:
        ready = await self.page.evaluate("document.body && document.body.dataset.ready")
        error = await self.page.evaluate("document.querySelector('#error')?.innerText ?? null")
        text = await self.page.evaluate("document.body?.innerText.slice(0, 300) ?? null")
        return (
            f"url {self.page.url}, body[data-ready]={ready!r}, #error={error!r}, text {text!r}, "
            f"refused: {self.refused[-5:]}, console: {self.console[-10:]}"
        )

    async def screenshot(self, name: str) -> Path:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTEFACTS / f"{name}.png"
        await self.page.screenshot(path=str(path), full_page=True)
        return path


OpenDashboard = Callable[..., Awaitable[Opened]]
