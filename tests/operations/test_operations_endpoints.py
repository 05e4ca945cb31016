"""Every service answers /healthz, /readyz, /metrics and /docs, and says why it is not ready."""

from __future__ import annotations

import asyncio
import re
from html.parser import HTMLParser

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bastion.devstack import EmbeddedBroker, free_port
from bastion.service import ServiceSpec, discover_services
from bastion.testing import TestStack, running_service

SERVICES = discover_services()
CONTENT_TYPES = {".js": "javascript", ".css": "text/css", ".png": "image/png"}


class _Loads(HTMLParser):
    """Every address a page loads: scripts, styles, icons, and ReDoc's OpenAPI document."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [value for name, value in attrs if name in ("src", "href", "spec-url") and value]


def loaded_by(page: str) -> list[str]:
    parser = _Loads()
    parser.feed(page)
    # Swagger UI is told where the OpenAPI document is in its script: `url: '/openapi.json'`.
    return parser.found + re.findall(r"""\burl:\s*['"]([^'"]+)['"]""", page)


async def docs_pages(http: httpx.AsyncClient) -> tuple[dict[str, str], dict[str, httpx.Response]]:
    """The documentation pages, and the answers to what they load (the OpenAPI document aside)."""
    pages = {path: (await http.get(path)).text for path in ("/docs", "/redoc")}
    wanted = {address for page in pages.values() for address in loaded_by(page)}
    return pages, {address: await http.get(address) for address in sorted(wanted - {"/openapi.json"})}


@pytest.mark.parametrize("spec", SERVICES.values(), ids=SERVICES.keys())
async def test_service_answers_its_operations_endpoints(stack: TestStack, spec: ServiceSpec) -> None:
    async with running_service(spec, await stack.settings_for(spec)) as service:
        consumes = bool(service.runtime.consumers)
        health = await service.http.get("/healthz")
        for _ in range(100):  # a consumer is ready once it has its partitions
            ready = await service.http.get("/readyz")
            if ready.status_code == 200:
                break
            await asyncio.sleep(0.1)
        pages, assets = await docs_pages(service.http)
        openapi = await service.http.get("/openapi.json")
        metrics = await service.http.get("/metrics")

    assert health.status_code == 200
    assert health.json() == {"status": "ok", "service": spec.name}
    assert ready.status_code == 200, ready.text
    expected = {"database": "ok", "broker": "ok", "background_tasks": "ok"}
    if consumes:
        expected["consumers"] = "ok"
    assert ready.json() == {"status": "ready", "checks": expected}
    # The documentation pages work without internet: everything they load comes from the service itself.
    for path, page in pages.items():
        assert not re.search(r"https?:", page), f"{path} loads from another origin"
        assert "/openapi.json" in loaded_by(page), path
    assert {address[address.rfind(".") :] for address in assets} == set(CONTENT_TYPES), assets
    for address, answer in assets.items():
        assert re.match(r"/[^/]", address), f"{address} is not on the service's own origin"
        assert answer.status_code == 200, address
        assert CONTENT_TYPES[address[address.rfind(".") :]] in answer.headers["content-type"], address
    assert openapi.json()["info"]["title"] == spec.title
    assert metrics.headers["content-type"].startswith("text/plain")
    families = {family.name: family for family in text_string_to_metric_families(metrics.text)}
    requests = families["bastion_http_requests"]
    assert any(
        sample.labels == {"method": "GET", "route": "/healthz", "status": "200"} and sample.value == 1
        for sample in requests.samples
    )
    assert "bastion_outbox_pending_events" in families


async def test_readiness_names_the_broker_when_it_is_down(stack: TestStack, own_broker: EmbeddedBroker) -> None:
    roster = SERVICES["roster"]
    settings = await stack.settings_for(roster, kafka_bootstrap_servers=own_broker.bootstrap_servers)
    async with running_service(roster, settings) as service:
        assert (await service.http.get("/readyz")).status_code == 200
        own_broker.stop()
        answer = await service.http.get("/readyz")
        alive = await service.http.get("/healthz")

    assert answer.status_code == 503
    checks = answer.json()["checks"]
    assert checks["database"] == "ok"
    assert own_broker.bootstrap_servers in checks["broker"]
    assert "unreachable" in checks["broker"]
    assert alive.status_code == 200


async def test_readiness_names_the_database_when_it_is_unreachable(stack: TestStack) -> None:
    roster = SERVICES["roster"]
    nowhere = f"postgresql://postgres@127.0.0.1:{free_port()}/nothing"
    async with running_service(roster, await stack.settings_for(roster, database_url=nowhere)) as service:
        answer = await service.http.get("/readyz")

    assert answer.status_code == 503
    database = answer.json()["checks"]["database"]
    assert database != "ok"
    assert database  # a reason, not an empty string


async def test_unknown_paths_get_a_json_404(stack: TestStack) -> None:
    roster = SERVICES["roster"]
    async with running_service(roster, await stack.settings_for(roster)) as service:
        answer = await service.http.get("/no/such/thing")

    assert answer.status_code == 404
    assert answer.json()["error"] == "http_error"
