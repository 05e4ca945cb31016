"""Serving the dashboard: its page, its assets and where it finds each service's API.

The page is public (it holds no data); people sign in on it through roster (``/auth/…``), it keeps the
access token in memory only and calls the APIs with it, so every figure it shows is one the signed-in person
may read. Behind the one address (``/api/<service>``) its calls are same-origin, so the session cookie
reaches roster and no CORS is needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, JSONResponse

from bastion.errors import NotFoundError
from scoring.reads import ScoringRuntime

STATIC = Path(__file__).parent / "static"
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}
# The page changes with each release and is small: revalidate rather than risk a stale mix of modules.
_HEADERS = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}

router = APIRouter(prefix="/dashboard", tags=["dashboard"], include_in_schema=False)


def public_routers() -> Sequence[APIRouter]:
    return [router]


@router.get("/")
async def page() -> FileResponse:
    """The dashboard page (看板)."""
    return _asset("index.html")


@router.get("/config.json")
async def config(runtime: ScoringRuntime) -> JSONResponse:
    """Where the page finds each service's API (``SCORING_DASHBOARD_SERVICES``), and the organisation's
    time zone (the day a suggestion was answered on is reckoned in it)."""
    settings = runtime.settings
    return JSONResponse({"services": settings.dashboard_services, "timezone": settings.timezone}, headers=_HEADERS)


@router.get("/{asset:path}")
async def asset(asset: str) -> FileResponse:
    """The page's scripts and styles."""
    return _asset(asset)


def _asset(name: str) -> FileResponse:
    path = (STATIC / name).resolve()
    media_type = CONTENT_TYPES.get(path.suffix)
    if media_type is None or not path.is_relative_to(STATIC.resolve()) or not path.is_file():
        raise NotFoundError(f"看板没有这个文件：{name}", code="dashboard_asset_not_found")
    return FileResponse(path, media_type=media_type, headers=_HEADERS)
