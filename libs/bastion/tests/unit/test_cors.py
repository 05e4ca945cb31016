"""Browsers may call a service from the origins it lists (the scoring dashboard), and from no other."""

from __future__ import annotations

import httpx
import pytest

from bastion.settings import ServiceSettings, settings_config
from bastion.testing.apps import bare_service_client

DASHBOARD = "http://127.0.0.1:8004"


class _Settings(ServiceSettings):
    model_config = settings_config("corstest")


def _client(origins: list[str]) -> httpx.AsyncClient:
    settings = _Settings(database_url="postgresql://u:p@127.0.0.1:1/never", cors_allowed_origins=origins)
    return bare_service_client("corstest", settings)


async def _preflight(client: httpx.AsyncClient, origin: str) -> dict[str, str]:
    async with client:
        answer = await client.options(
            "/members",
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "authorization, x-api-key",
            },
        )
    return {k.lower(): v for k, v in answer.headers.items()}


async def test_a_preflight_from_an_allowed_origin_gets_the_cors_headers() -> None:
    headers = await _preflight(_client([DASHBOARD]), DASHBOARD)
    assert headers["access-control-allow-origin"] == DASHBOARD
    allowed_headers = headers["access-control-allow-headers"].lower()
    assert "authorization" in allowed_headers
    assert "x-api-key" in allowed_headers
    assert set(headers["access-control-allow-methods"].split(", ")) >= {"GET", "POST", "PUT", "PATCH", "DELETE"}


async def test_a_preflight_from_another_origin_gets_no_cors_headers() -> None:
    headers = await _preflight(_client([DASHBOARD]), "http://evil.example")
    assert "access-control-allow-origin" not in headers


async def test_without_allowed_origins_there_are_no_cors_headers() -> None:
    headers = await _preflight(_client([]), DASHBOARD)
    assert "access-control-allow-origin" not in headers


def test_the_origins_are_a_shared_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORS_ALLOWED_ORIGINS", f'["{DASHBOARD}"]')
    assert _Settings().cors_allowed_origins == [DASHBOARD]
