"""The web app in Chromium: the dashboard tests' page (what its console said, the refusals it met), waiting
for a view of the app, reading what a person sees there, and its screenshots under ``artefacts/web/``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from tests.dashboard.browser import WAIT_MS
from tests.dashboard.browser import Opened as OpenedPage
from tests.web.scan import VISIBLE_TEXT, leaks

ARTEFACTS = Path(__file__).resolve().parents[2] / "artefacts" / "web"
SIDEWAYS = "document.documentElement.scrollWidth > window.innerWidth"


class Opened(OpenedPage):
    """A page of the app: its views say ``data-ready="<route name>"`` once they show their data."""

    async def ready(self, view: str) -> None:
        try:
            await self.page.wait_for_selector(f'[data-ready="{view}"]', state="attached", timeout=WAIT_MS)
        except Exception as exc:  # noqa: BLE001 - Playwright's timeout: explained, then failed
            pytest.fail(f"the {view} view never got ready ({exc.__class__.__name__}); {await self.state()}")

    async def leaks(self) -> list[str]:
        """The Latin-letter words and identifiers a person reads on the page now."""
        return leaks(await self.page.evaluate(VISIBLE_TEXT))

    async def scrolls_sideways(self) -> bool:
        return bool(await self.page.evaluate(SIDEWAYS))

    async def screenshot(self, name: str) -> Path:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        await self.page.screenshot(path=ARTEFACTS / f"{name}.png", full_page=True)
        return ARTEFACTS / f"{name}.png"


OpenApp = Callable[..., Awaitable[Opened]]
