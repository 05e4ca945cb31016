"""The dashboard (看板) is scoring's to serve: a page whose every asset comes from scoring itself, the
scripts and styles with their content types, and config.json saying where each service's API is."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest

from bastion.http.app import create_app
from scoring.main import SERVICE
from scoring.settings import ScoringSettings

SERVICES = {
    "roster": "http://127.0.0.1:18001",
    "activity": "http://127.0.0.1:18002",
    "feedback": "http://127.0.0.1:18003",
    "scoring": "http://127.0.0.1:18004",
}
# The only absolute URL allowed in the assets: a namespace name, never fetched.
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
REFERENCE = re.compile(r"""(?:src|href)="([^"#]+)"|from\s+"([^"]+)"|import\s+"([^"]+)"|url\(([^)]+)\)""")


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    # The page and its assets need no database: the app is not started (no lifespan), nothing connects.
    settings = ScoringSettings(
        database_url="postgresql://scoring:unused@127.0.0.1:1/unused",
        dashboard_services=SERVICES,
        timezone="Asia/Shanghai",
    )
    app = create_app(SERVICE, settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://scoring") as client:
        yield client


def _references(text: str) -> list[str]:
    """What a file loads by address (inline ``data:`` URLs load nothing)."""
    found = [next(g for g in groups if g).strip("'\"") for groups in REFERENCE.findall(text)]
    return [reference for reference in found if not reference.startswith("data:")]


async def _crawl(http: httpx.AsyncClient) -> dict[str, httpx.Response]:
    """Every file the page loads, following index.html's links and the modules' imports."""
    seen: dict[str, httpx.Response] = {}
    waiting = ["http://scoring/dashboard/"]
    while waiting:
        url = waiting.pop()
        if url in seen:
            continue
        answer = await http.get(url)
        seen[url] = answer
        for reference in _references(answer.text):
            resolved = str(httpx.URL(url).join(reference))
            assert resolved.startswith("http://scoring/dashboard/"), f"{url} refers to {reference} elsewhere"
            waiting.append(resolved)
    return seen


async def test_the_page_and_every_asset_it_loads_are_served_by_scoring(http: httpx.AsyncClient) -> None:
    files = await _crawl(http)
    assert files["http://scoring/dashboard/"].headers["content-type"] == "text/html; charset=utf-8"
    expected = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
    for url, answer in files.items():
        assert answer.status_code == 200, url
        suffix = url[url.rfind(".") :]
        if suffix in expected:
            assert answer.headers["content-type"] == expected[suffix], url
    found = {url.removeprefix("http://scoring/dashboard/") for url in files}
    assert {"dashboard.css", "js/main.js", "js/charts/radar.js", "js/views/committee.js"} <= found


async def test_nothing_the_page_loads_names_another_host(http: httpx.AsyncClient) -> None:
    for url, answer in (await _crawl(http)).items():
        absolute = set(re.findall(r"https?://[^\s\"'`)]+", answer.text)) - {SVG_NAMESPACE}
        assert not absolute, f"{url} names {absolute}"


async def test_config_says_where_each_service_is(http: httpx.AsyncClient) -> None:
    answer = await http.get("/dashboard/config.json")
    assert answer.status_code == 200
    assert answer.json() == {"services": SERVICES, "timezone": "Asia/Shanghai"}


async def test_the_page_carries_the_contract_the_browser_tests_use(http: httpx.AsyncClient) -> None:
    page = (await http.get("/dashboard/")).text
    elements = ('id="error"', 'id="sign-in-form"', 'id="username"', 'id="password"', 'id="password-form"')
    for element in (*elements, 'id="sign-out"', 'id="who-role"', 'id="lang"', 'id="why-panel"'):
        assert element in page


@pytest.mark.parametrize(
    "path", ["/dashboard/../settings.py", "/dashboard/%2e%2e/routes.py", "/dashboard/routes.py", "/dashboard/nope.js"]
)
async def test_only_the_static_assets_are_served(http: httpx.AsyncClient, path: str) -> None:
    assert (await http.get(path)).status_code == 404
