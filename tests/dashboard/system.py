"""The system the dashboard is tested against: the four services as processes (``bastion serve``) behind
the one address, Caddy running ``make run``'s routes (deploy/caddy/dev.Caddyfile), as a browser reaches
them: the page at ``/dashboard/`` and every API at ``/api/<service>/`` on the same origin.

People sign in at roster, whose session cookie the browser sends only to the page's own origin; the other
services check roster's tokens against its published keys (``AUTH_SESSION_JWKS_URL``), and roster signs
people in through the session's identity provider too, which sends them back to roster's callback at the
one address. A process's port is known only once it is made, so the services are started here rather
than by :func:`tests.faults.services.running_services`, whose settings are fixed before the ports.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bastion.devstack.processes import free_port
from bastion.devstack.proxy import EmbeddedProxy, upstream
from bastion.http.forwarded import api_prefix
from bastion.testing import ServiceProcess, TestStack
from bastion.testing.identity_provider import MockIdentityProvider
from bastion_demo.api import Api
from tests.faults.services import SPECS, Services


@dataclass
class OneAddress:
    """The services and the proxy in front of them."""

    services: Services
    proxy: EmbeddedProxy

    @property
    def origin(self) -> str:
        return self.proxy.url


@dataclass
class Demo:
    """The running system with the demo organisation: where things are, and an admin's token for the
    tests' own API calls (the page's people sign in with the demo's accounts)."""

    system: OneAddress
    token: str
    committee_id: str
    branch_ids: dict[str, str]  # name -> id, e.g. "四支部"
    apis: dict[str, Api] = field(default_factory=dict)  # admin clients of the four services
    identity_provider: MockIdentityProvider | None = None  # where roster lets people sign in too

    @property
    def services(self) -> Services:
        return self.system.services

    @property
    def timezone(self) -> str:
        """The organisation's time zone (the day a suggestion was decided on is reckoned in it)."""
        return self.services.settings["feedback"].timezone

    @property
    def dashboard_url(self) -> str:
        return f"{self.system.origin}/dashboard/"

    def api_url(self, service: str, path: str) -> str:
        """``path`` of ``service`` as the page calls it: through the one address."""
        return f"{self.system.origin}{api_prefix(service)}{path}"


def _own_settings(origin: str, roster_url: str, identity_provider: MockIdentityProvider) -> dict[str, dict[str, Any]]:
    """What each service is told besides the stack's settings: where the page finds the APIs (scoring),
    where people sign in (roster, and its identity provider's callback at the one address), whose keys the
    others check."""
    keys = {"auth_session_jwks_url": f"{roster_url}/auth/jwks"}
    return {
        "roster": {
            "oidc_issuer": identity_provider.issuer,
            "oidc_client_id": "bastion-dashboard-tests",
            "oidc_client_secret": "a-client-secret-for-tests",
            "oidc_redirect_url": f"{origin}{api_prefix('roster')}/auth/oidc/callback",
        },
        "activity": keys,
        "feedback": keys,
        "scoring": {**keys, "dashboard_services": {service: api_prefix(service) for service in SPECS}},
    }


@asynccontextmanager
async def dashboard_system(
    stack: TestStack, log_dir: Path, identity_provider: MockIdentityProvider
) -> AsyncIterator[OneAddress]:
    """The four services and, in front of them, the one address the browser opens."""
    databases = {name: await stack.settings_for(spec) for name, spec in SPECS.items()}
    processes = {name: ServiceProcess(name, databases[name], log_dir=log_dir) for name in SPECS}
    proxy = EmbeddedProxy(
        "127.0.0.1",
        free_port(),
        {name: upstream("127.0.0.1", process.port) for name, process in processes.items()},
        data_dir=log_dir / f"caddy-{processes['scoring'].port}",
        log_path=log_dir / f"proxy-{processes['scoring'].port}.log",
    )
    own = _own_settings(proxy.url, processes["roster"].url, identity_provider)
    for name, spec in SPECS.items():
        database_url = databases[name].require_database_url()
        processes[name].settings = await stack.settings_for(spec, database_url=database_url, **own[name])
    try:
        await asyncio.gather(*(process.started(timeout=60) for process in processes.values()))
        await asyncio.to_thread(proxy.start)
        yield OneAddress(Services({name: process.settings for name, process in processes.items()}, processes), proxy)
    finally:
        await asyncio.to_thread(proxy.stop)
        await asyncio.gather(*(asyncio.to_thread(process.stop) for process in processes.values()))
