"""The web app in Chromium: open a path of it as one of the demo's people, wait for a view, check what a
person reads there, keep a screenshot of it under ``artefacts/web/`` (git-ignored)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.async_api import Page, Response

from tests.dashboard.browser import WAIT_MS
from tests.web.scan import VISIBLE_TEXT, leaks

ARTEFACTS = Path(__file__).resolve().parents[2] / "artefacts" / "web"


@dataclass
class Opened:
    """A page of the app, what its console said and the answers of 400 or more it received."""

    page: Page
    console: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def note_refusal(self, answer: Response) -> None:
        if answer.status >= 400:
            self.refused.append(f"{answer.status} {answer.url}")

    async def ready(self, view: str) -> None:
        """Wait for the view's ``[data-ready=<view>]``; on timeout, fail with what the page showed."""
        try:
            await self.page.wait_for_selector(f'[data-ready="{view}"]', state="attached", timeout=WAIT_MS)
        except Exception as exc:  # noqa: BLE001 - Playwright's timeout: explained, then failed
            text = await self.page.evaluate("document.body?.innerText.slice(0, 300) ?? null")
            pytest.fail(
                f"the {view} view never got ready ({exc.__class__.__name__}); url {self.page.url}, text {text!r}, "
                f"refused {self.refused[-5:]}, console {self.console[-10:]}"
            )

    async def leaks(self) -> list[str]:
        """The Latin-letter words and identifiers a person reads on the page now."""
        return leaks(await self.page.evaluate(VISIBLE_TEXT))

    async def scrolls_sideways(self) -> bool:
        return bool(await self.page.evaluate("document.documentElement.scrollWidth > window.innerWidth"))

    async def screenshot(self, name: str) -> Path:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTEFACTS / f"{name}.png"
        await self.page.screenshot(path=str(path), full_page=True)
        return path


OpenApp = Callable[..., Awaitable[Opened]]
