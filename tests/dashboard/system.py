"""The system the dashboard is tested against: the four services as processes (``bastion serve``), set up
for the page that scoring serves, reached at one origin as behind the proxy.

People sign in at roster, whose session cookie the browser sends only to the page's own origin; so the
page finds every API at ``/api/<service>`` on that origin (scoring's ``dashboard_services``), and the other
services check roster's tokens against its published keys (``AUTH_SESSION_JWKS_URL``), as under
``bastion dev``. A process's port is known only once it is made, so the services are started here rather
than by :func:`tests.faults.services.running_services`, whose settings are fixed before the ports.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import BrowserContext, Route

from bastion.testing import ServiceProcess, TestStack
from bastion.testing.identity_provider import MockIdentityProvider
from bastion_demo.api import Api
from tests.faults.services import SPECS, Services

API_PREFIX = "/api/"


@dataclass
class Demo:
    """The running system with the demo organisation: where things are, and an admin's token for the
    tests' own API calls (the page's people sign in with the demo's accounts)."""

    services: Services
    token: str
    committee_id: str
    branch_ids: dict[str, str]  # name -> id, e.g. "四支部"
    apis: dict[str, Api] = field(default_factory=dict)  # admin clients of the four services
    identity_provider: MockIdentityProvider | None = None  # where roster lets people sign in too

    @property
    def timezone(self) -> str:
        """The organisation's time zone (the day a suggestion was decided on is reckoned in it)."""
        return self.services.settings["feedback"].timezone

    @property
    def origin(self) -> str:
        """The one origin the browser sees: the page and, under ``/api/<service>``, every API."""
        return self.services.urls["scoring"]

    @property
    def dashboard_url(self) -> str:
        return f"{self.origin}/dashboard/"

    def api_url(self, service: str, path: str) -> str:
        """``path`` of ``service`` as the page calls it (through the one origin)."""
        return f"{self.origin}{API_PREFIX}{service}{path}"

    def service_url(self, url: str) -> str | None:
        """Where the page's call to ``url`` (``<origin>/api/<service>/…``) reaches: the service at ``/…``;
        None for another address or service."""
        parts = urlsplit(url)
        if not url.startswith(f"{self.origin}{API_PREFIX}"):
            return None
        service, _, rest = parts.path.removeprefix(API_PREFIX).partition("/")
        base = self.services.urls.get(service)
        if base is None:
            return None
        return f"{base}/{rest}" + (f"?{parts.query}" if parts.query else "")


@asynccontextmanager
async def dashboard_services(
    stack: TestStack, log_dir: Path, identity_provider: MockIdentityProvider
) -> AsyncIterator[Services]:
    """The four services: scoring's page finds the APIs at ``/api/<service>`` (its own origin); activity,
    feedback and scoring check the tokens of people who signed in against roster's keys; roster signs people
    in through ``identity_provider`` too, coming back to its callback on the page's origin."""
    databases = {name: await stack.settings_for(spec) for name, spec in SPECS.items()}
    processes = {name: ServiceProcess(name, databases[name], log_dir=log_dir) for name in SPECS}
    origin = processes["scoring"].url
    own: dict[str, dict[str, Any]] = {
        "roster": {
            "oidc_issuer": identity_provider.issuer,
            "oidc_client_id": "bastion-dashboard-tests",
            "oidc_client_secret": "a-client-secret-for-tests",  # the mock provider takes any
            "oidc_redirect_url": f"{origin}{API_PREFIX}roster/auth/oidc/callback",
        },
        "scoring": {"dashboard_services": {service: f"{API_PREFIX}{service}" for service in SPECS}},
    }
    roster_keys = f"{processes['roster'].url}/auth/jwks"
    for name, spec in SPECS.items():
        if name != "roster":
            own.setdefault(name, {})["auth_session_jwks_url"] = roster_keys
        processes[name].settings = await stack.settings_for(
            spec, database_url=databases[name].require_database_url(), **own[name]
        )
    try:
        await asyncio.gather(*(process.started(timeout=60) for process in processes.values()))
        yield Services({name: process.settings for name, process in processes.items()}, processes)
    finally:
        await asyncio.gather(*(asyncio.to_thread(process.stop) for process in processes.values()))


async def route_apis_through_origin(context: BrowserContext, demo: Demo) -> None:
    """``/api/<service>/…`` on the page's origin reaches that service at ``/…``, as the proxy routes it.

    A stand-in for the proxy (Caddy, ``deploy/caddy/routes.caddy``) until the harness runs behind it: the
    browser still sees one origin, so its cookie rules (HttpOnly, SameSite=Strict, same-origin only) apply
    to the session exactly as they will there."""

    async def forward(route: Route) -> None:
        target = demo.service_url(route.request.url)
        if target is None:
            await route.fulfill(status=404, json={"error": "not_found", "message": "没有这个服务"})
            return
        await route.fulfill(response=await route.fetch(url=target, max_redirects=0))

    await context.route(f"{demo.origin}{API_PREFIX}**", forward)
