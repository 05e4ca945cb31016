"""Schemathesis against every service's OpenAPI: generated requests, valid and invalid, never get a
5xx, and every answer matches what the OpenAPI says (status code and body).

Each service runs on the test stack (real PostgreSQL and broker), signed in as an admin so requests reach
the handlers (``harness``).
"""

from __future__ import annotations

import asyncio
import traceback
from typing import Any

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
from bastion.testing import TestStack
from tests.hostile.harness import Send, served_to_schemathesis

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
    async with served_to_schemathesis(stack, spec) as served:
        schema = schemathesis.openapi.from_dict(served.document)
        failures = await asyncio.to_thread(_fuzz_every_operation, schema, served.send)

    assert not failures, f"{len(failures)} operation(s) of {spec.name} failed:\n\n" + "\n\n".join(failures)


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


def _describe(exc: BaseException) -> str:
    if isinstance(exc, BaseExceptionGroup):
        return "\n".join(_describe(inner) for inner in exc.exceptions)
    return "".join(traceback.format_exception_only(exc)).strip()
