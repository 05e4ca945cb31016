"""A service's app running in the test's event loop, with its lifespan and an HTTP client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
from fastapi import APIRouter, FastAPI

from bastion.events.registry import EventRegistry
from bastion.http import create_app
from bastion.runtime import ServiceRuntime
from bastion.service import ServiceSpec
from bastion.settings import ServiceSettings
from bastion.testing.auth import bearer


@dataclass
class ServiceClient:
    app: FastAPI
    http: httpx.AsyncClient

    @property
    def runtime(self) -> ServiceRuntime:
        runtime: ServiceRuntime = self.app.state.runtime
        return runtime


@asynccontextmanager
async def running_service(spec: ServiceSpec, settings: ServiceSettings) -> AsyncIterator[ServiceClient]:
    """Start the service (relay, consumers) in this loop; stop it on exit. Its client signs in as an admin
    (when the settings name the embedded signing key); tests of other roles pass their own headers."""
    app = create_app(spec, settings)
    headers = bearer(settings) if settings.auth_signing_key_file else {}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=f"http://{spec.name}", headers=headers) as client:
            yield ServiceClient(app, client)


def bare_service_client(name: str, settings: ServiceSettings) -> httpx.AsyncClient:
    """A client of a service with no routes of its own: the kit's endpoints, middleware and error answers
    only, for tests of the kit's HTTP layer. Its lifespan does not run, so nothing connects anywhere."""
    spec = ServiceSpec(
        name=name,
        title=name,
        description="",
        default_port=8999,
        settings_type=type(settings),
        migrations="",
        routers=lambda: [APIRouter()],
        registry=EventRegistry(),
    )
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(spec, settings)), base_url="http://t")
