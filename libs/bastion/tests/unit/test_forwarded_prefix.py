"""Behind the one address (``/api/<service>/…``, the prefix stripped and named in X-Forwarded-Prefix), a
service's API documentation leads back through the proxy; a prefix that is not the service's own is ignored."""

from __future__ import annotations

import re

import httpx

from bastion.http.forwarded import api_prefix
from bastion.settings import ServiceSettings, settings_config
from bastion.testing.apps import bare_service_client

PREFIX = api_prefix("prefixtest")
THROUGH_THE_PROXY = {"X-Forwarded-Prefix": PREFIX}


class _Settings(ServiceSettings):
    model_config = settings_config("prefixtest")


def _client() -> httpx.AsyncClient:
    settings = _Settings(database_url="postgresql://u:p@127.0.0.1:1/never")
    return bare_service_client("prefixtest", settings)


def _links(page: str) -> set[str]:
    return set(re.findall(r"""(?:url|href|src)\s*[:=]\s*['"]([^'"]+)['"]""", page))


async def test_the_docs_page_behind_the_proxy_loads_everything_through_it() -> None:
    async with _client() as client:
        page = (await client.get("/docs", headers=THROUGH_THE_PROXY)).text
        links = _links(page)
        assert f"{PREFIX}/openapi.json" in links
        assets = {link for link in links if "/docs/assets/" in link}
        assert assets
        assert all(link.startswith(f"{PREFIX}/docs/assets/") for link in assets)
        # The proxy strips the prefix again before the service sees the asset's path.
        for link in assets:
            answer = await client.get(link.removeprefix(PREFIX), headers=THROUGH_THE_PROXY)
            assert answer.status_code == 200, link


async def test_the_openapi_document_behind_the_proxy_names_it_as_the_server() -> None:
    async with _client() as client:
        behind = (await client.get("/openapi.json", headers=THROUGH_THE_PROXY)).json()
        direct = (await client.get("/openapi.json")).json()
    assert behind["servers"] == [{"url": PREFIX}]
    assert "servers" not in direct, "asked directly, the service is at its root"


async def test_a_prefix_that_is_not_the_services_own_is_ignored() -> None:
    async with _client() as client:
        page = (await client.get("/docs", headers={"X-Forwarded-Prefix": "/elsewhere"})).text
        document = (await client.get("/openapi.json", headers={"X-Forwarded-Prefix": "/elsewhere"})).json()
    assert "/openapi.json" in _links(page)
    assert "servers" not in document
