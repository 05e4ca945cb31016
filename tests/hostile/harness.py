"""A service served to Schemathesis: on the test stack, in the test's event loop, signed in as an admin.

Hypothesis drives the cases from a worker thread and hands each request to the test's loop, so the
service's engine and producer stay on the loop that made them. Not ``schemathesis.openapi.from_asgi``: its
loader enters the app's lifespan on a loop of its own, which would start a second relay and consumers and
close the engine the service is using.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import schemathesis

from bastion.service import ServiceSpec
from bastion.testing import ServiceClient, TestStack, running_service
from bastion.testing.auth import bearer

Send = Callable[[schemathesis.Case], httpx.Response]


@dataclass(frozen=True)
class Served:
    service: ServiceClient
    send: Send  # from a worker thread: one case, answered by the service
    document: dict[str, Any]  # its OpenAPI document


@contextlib.asynccontextmanager
async def served_to_schemathesis(stack: TestStack, spec: ServiceSpec) -> AsyncIterator[Served]:
    settings = await stack.settings_for(spec)
    admin = bearer(settings)
    async with running_service(spec, settings) as service:
        # Our own client on the same app, so that an unhandled error is a 500 to check rather than an
        # exception raised out of the transport.
        transport = httpx.ASGITransport(app=service.app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url=f"http://{spec.name}") as client:
            await _until_ready(client)
            loop = asyncio.get_running_loop()

            def send(case: schemathesis.Case) -> httpx.Response:
                request = _as_httpx(case.as_transport_kwargs(base_url=f"http://{spec.name}"), admin)
                return asyncio.run_coroutine_threadsafe(client.request(**request), loop).result(timeout=60)

            document = (await client.get("/openapi.json")).raise_for_status().json()
            yield Served(service, send, document)


async def _until_ready(client: httpx.AsyncClient) -> None:
    """Until the consumers have their partitions: before that /readyz rightly answers 503."""
    for _ in range(200):
        if (await client.get("/readyz")).status_code == 200:
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the service did not become ready")


def _as_httpx(kwargs: dict[str, Any], admin: dict[str, str]) -> dict[str, Any]:
    """The requests-style arguments Schemathesis serialises a case to, as httpx arguments, signed in as
    an admin (generated credentials would only ever get a 401)."""
    headers = {k: v for k, v in kwargs.get("headers", {}).items() if k.lower() not in ("authorization", "x-api-key")}
    headers.update(admin)
    cookies = kwargs.get("cookies") or {}
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    request: dict[str, Any] = {
        "method": kwargs["method"],
        "url": kwargs["url"],
        "headers": headers,
        "params": kwargs.get("params"),
    }
    if "json" in kwargs:
        request["json"] = kwargs["json"]
    elif "data" in kwargs:  # a form is a dict; anything else is the raw body
        data = kwargs["data"]
        key = "data" if isinstance(data, dict) else "content"
        request[key] = data.encode() if isinstance(data, str) else data
    return request
