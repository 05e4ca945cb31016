"""Schemathesis against every service's OpenAPI: generated requests, valid and invalid, never get a
5xx, and every answer matches what the OpenAPI says (status code and body).

Each service runs on the test stack (real PostgreSQL and broker) in the test's event loop; Hypothesis
drives the cases from a worker thread and hands each request to that loop, so the service's engine and
producer stay on the loop that made them. Requests are signed in as an admin, so they reach the handlers.
"""

from __future__ import annotations

import asyncio
import traceback
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings, strategies
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from bastion.service import ServiceSpec, discover_services
from bastion.testing import TestStack, running_service
from bastion.testing.auth import bearer

SERVICES = discover_services()
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
# Examples per operation, valid and invalid mixed: ~130 operations in all, so this bounds the run time.
EXAMPLES = 12
FUZZING = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same cases every run: a failure here reproduces
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: the report carries the failing request
    suppress_health_check=list(HealthCheck),
)

Send = Callable[[schemathesis.Case], httpx.Response]

# Hypothesis checks that the global PRNG's state did not change during a draw; the service's own loop in
# the main thread (broker client, backoff jitter) uses it at the same time, which that check mistakes for
# a strategy using it.
pytestmark = [
    pytest.mark.slow,  # about two minutes and a half for the four services on two cores
    pytest.mark.filterwarnings(
        "ignore:Do not use the `random` module inside strategies:hypothesis.errors.HypothesisDeprecationWarning"
    ),
]


@pytest.mark.parametrize("spec", SERVICES.values(), ids=SERVICES.keys())
async def test_generated_requests_get_declared_answers_and_never_a_server_error(
    stack: TestStack, spec: ServiceSpec
) -> None:
    settings_ = await stack.settings_for(spec)
    admin = bearer(settings_)
    async with running_service(spec, settings_) as service:
        # Our own client on the same app, so that an unhandled error is a 500 to check rather than an
        # exception raised out of the transport.
        transport = httpx.ASGITransport(app=service.app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url=f"http://{spec.name}") as client:
            await _until_ready(client)
            loop = asyncio.get_running_loop()

            def send(case: schemathesis.Case) -> httpx.Response:
                request = _as_httpx(case.as_transport_kwargs(base_url=f"http://{spec.name}"), admin)
                return asyncio.run_coroutine_threadsafe(client.request(**request), loop).result(timeout=60)

            # Not `schemathesis.openapi.from_asgi`: its loader enters the app's lifespan on a loop of its own,
            # which would start a second relay and consumers and close the engine the service is using.
            document = (await client.get("/openapi.json")).raise_for_status().json()
            schema = schemathesis.openapi.from_dict(document)
            failures = await asyncio.to_thread(_fuzz_every_operation, schema, send)

    assert not failures, f"{len(failures)} operation(s) of {spec.name} failed:\n\n" + "\n\n".join(failures)


async def _until_ready(client: httpx.AsyncClient) -> None:
    """Until the consumers have their partitions: before that /readyz rightly answers 503."""
    for _ in range(200):
        if (await client.get("/readyz")).status_code == 200:
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the service did not become ready")


def _fuzz_every_operation(schema: Any, send: Send) -> list[str]:
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        strategy = strategies.one_of(
            operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)
        )

        @FUZZING
        @given(case=strategy)
        def fuzz(case: schemathesis.Case) -> None:
            response = send(case)
            case.validate_response(response, checks=CHECKS)

        try:
            fuzz()
        # Schemathesis' FailureGroup is a BaseExceptionGroup, not an Exception.
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - every operation's failures go into one report
            failures.append(f"=== {operation.label}\n{_describe(exc)}")
    return failures


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


def _describe(exc: BaseException) -> str:
    if isinstance(exc, BaseExceptionGroup):
        return "\n".join(_describe(inner) for inner in exc.exceptions)
    return "".join(traceback.format_exception_only(exc)).strip()
